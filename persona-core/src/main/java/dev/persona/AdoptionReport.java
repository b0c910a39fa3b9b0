package dev.persona;

import dev.persona.internal.Check;

/**
 * What an adoption did: legacy personalizations (written before Persona, so without a fingerprint)
 * stamped with the current fingerprint, without a model call, so that they count as up to date until
 * the prompt, the model, the learner's answers or the lesson really change.
 *
 * @param courseSlug the course
 * @param learners learners looked at
 * @param adopted personalizations stamped
 * @param notAdoptable legacy personalizations left for regeneration (incomplete, or not in the
 *     course's language)
 */
public record AdoptionReport(String courseSlug, int learners, int adopted, int notAdoptable) {

  /**
   * Validates the report.
   *
   * @throws ValidationException if a count is negative
   */
  public AdoptionReport {
    Check.required(courseSlug, "courseSlug");
    if (learners < 0 || adopted < 0 || notAdoptable < 0) {
      throw ValidationException.of("counts", "must not be negative");
    }
  }

  AdoptionReport plus(AdoptionReport other) {
    return new AdoptionReport(courseSlug, learners + other.learners, adopted + other.adopted,
        notAdoptable + other.notAdoptable);
  }
}

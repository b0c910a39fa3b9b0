package dev.persona;

import dev.persona.LessonResult.Outcome;
import dev.persona.internal.Check;
import dev.persona.llm.TokenUsage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a regeneration of one learner's course did, lesson by lesson.
 *
 * @param profileId the learner's profile
 * @param userIdentifier the learner
 * @param courseSlug the course
 * @param lessons one result per lesson, by lesson number
 * @param usage tokens spent, over all lessons
 * @param elapsed wall-clock time of the run
 */
public record RegenerationReport(
    UUID profileId,
    String userIdentifier,
    String courseSlug,
    List<LessonResult> lessons,
    TokenUsage usage,
    Duration elapsed) {

  /**
   * Validates and copies.
   *
   * @throws ValidationException if a value is missing
   */
  public RegenerationReport {
    Check.id(profileId, "profileId");
    Check.required(userIdentifier, "userIdentifier");
    Check.required(courseSlug, "courseSlug");
    lessons = List.copyOf(Check.required(lessons, "lessons"));
    Check.required(usage, "usage");
    Check.required(elapsed, "elapsed");
  }

  /**
   * How many lessons had an outcome.
   *
   * @param outcome the outcome
   * @return the count
   */
  public int count(Outcome outcome) {
    return (int) lessons.stream().filter(l -> l.outcome() == outcome).count();
  }

  /**
   * The count of every outcome.
   *
   * @return outcome to count, for every outcome
   */
  public Map<Outcome, Integer> counts() {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      counts.put(o, count(o));
    }
    return counts;
  }

  /**
   * Whether any lesson failed.
   *
   * @return true if at least one lesson is {@link Outcome#FAILED}
   */
  public boolean hasFailures() {
    return count(Outcome.FAILED) > 0;
  }

  /**
   * Whether every lesson is done: none failed, fell back to a degraded fallback, or was not sent.
   *
   * @return true when a rerun with nothing changed would find nothing to do
   */
  public boolean isComplete() {
    return count(Outcome.FAILED) + count(Outcome.DEGRADED) + count(Outcome.NOT_SENT) == 0;
  }

  /**
   * Provider calls made, counting retries of answers (re-asks) but not transport retries.
   *
   * @return the number of answers requested
   */
  public int attempts() {
    return lessons.stream().mapToInt(LessonResult::attempts).sum();
  }
}

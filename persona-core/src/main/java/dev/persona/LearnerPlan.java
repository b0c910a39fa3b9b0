package dev.persona;

import dev.persona.PlannedLesson.Action;
import dev.persona.internal.Check;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A dry run for one learner: what a regeneration would do with each lesson and why, how many
 * legacy personalizations could be adopted without a call, and which survey answers look like codes
 * the vocabulary does not know (they are left out of prompts).
 *
 * @param profileId the learner's profile
 * @param userIdentifier the learner
 * @param courseSlug the course
 * @param lessons one line per lesson, by number
 * @param unknownCodes question key to answers that look like codes but are not in the vocabulary
 */
public record LearnerPlan(UUID profileId, String userIdentifier, String courseSlug, List<PlannedLesson> lessons,
    Map<String, List<String>> unknownCodes) {

  /**
   * Validates and copies.
   *
   * @throws ValidationException if a value is missing
   */
  public LearnerPlan {
    Check.id(profileId, "profileId");
    Check.required(userIdentifier, "userIdentifier");
    Check.required(courseSlug, "courseSlug");
    lessons = List.copyOf(Check.required(lessons, "lessons"));
    Map<String, List<String>> copy = new LinkedHashMap<>();
    Check.required(unknownCodes, "unknownCodes").forEach((k, v) -> copy.put(k, List.copyOf(v)));
    unknownCodes = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * How many lessons would get an action.
   *
   * @param action the action
   * @return the count
   */
  public int count(Action action) {
    return (int) lessons.stream().filter(l -> l.action() == action).count();
  }

  /**
   * How many lessons hold a legacy personalization that {@link PersonalizationService#adopt} would
   * keep without a call.
   *
   * @return the count
   */
  public int adoptable() {
    return (int) lessons.stream().filter(PlannedLesson::adoptable).count();
  }
}

package dev.persona.model;

import dev.persona.internal.Check;
import java.util.List;

/**
 * A learner's course as they see it: every lesson in order, each with its personalization or none.
 *
 * @param profile the learner
 * @param course the course
 * @param lessons every lesson of the course, by number
 */
public record PersonalizedCourse(Profile profile, Course course, List<PersonalizedLesson> lessons) {

  /**
   * Validates and copies.
   *
   * @throws dev.persona.ValidationException if a value is missing
   */
  public PersonalizedCourse {
    Check.required(profile, "profile");
    Check.required(course, "course");
    lessons = List.copyOf(Check.required(lessons, "lessons"));
  }

  /**
   * How many lessons have a personalization.
   *
   * @return the count
   */
  public long personalizedCount() {
    return lessons.stream().filter(l -> l.personalization() != null).count();
  }
}

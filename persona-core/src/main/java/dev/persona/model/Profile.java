package dev.persona.model;

import dev.persona.internal.Check;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A learner enrolled in one course: a row of {@code profiles}. A learner in several courses has one
 * profile per course, found by ({@link #userIdentifier()}, {@link #courseSlug()}).
 *
 * @param id the primary key
 * @param userIdentifier the learner's id in the host's world (for example a GetCourse uid)
 * @param name the learner's name as they want to be addressed, or {@code null}
 * @param courseSlug the course's slug
 * @param survey the learner's survey answers
 */
public record Profile(UUID id, String userIdentifier, @Nullable String name, String courseSlug, Survey survey) {

  /** The longest user identifier accepted. */
  public static final int MAX_USER_IDENTIFIER_LENGTH = 200;
  /** The longest name accepted. */
  public static final int MAX_NAME_LENGTH = 200;

  /**
   * Validates the profile.
   *
   * @throws dev.persona.ValidationException if a required value is missing or blank, or too long
   */
  public Profile {
    Check.id(id, "profile.id");
    Check.identifier(userIdentifier, "profile.userIdentifier", MAX_USER_IDENTIFIER_LENGTH);
    name = Check.optionalText(name, "profile.name", MAX_NAME_LENGTH);
    name = name == null ? null : name.strip();
    Check.identifier(courseSlug, "profile.courseSlug", Course.MAX_SLUG_LENGTH);
    Check.required(survey, "profile.survey");
  }

  /**
   * A new profile with a random id.
   *
   * @param userIdentifier the learner's id
   * @param courseSlug the course
   * @param name the name or {@code null}
   * @param survey the answers
   * @return the profile
   */
  public static Profile of(String userIdentifier, String courseSlug, @Nullable String name, Survey survey) {
    return new Profile(UUID.randomUUID(), userIdentifier, name, courseSlug, survey);
  }

  /**
   * This profile with other survey answers.
   *
   * @param survey the answers
   * @return a new profile with the same id
   */
  public Profile withSurvey(Survey survey) {
    return new Profile(id, userIdentifier, name, courseSlug, survey);
  }

  /**
   * This profile with another name.
   *
   * @param name the name or {@code null}
   * @return a new profile with the same id
   */
  public Profile withName(@Nullable String name) {
    return new Profile(id, userIdentifier, name, courseSlug, survey);
  }

  /** Shows identifiers only, not the name or the answers. */
  @Override
  public String toString() {
    return "Profile[id=" + id + ", userIdentifier=" + userIdentifier + ", courseSlug=" + courseSlug + "]";
  }
}

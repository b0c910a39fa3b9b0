package dev.persona.model;

import dev.persona.internal.Check;
import java.util.UUID;

/**
 * A lesson's base (not personalized) description: a row of {@code lesson_descriptions}, at most one
 * per lesson. Read {@link #data()} with {@link PersonalizedContent#read(JsonValue)} to get the
 * five fields out of any format the original system stored.
 *
 * @param id the primary key
 * @param lessonId the lesson, unique
 * @param data the description as JSON
 */
public record LessonDescription(UUID id, UUID lessonId, JsonValue data) {

  /**
   * Validates the description.
   *
   * @throws dev.persona.ValidationException if a value is missing
   */
  public LessonDescription {
    Check.id(id, "lessonDescription.id");
    Check.id(lessonId, "lessonDescription.lessonId");
    Check.required(data, "lessonDescription.data");
  }

  /**
   * A new description with a random id.
   *
   * @param lessonId the lesson
   * @param data the JSON
   * @return the description
   */
  public static LessonDescription of(UUID lessonId, JsonValue data) {
    return new LessonDescription(UUID.randomUUID(), lessonId, data);
  }
}

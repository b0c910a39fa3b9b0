package dev.persona.model;

import dev.persona.internal.Check;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One line of a learner's personalized course: the lesson's heading and, if there is one, its
 * personalization. The lesson's content (transcripts) is left out, so reading a course stays fast.
 *
 * @param lessonId the lesson
 * @param number its position
 * @param title its title
 * @param summary its summary, or {@code null}
 * @param personalization the learner's personalization, or {@code null} when there is none
 */
public record PersonalizedLesson(
    UUID lessonId, int number, String title, @Nullable String summary, @Nullable Personalization personalization) {

  /**
   * Validates the line.
   *
   * @throws dev.persona.ValidationException if a required value is missing
   */
  public PersonalizedLesson {
    Check.id(lessonId, "lessonId");
    Check.required(title, "title");
  }

  /**
   * The personalization, if there is one.
   *
   * @return the personalization or empty
   */
  public Optional<Personalization> findPersonalization() {
    return Optional.ofNullable(personalization);
  }
}

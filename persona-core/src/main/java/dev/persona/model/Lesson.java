package dev.persona.model;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A lesson of a course: a row of {@code lessons}.
 *
 * <p>The lesson's material for personalization is its title, its summary and the transcript kept in
 * {@link #content()} under {@code transcription} (the original system's key).
 *
 * @param id the primary key; personalizations hang on it, so it must survive renumbering
 * @param courseId the course the lesson belongs to
 * @param number the position in the course, from 1; unique within the course
 * @param title the title
 * @param summary a short summary, or {@code null}
 * @param content free-form JSON, an object; {@code {}} when there is none
 * @param externalId a stable key from the host's world (for example a video id), unique within the
 *     course, or {@code null}
 */
public record Lesson(
    UUID id,
    UUID courseId,
    int number,
    String title,
    @Nullable String summary,
    JsonValue content,
    @Nullable String externalId) {

  /** The content key that holds the transcript. */
  public static final String TRANSCRIPT_KEY = "transcription";

  /**
   * Validates the lesson.
   *
   * @throws ValidationException if a required value is missing, the number is below 1, the title is
   *     blank or the content is not a JSON object
   */
  public Lesson {
    Check.id(id, "lesson.id");
    Check.id(courseId, "lesson.courseId");
    if (number < 1) {
      throw ValidationException.of("lesson.number", "must be at least 1, was " + number);
    }
    Check.text(title, "lesson.title", 1000);
    summary = Check.optionalText(summary, "lesson.summary", 20_000);
    Check.required(content, "lesson.content");
    if (!content.isObject()) {
      throw ValidationException.of("lesson.content", "must be a JSON object");
    }
    externalId = externalId == null ? null : Check.identifier(externalId, "lesson.externalId", 200);
  }

  /**
   * A new lesson with a random id, no summary, empty content and no external id.
   *
   * @param courseId the course
   * @param number the position, from 1
   * @param title the title
   * @return the lesson
   */
  public static Lesson of(UUID courseId, int number, String title) {
    return new Lesson(UUID.randomUUID(), courseId, number, title, null, JsonValue.emptyObject(), null);
  }

  /**
   * The transcript, when the content holds one as a non-blank string.
   *
   * @return the transcript or empty
   */
  public Optional<String> transcript() {
    return content.getString(TRANSCRIPT_KEY).filter(t -> !t.isBlank());
  }

  /**
   * This lesson with another summary.
   *
   * @param summary the summary or {@code null}
   * @return a new lesson
   */
  public Lesson withSummary(@Nullable String summary) {
    return new Lesson(id, courseId, number, title, summary, content, externalId);
  }

  /**
   * This lesson with the transcript set in its content.
   *
   * @param transcript the transcript
   * @return a new lesson
   */
  public Lesson withTranscript(String transcript) {
    Check.required(transcript, "lesson.transcript");
    return withContent(content.with(TRANSCRIPT_KEY, JsonValue.string(transcript)));
  }

  /**
   * This lesson with other content.
   *
   * @param content a JSON object
   * @return a new lesson
   */
  public Lesson withContent(JsonValue content) {
    return new Lesson(id, courseId, number, title, summary, content, externalId);
  }

  /**
   * This lesson at another position.
   *
   * @param number the new position, from 1
   * @return a new lesson with the same id
   */
  public Lesson withNumber(int number) {
    return new Lesson(id, courseId, number, title, summary, content, externalId);
  }

  /**
   * This lesson with another title.
   *
   * @param title the title
   * @return a new lesson
   */
  public Lesson withTitle(String title) {
    return new Lesson(id, courseId, number, title, summary, content, externalId);
  }

  /**
   * This lesson with an external id.
   *
   * @param externalId the host's stable key, or {@code null}
   * @return a new lesson
   */
  public Lesson withExternalId(@Nullable String externalId) {
    return new Lesson(id, courseId, number, title, summary, content, externalId);
  }

  /** Shows identifiers only; the content can be a 30,000-character transcript. */
  @Override
  public String toString() {
    return "Lesson[id=" + id + ", courseId=" + courseId + ", number=" + number
        + ", externalId=" + externalId + ", content=" + content + "]";
  }
}

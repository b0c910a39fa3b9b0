package dev.persona.importing;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.model.JsonValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One lesson in an import document.
 *
 * @param key a stable identifier from the host's world (a video id); the lesson's identity across
 *     imports. When {@code null}, the lesson is identified by its number.
 * @param number the position in the course, from 1
 * @param title the title
 * @param summary a short summary, or {@code null}
 * @param transcript the transcript, or {@code null}
 * @param content other lesson content, a JSON object merged into what is stored ({@code {}} for none)
 * @param description the base description in any of the original formats, or {@code null}
 * @param assets files and links
 */
public record LessonDocument(
    @Nullable String key,
    int number,
    String title,
    @Nullable String summary,
    @Nullable String transcript,
    JsonValue content,
    @Nullable JsonValue description,
    List<AssetDocument> assets) {

  /** The longest transcript accepted, in characters. */
  public static final int MAX_TRANSCRIPT_LENGTH = 1_000_000;

  /**
   * Validates the lesson.
   *
   * @throws ValidationException naming each bad field
   */
  public LessonDocument {
    key = key == null ? null : Check.identifier(key, "key", 200);
    if (number < 1) {
      throw ValidationException.of("number", "must be at least 1, was " + number);
    }
    Check.text(title, "title", 1000);
    summary = Check.optionalText(summary, "summary", 20_000);
    transcript = Check.optionalText(transcript, "transcript", MAX_TRANSCRIPT_LENGTH);
    Check.required(content, "content");
    if (!content.isObject()) {
      throw ValidationException.of("content", "must be a JSON object");
    }
    if (description != null && !description.isObject()) {
      throw ValidationException.of("description", "must be a JSON object");
    }
    assets = List.copyOf(Check.required(assets, "assets"));
  }
}

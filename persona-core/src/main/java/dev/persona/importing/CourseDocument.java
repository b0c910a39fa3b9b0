package dev.persona.importing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.ValidationException;
import dev.persona.ValidationException.FieldError;
import dev.persona.internal.Check;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A course to import: its slug, title and lessons.
 *
 * <p>JSON form, read by {@link #fromJson}:
 *
 * <pre>{@code
 * {"slug": "massazh-shvz", "title": "Массаж ШВЗ", "description": "...",
 *  "lessons": [{"key": "c8a90762-6fca-47a8-80c3-5f454ae05273", "number": 1, "title": "Урок введение",
 *               "summary": "...", "transcript": "...", "content": {...}, "description": {...},
 *               "assets": [{"type": "video", "url": "https://kinescope.io/...", "metadata": {...}}]}]}
 * }</pre>
 *
 * @param slug the course's slug
 * @param title the course's title
 * @param description the course's description, or {@code null}
 * @param lessons the lessons; numbers and keys unique
 */
public record CourseDocument(String slug, String title, @Nullable String description, List<LessonDocument> lessons) {

  /** The most lessons a document may hold. */
  public static final int MAX_LESSONS = 2000;

  /**
   * Validates the document.
   *
   * @throws ValidationException naming each offending lesson and field, e.g. {@code lessons[3].number}
   */
  public CourseDocument {
    List<FieldError> errors = new ArrayList<>();
    try {
      Check.identifier(slug, "slug", Course.MAX_SLUG_LENGTH);
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    try {
      Check.text(title, "title", 1000);
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    description = description == null || description.isBlank() ? null : description;
    if (lessons == null) {
      errors.add(new FieldError("lessons", "is required"));
      lessons = List.of();
    }
    if (lessons.size() > MAX_LESSONS) {
      errors.add(new FieldError("lessons", "has " + lessons.size() + " lessons; the limit is " + MAX_LESSONS));
    }
    Map<Integer, Integer> numbers = new HashMap<>();
    Map<String, Integer> keys = new HashMap<>();
    for (int i = 0; i < lessons.size(); i++) {
      LessonDocument l = lessons.get(i);
      if (l == null) {
        errors.add(new FieldError("lessons[" + i + "]", "is null"));
        continue;
      }
      Integer other = numbers.putIfAbsent(l.number(), i);
      if (other != null) {
        errors.add(new FieldError("lessons[" + i + "].number", "repeats lessons[" + other + "].number " + l.number()));
      }
      if (l.key() != null) {
        Integer sameKey = keys.putIfAbsent(l.key(), i);
        if (sameKey != null) {
          errors.add(new FieldError("lessons[" + i + "].key", "repeats lessons[" + sameKey + "].key"));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    lessons = List.copyOf(lessons);
  }

  /**
   * Reads a document from JSON; every error names its lesson and field.
   *
   * @param json the document
   * @return the document
   * @throws ValidationException listing every problem found
   */
  public static CourseDocument fromJson(JsonValue json) {
    JsonNode root = Check.required(json, "document").toTree();
    if (!root.isObject()) {
      throw ValidationException.of("document", "must be a JSON object");
    }
    List<FieldError> errors = new ArrayList<>();
    String slug = text(root, "slug", "slug", errors, true);
    String title = text(root, "title", "title", errors, true);
    String description = text(root, "description", "description", errors, false);
    List<LessonDocument> lessons = new ArrayList<>();
    JsonNode list = root.get("lessons");
    if (list == null || !list.isArray()) {
      errors.add(new FieldError("lessons", "must be a list"));
    } else if (list.size() > MAX_LESSONS) {
      errors.add(new FieldError("lessons", "has " + list.size() + " lessons; the limit is " + MAX_LESSONS));
    } else {
      for (int i = 0; i < list.size(); i++) {
        String at = "lessons[" + i + "]";
        JsonNode l = list.get(i);
        if (!l.isObject()) {
          errors.add(new FieldError(at, "must be an object"));
          continue;
        }
        try {
          lessons.add(lesson(l, at, errors));
        } catch (ValidationException e) {
          e.within(at).errors().forEach(errors::add);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new CourseDocument(String.valueOf(slug), String.valueOf(title), description, lessons);
  }

  /**
   * Parses JSON text; see {@link #fromJson}.
   *
   * @param json the text
   * @return the document
   */
  public static CourseDocument parse(String json) {
    return fromJson(JsonValue.parse(json));
  }

  private static LessonDocument lesson(JsonNode l, String at, List<FieldError> errors) {
    JsonNode number = l.get("number");
    int n = 0;
    if (number == null || !number.isIntegralNumber() || !number.canConvertToInt()) {
      // 1.9 and 1e3 are refused, not rounded: a lesson number is written as a whole number
      errors.add(new FieldError(at + ".number", "must be a whole number"));
    } else {
      n = number.asInt();
    }
    String key = text(l, "key", at + ".key", errors, false);
    String title = text(l, "title", at + ".title", errors, true);
    String summary = text(l, "summary", at + ".summary", errors, false);
    String transcript = text(l, "transcript", at + ".transcript", errors, false);
    JsonNode content = l.get("content");
    JsonNode description = l.get("description");
    List<AssetDocument> assets = new ArrayList<>();
    JsonNode a = l.get("assets");
    if (a != null && !a.isNull()) {
      if (!a.isArray()) {
        errors.add(new FieldError(at + ".assets", "must be a list"));
      } else {
        for (int j = 0; j < a.size(); j++) {
          JsonNode asset = a.get(j);
          String aat = at + ".assets[" + j + "]";
          String type = text(asset, "type", aat + ".type", errors, true);
          String url = text(asset, "url", aat + ".url", errors, true);
          JsonNode meta = asset.get("metadata");
          if (type != null && url != null) {
            try {
              assets.add(new AssetDocument(type, url, meta == null || meta.isNull() ? JsonValue.emptyObject() : JsonValue.of(meta)));
            } catch (ValidationException e) {
              e.within(aat).errors().forEach(errors::add);
            }
          }
        }
      }
    }
    if (n < 1 || title == null) {
      if (n < 1 && number != null && number.isIntegralNumber() && number.canConvertToInt()) {
        errors.add(new FieldError(at + ".number", "must be at least 1"));
      }
      return placeholder();
    }
    return new LessonDocument(key, n, title, summary, transcript,
        content == null || content.isNull() ? JsonValue.emptyObject() : JsonValue.of(content),
        description == null || description.isNull() ? null : JsonValue.of(description), assets);
  }

  private static LessonDocument placeholder() {
    return new LessonDocument(null, Integer.MAX_VALUE, "-", null, null, JsonValue.emptyObject(), null, List.of());
  }

  private static @Nullable String text(@Nullable JsonNode node, String key, String path, List<FieldError> errors,
      boolean required) {
    JsonNode v = node == null ? null : node.get(key);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      if (required) {
        errors.add(new FieldError(path, "is required"));
      }
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(path, "must be a string"));
      return null;
    }
    return v.asText().strip();
  }
}

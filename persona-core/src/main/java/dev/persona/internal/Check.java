package dev.persona.internal;

import dev.persona.ValidationException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Argument checks that throw {@link ValidationException} naming the field, never the value. Not API. */
public final class Check {

  private Check() {}

  /** Requires a value. */
  public static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw ValidationException.of(field, "is required");
    }
    return value;
  }

  /**
   * Requires a lookup key (a user id, a course slug): present and valid Unicode text, so a key that
   * cannot be stored cannot find what another key stored either.
   */
  public static String key(@Nullable String value, String field) {
    String v = required(value, field);
    String bad = unicodeProblem(v);
    if (bad != null) {
      throw ValidationException.of(field, bad);
    }
    return v;
  }

  /** Requires an id. */
  public static UUID id(@Nullable UUID value, String field) {
    return required(value, field);
  }

  /** Requires non-blank text of at most {@code max} characters, without control characters. */
  public static String text(@Nullable String value, String field, int max) {
    if (value == null) {
      throw ValidationException.of(field, "is required");
    }
    if (value.isBlank()) {
      throw ValidationException.of(field, "must not be blank");
    }
    return bounded(value, field, max);
  }

  /** Allows {@code null}; otherwise as {@link #text} but blank becomes {@code null}. */
  public static @Nullable String optionalText(@Nullable String value, String field, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    return bounded(value, field, max);
  }

  /** Requires text (possibly empty) of at most {@code max} characters. */
  public static String bounded(@Nullable String value, String field, int max) {
    if (value == null) {
      throw ValidationException.of(field, "is required");
    }
    if (value.length() > max) {
      throw ValidationException.of(
          field, "is " + value.length() + " characters long; the limit is " + max);
    }
    String bad = unicodeProblem(value);
    if (bad != null) {
      throw ValidationException.of(field, bad);
    }
    return value;
  }

  /**
   * What makes text unstorable, or {@code null} when nothing does: a lone surrogate (not Unicode
   * text; PostgreSQL's driver would store it as {@code ?}, so two different ids could become one) or
   * U+0000 (which PostgreSQL cannot store in text or JSON). The message names a position, never the text.
   */
  public static @Nullable String unicodeProblem(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c == 0) {
        return "contains U+0000 at position " + (i + 1);
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        return "is not valid Unicode text (a lone surrogate at position " + (i + 1) + ")";
      }
      if (Character.isLowSurrogate(c)) {
        return "is not valid Unicode text (a lone surrogate at position " + (i + 1) + ")";
      }
    }
    return null;
  }

  /** Requires a single-line identifier: non-blank, no control characters, at most {@code max}. */
  public static String identifier(@Nullable String value, String field, int max) {
    String v = text(value, field, max);
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        throw ValidationException.of(field, "must not contain control characters");
      }
    }
    if (!v.strip().equals(v)) {
      throw ValidationException.of(field, "must not start or end with whitespace");
    }
    return v;
  }
}

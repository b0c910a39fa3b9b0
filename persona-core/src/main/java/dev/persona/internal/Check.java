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
    return value;
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

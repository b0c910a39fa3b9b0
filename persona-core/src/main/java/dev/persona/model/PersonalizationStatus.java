package dev.persona.model;

import dev.persona.ValidationException;
import java.util.Locale;

/** Where a personalization's content came from. */
public enum PersonalizationStatus {
  /** Written by the model and validated. */
  GENERATED,
  /**
   * A fallback stored because generation failed and nothing was stored yet. It is served, but never
   * counts as done: the next regeneration tries the model again.
   */
  DEGRADED,
  /** Saved by the host (an editor, an import). Regeneration keeps it unless forced. */
  EDITED;

  /**
   * The lower-case name stored in the database.
   *
   * @return for example {@code generated}
   */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The status of a stored code.
   *
   * @param code a value of {@link #code()}
   * @return the status
   * @throws ValidationException for an unknown code
   */
  public static PersonalizationStatus fromCode(String code) {
    for (PersonalizationStatus s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw ValidationException.of("status", "is not one of generated, degraded, edited");
  }
}

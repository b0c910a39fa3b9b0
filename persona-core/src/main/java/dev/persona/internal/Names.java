package dev.persona.internal;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What counts as a name to address a learner by. Not API. */
public final class Names {

  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+");

  private Names() {}

  /** Whether text is (or contains) an e-mail address, which the original system used as a name. */
  public static boolean isEmail(String text) {
    Check.required(text, "text");
    return text.contains("@") || EMAIL.matcher(text.strip()).matches();
  }

  /** A name fit to address someone by: not blank and not an e-mail address; else {@code null}. */
  public static @Nullable String addressable(@Nullable String name) {
    if (name == null || name.isBlank() || isEmail(name)) {
      return null;
    }
    return name.strip();
  }
}

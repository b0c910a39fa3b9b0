package dev.persona.cli;

import java.time.Duration;

/** Reads {@code 10s}, {@code 500ms} or {@code 2m}. */
final class Durations {

  private Durations() {}

  static Duration parse(String text, String option) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return positive(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))), option);
      }
      if (t.endsWith("s")) {
        return positive(Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1))), option);
      }
      if (t.endsWith("m")) {
        return positive(Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))), option);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CliException(PersonaCli.USAGE, option + " must look like 10s, 500ms or 2m");
  }

  private static Duration positive(Duration d, String option) {
    if (d.isNegative() || d.isZero()) {
      throw new CliException(PersonaCli.USAGE, option + " must be positive");
    }
    return d;
  }
}

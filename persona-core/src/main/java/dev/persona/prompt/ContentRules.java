package dev.persona.prompt;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.model.Language;
import dev.persona.model.PersonalizedContent;

/**
 * Limits every generated answer must meet; the prompt states them and the engine checks them. An
 * answer that breaks one is sent back to the model with the exact violations.
 *
 * @param language the language the content must be written in
 * @param minFieldLength the fewest characters any field may have
 * @param summaryShortMax the most characters of {@code summary_short}
 * @param whyWatchMax the most characters of {@code why_watch}
 * @param quickActionMax the most characters of {@code quick_action}
 * @param socialShareMax the most characters of {@code social_share}; short enough to post
 * @param homeworkMax the most characters of {@code homework_20m}
 */
public record ContentRules(
    Language language,
    int minFieldLength,
    int summaryShortMax,
    int whyWatchMax,
    int quickActionMax,
    int socialShareMax,
    int homeworkMax) {

  /**
   * Validates the rules.
   *
   * @throws ValidationException if a limit is not positive, a maximum is below the minimum, or a
   *     maximum exceeds {@link PersonalizedContent#MAX_FIELD_LENGTH}
   */
  public ContentRules {
    Check.required(language, "language");
    if (minFieldLength < 1) {
      throw ValidationException.of("minFieldLength", "must be at least 1");
    }
    int[] maxima = {summaryShortMax, whyWatchMax, quickActionMax, socialShareMax, homeworkMax};
    for (int i = 0; i < maxima.length; i++) {
      if (maxima[i] < minFieldLength || maxima[i] > PersonalizedContent.MAX_FIELD_LENGTH) {
        throw ValidationException.of(PersonalizedContent.KEYS.get(i) + "Max",
            "must be between minFieldLength and " + PersonalizedContent.MAX_FIELD_LENGTH);
      }
    }
  }

  /**
   * The default rules: at least 20 characters per field; at most 400 for {@code summary_short},
   * 1,200 for {@code why_watch}, 500 for {@code quick_action}, 280 for {@code social_share} and
   * 1,500 for {@code homework_20m}.
   *
   * @param language the content's language
   * @return the rules
   */
  public static ContentRules defaults(Language language) {
    return new ContentRules(language, 20, 400, 1200, 500, 280, 1500);
  }

  /**
   * The maximum for a field.
   *
   * @param key one of {@link PersonalizedContent#KEYS}
   * @return its maximum length
   */
  public int maxLength(String key) {
    return switch (key) {
      case "summary_short" -> summaryShortMax;
      case "why_watch" -> whyWatchMax;
      case "quick_action" -> quickActionMax;
      case "social_share" -> socialShareMax;
      case "homework_20m" -> homeworkMax;
      default -> throw ValidationException.of("key", "is not one of the five fields");
    };
  }

  /**
   * These rules for another language.
   *
   * @param language the language
   * @return new rules
   */
  public ContentRules withLanguage(Language language) {
    return new ContentRules(language, minFieldLength, summaryShortMax, whyWatchMax, quickActionMax,
        socialShareMax, homeworkMax);
  }
}

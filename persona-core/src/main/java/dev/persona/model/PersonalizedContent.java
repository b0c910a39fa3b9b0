package dev.persona.model;

import dev.persona.ValidationException.FieldError;
import dev.persona.ValidationException;
import dev.persona.internal.Check;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The five personalized fields of one lesson for one learner, plus any other keys the stored JSON
 * had.
 *
 * <p>JSON uses exactly the seed's keys: {@code summary_short}, {@code why_watch}, {@code
 * quick_action}, {@code social_share}, {@code homework_20m}. Unknown keys are kept in {@link
 * #extras()} and written back by {@link #toJson()}, so a round trip loses nothing.
 *
 * <p>Fields may be empty here, because legacy stored content sometimes lacks one; {@link
 * #isComplete()} tells whether all five are filled, which the service requires before it saves.
 * Each field holds at most {@value #MAX_FIELD_LENGTH} characters and the extras at most {@value
 * #MAX_EXTRAS_LENGTH} characters of JSON, so one personalization stays well under 256 KiB.
 *
 * @param summaryShort a short summary of the lesson for this learner
 * @param whyWatch why this learner should watch it
 * @param quickAction one thing to do right away
 * @param socialShare a short line to share
 * @param homework20m homework that takes about 20 minutes
 * @param extras any other keys, in document order
 */
public record PersonalizedContent(
    String summaryShort,
    String whyWatch,
    String quickAction,
    String socialShare,
    String homework20m,
    Map<String, JsonValue> extras) {

  /** The longest value a field may hold. */
  public static final int MAX_FIELD_LENGTH = 20_000;
  /** The most characters of JSON the extras may take together. */
  public static final int MAX_EXTRAS_LENGTH = 131_072;

  /** The five keys, in their canonical order. */
  public static final List<String> KEYS =
      List.of("summary_short", "why_watch", "quick_action", "social_share", "homework_20m");

  /**
   * Validates the content and copies the extras.
   *
   * @throws ValidationException if a field is {@code null} or too long, an extra key collides with
   *     one of the five, or the extras are too large
   */
  public PersonalizedContent {
    List<FieldError> errors = new ArrayList<>();
    summaryShort = field(summaryShort, "summary_short", errors);
    whyWatch = field(whyWatch, "why_watch", errors);
    quickAction = field(quickAction, "quick_action", errors);
    socialShare = field(socialShare, "social_share", errors);
    homework20m = field(homework20m, "homework_20m", errors);
    Map<String, JsonValue> copy = new LinkedHashMap<>();
    long extrasLength = 0;
    if (extras != null) {
      for (var e : extras.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          errors.add(new FieldError("content", "extra keys and values must not be null"));
        } else if (KEYS.contains(e.getKey())) {
          errors.add(new FieldError("content." + e.getKey(), "is one of the five fields, not an extra key"));
        } else {
          copy.put(e.getKey(), e.getValue());
          extrasLength += e.getKey().length() + e.getValue().length();
        }
      }
    }
    if (extrasLength > MAX_EXTRAS_LENGTH) {
      errors.add(new FieldError("content", "extra keys take " + extrasLength
          + " characters of JSON; the limit is " + MAX_EXTRAS_LENGTH));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    extras = Collections.unmodifiableMap(copy);
  }

  /**
   * Content with the five fields and no extras.
   *
   * @param summaryShort the summary
   * @param whyWatch why to watch
   * @param quickAction a quick action
   * @param socialShare a line to share
   * @param homework20m the homework
   * @return the content
   */
  public static PersonalizedContent of(
      String summaryShort, String whyWatch, String quickAction, String socialShare, String homework20m) {
    return new PersonalizedContent(summaryShort, whyWatch, quickAction, socialShare, homework20m, Map.of());
  }

  /**
   * The value of a field by its JSON key.
   *
   * @param key one of {@link #KEYS}
   * @return the value
   * @throws ValidationException for another key
   */
  public String field(String key) {
    return switch (key) {
      case "summary_short" -> summaryShort;
      case "why_watch" -> whyWatch;
      case "quick_action" -> quickAction;
      case "social_share" -> socialShare;
      case "homework_20m" -> homework20m;
      default -> throw ValidationException.of("key", "is not one of the five fields");
    };
  }

  /**
   * Whether all five fields are filled.
   *
   * @return true when none is blank
   */
  public boolean isComplete() {
    return missingFields().isEmpty();
  }

  /**
   * The keys of the blank fields.
   *
   * @return the keys, in canonical order; empty when complete
   */
  public List<String> missingFields() {
    List<String> missing = new ArrayList<>();
    for (String key : KEYS) {
      if (field(key).isBlank()) {
        missing.add(key);
      }
    }
    return missing;
  }

  /**
   * Requires all five fields to be filled.
   *
   * @return this content
   * @throws ValidationException naming each blank field
   */
  public PersonalizedContent requireComplete() {
    List<String> missing = missingFields();
    if (!missing.isEmpty()) {
      throw new ValidationException(
          missing.stream().map(k -> new FieldError("content." + k, "must not be blank")).toList());
    }
    return this;
  }

  /**
   * This content without extras.
   *
   * @return the five fields only
   */
  public PersonalizedContent withoutExtras() {
    return of(summaryShort, whyWatch, quickAction, socialShare, homework20m);
  }

  /**
   * This content with the extra keys of a stored one kept: the rule every store applies when a
   * personalization is written over another. The five fields are this content's; the extras are
   * the stored content's, with this content's own extras laid over them (a key in both takes this
   * content's value).
   *
   * @param stored the content stored before
   * @return the content to store
   */
  public PersonalizedContent keepingExtrasOf(PersonalizedContent stored) {
    if (stored == null) {
      throw ValidationException.of("stored", "is required");
    }
    if (stored.extras.isEmpty()) {
      return this;
    }
    Map<String, JsonValue> merged = new LinkedHashMap<>(stored.extras);
    merged.putAll(extras);
    return new PersonalizedContent(summaryShort, whyWatch, quickAction, socialShare, homework20m, merged);
  }

  /**
   * The content as JSON: the five keys in canonical order, then the extras.
   *
   * @return a JSON object
   */
  public JsonValue toJson() {
    return ContentJson.write(this);
  }

  /**
   * Reads content in the seed's format: the five keys (each a string, or missing) and any other
   * keys as extras. Use {@link #read(JsonValue)} for the original system's other formats.
   *
   * @param json a JSON object
   * @return the content
   * @throws ValidationException if the JSON is not an object or one of the five is not a string
   */
  public static PersonalizedContent fromJson(JsonValue json) {
    return ContentJson.readSeedFormat(json);
  }

  /**
   * Parses content JSON text in the seed's format; see {@link #fromJson(JsonValue)}.
   *
   * @param json the text
   * @return the content
   */
  public static PersonalizedContent parse(String json) {
    return fromJson(JsonValue.parse(json));
  }

  /**
   * Reads content in any format the original system stored, and maps it onto the five fields:
   *
   * <ul>
   *   <li>the seed's five keys (and the legacy {@code prev_lessons}, kept as an extra);
   *   <li>the engine's 7 sections ({@code introduction}, {@code why_it_matters_for_you}, {@code
   *       practical_application}, {@code personalized_homework}, {@code motivational_quote}, with
   *       {@code key_takeaways} and {@code addressing_fears} kept as extras);
   *   <li>the English 7-section template ({@code key_points}, {@code practical_tips}, {@code
   *       homework}, {@code motivational_line}, ...);
   *   <li>the default description ({@code practical_benefits}, {@code key_techniques}, {@code
   *       motivational_note}, ...);
   *   <li>the emoji format ({@code 👋 Введение}, {@code 🔑 Ключевые моменты}, {@code 💡 Практические
   *       советы}, {@code 📚 Домашнее задание}, {@code _мотивационная строка_} in either spelling);
   *   <li>any of these wrapped as {@code {"template": {...}}}.
   * </ul>
   *
   * <p>Lists become one line per item. Whatever does not map onto a field is kept in {@link
   * #extras()} under its original key, never dropped.
   *
   * @param json a JSON object
   * @return the content; possibly incomplete
   * @throws ValidationException if the JSON is not an object
   */
  public static PersonalizedContent read(JsonValue json) {
    return ContentJson.readAnyFormat(json);
  }

  /**
   * Reads content JSON text in any stored format, like {@link #read(JsonValue)}. Content in the
   * seed's own format (the five keys, string values, nothing else) is read in one streaming pass
   * without building a tree, which is what a store reading many rows wants.
   *
   * @param json the JSON text of an object
   * @return the content
   * @throws ValidationException if the text is not a JSON object
   */
  public static PersonalizedContent readJson(String json) {
    return ContentJson.readAnyFormat(json);
  }

  /** Shows field lengths, never the text. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "PersonalizedContent[", "]");
    for (String key : KEYS) {
      j.add(key + "=" + field(key).length() + " chars");
    }
    j.add("extras=" + extras.keySet());
    return j.toString();
  }

  private static String field(@Nullable String value, String key, List<FieldError> errors) {
    if (value == null) {
      errors.add(new FieldError("content." + key, "is required"));
      return "";
    }
    if (value.length() > MAX_FIELD_LENGTH) {
      errors.add(new FieldError("content." + key,
          "is " + value.length() + " characters long; the limit is " + MAX_FIELD_LENGTH));
    } else {
      String bad = Check.unicodeProblem(value);
      if (bad != null) {
        errors.add(new FieldError("content." + key, bad));
      }
    }
    return value;
  }
}

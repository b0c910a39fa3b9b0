package dev.persona.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.ValidationException.FieldError;
import dev.persona.ValidationException;
import dev.persona.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String key : KEYS) {
      out.put(key, field(key));
    }
    extras.forEach((k, v) -> out.set(k, v.node().deepCopy()));
    return JsonValue.of(out);
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
    JsonNode node = object(json);
    List<FieldError> errors = new ArrayList<>();
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, JsonValue> extras = new LinkedHashMap<>();
    for (var e : node.properties()) {
      if (KEYS.contains(e.getKey())) {
        if (e.getValue().isTextual()) {
          fields.put(e.getKey(), e.getValue().textValue());
        } else if (!e.getValue().isNull()) {
          errors.add(new FieldError("content." + e.getKey(), "must be a string"));
        }
      } else {
        extras.put(e.getKey(), JsonValue.of(e.getValue()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return build(fields, extras);
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
    JsonNode node = object(json);
    Map<String, JsonValue> extras = new LinkedHashMap<>();
    JsonNode template = node.get("template");
    if (template != null && template.isObject() && KEYS.stream().noneMatch(node::has)) {
      for (var e : node.properties()) {
        if (!e.getKey().equals("template")) {
          extras.put(e.getKey(), JsonValue.of(e.getValue()));
        }
      }
      node = template;
    }
    Map<String, String> normalizedToKey = new LinkedHashMap<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      normalizedToKey.putIfAbsent(normalize(key), key);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> used = new ArrayList<>();
    for (int f = 0; f < KEYS.size(); f++) {
      for (String candidate : ALIASES.get(f)) {
        String key = normalizedToKey.get(candidate);
        if (key == null || used.contains(key)) {
          continue;
        }
        String text = text(node.get(key), f == 3);
        if (text != null) {
          fields.put(KEYS.get(f), text);
          used.add(key);
          break;
        }
      }
    }
    for (var e : node.properties()) {
      if (!used.contains(e.getKey())) {
        String key = KEYS.contains(e.getKey()) ? e.getKey() + "_original" : e.getKey();
        extras.put(key, JsonValue.of(e.getValue()));
      }
    }
    return build(fields, extras);
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
    if (json == null) {
      throw ValidationException.of("content", "is required");
    }
    String[] values = new String[KEYS.size()];
    try (JsonParser parser = Json.MAPPER.createParser(json)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        boolean flat = true;
        while (flat && parser.nextToken() == JsonToken.FIELD_NAME) {
          int index = KEYS.indexOf(parser.currentName());
          flat = index >= 0 && values[index] == null && parser.nextToken() == JsonToken.VALUE_STRING;
          if (flat) {
            values[index] = parser.getText();
          }
        }
        if (flat && parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null) {
          return new PersonalizedContent(orEmpty(values[0]), orEmpty(values[1]), orEmpty(values[2]),
              orEmpty(values[3]), orEmpty(values[4]), Map.of());
        }
      }
    } catch (IOException e) {
      // not flat or not valid: the general path below gives the precise error
    }
    return read(JsonValue.parse(json));
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
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

  // Per field, in KEYS order: the normalized keys that map onto it, most specific first.
  private static final List<List<String>> ALIASES =
      List.of(
          List.of("summaryshort", "introduction", "введение"),
          List.of("whywatch", "whyitmattersforyou", "practicalbenefits", "keypoints", "ключевыемоменты",
              "whatyouwilllearn"),
          List.of("quickaction", "practicalapplication", "practicaltips", "практическиесоветы",
              "keytechniques"),
          List.of("socialshare", "motivationalquote", "motivationalline", "motivationalnote",
              "мотивационнаястрока"),
          List.of("homework20m", "personalizedhomework", "homework", "домашнеезадание"));

  private static String normalize(String key) {
    StringBuilder b = new StringBuilder();
    key.toLowerCase(Locale.ROOT).codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(b::appendCodePoint);
    return b.toString().replace('ё', 'е');
  }

  private static @Nullable String text(@Nullable JsonNode value, boolean stripEmphasis) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      String s = value.textValue().strip();
      return stripEmphasis ? stripEmphasis(s) : s;
    }
    if (value.isArray()) {
      List<String> lines = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          return null;
        }
        if (!item.textValue().isBlank()) {
          lines.add(item.textValue().strip());
        }
      }
      return String.join("\n", lines);
    }
    return null;
  }

  private static String stripEmphasis(String s) {
    String out = s;
    while (out.length() >= 2
        && ((out.startsWith("*") && out.endsWith("*")) || (out.startsWith("_") && out.endsWith("_")))) {
      out = out.substring(1, out.length() - 1).strip();
    }
    return out;
  }

  private static JsonNode object(@Nullable JsonValue json) {
    if (json == null) {
      throw ValidationException.of("content", "is required");
    }
    if (!json.isObject()) {
      throw ValidationException.of("content", "must be a JSON object");
    }
    return json.node();
  }

  private static PersonalizedContent build(Map<String, String> fields, Map<String, JsonValue> extras) {
    return new PersonalizedContent(
        fields.getOrDefault("summary_short", ""),
        fields.getOrDefault("why_watch", ""),
        fields.getOrDefault("quick_action", ""),
        fields.getOrDefault("social_share", ""),
        fields.getOrDefault("homework_20m", ""),
        extras);
  }

  private static String field(@Nullable String value, String key, List<FieldError> errors) {
    if (value == null) {
      errors.add(new FieldError("content." + key, "is required"));
      return "";
    }
    if (value.length() > MAX_FIELD_LENGTH) {
      errors.add(new FieldError("content." + key,
          "is " + value.length() + " characters long; the limit is " + MAX_FIELD_LENGTH));
    }
    return value;
  }
}

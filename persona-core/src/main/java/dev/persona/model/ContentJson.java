package dev.persona.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.ValidationException;
import dev.persona.ValidationException.FieldError;
import dev.persona.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes {@link PersonalizedContent}: the seed's five-key format, and every other format
 * the original system stored (the engine's 7 sections, the English template, the default
 * description, the emoji format, any of them under {@code template}).
 */
final class ContentJson {

  private static final List<String> KEYS = PersonalizedContent.KEYS;

  private ContentJson() {}

  static JsonValue write(PersonalizedContent c) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String key : KEYS) {
      out.put(key, c.field(key));
    }
    c.extras().forEach((k, v) -> out.set(k, v.node().deepCopy()));
    return JsonValue.of(out);
  }

  static PersonalizedContent readSeedFormat(JsonValue json) {
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

  static PersonalizedContent readAnyFormat(JsonValue json) {
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

  static PersonalizedContent readAnyFormat(String json) {
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
    return readAnyFormat(JsonValue.parse(json));
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
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

  /** Strips pairs of {@code *} or {@code _} wrapping a line, in one pass (no copy per pair). */
  static String stripEmphasis(String s) {
    int from = 0;
    int to = s.length();
    while (to - from >= 2) {
      char first = s.charAt(from);
      char last = s.charAt(to - 1);
      if (!((first == '*' && last == '*') || (first == '_' && last == '_'))) {
        break;
      }
      from++;
      to--;
      while (from < to && Character.isWhitespace(s.charAt(from))) {
        from++;
      }
      while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
        to--;
      }
    }
    return s.substring(from, to);
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
}

package dev.persona.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.ValidationException;
import dev.persona.ValidationException.FieldError;
import dev.persona.model.SurveyVocabulary.Question;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads and writes {@link Survey} JSON in every form the original system stored. */
final class SurveyJson {

  /** The most raw items a list may hold, blanks and repeats included, before it is refused unread. */
  private static final int RAW_ITEMS = 5 * Survey.MAX_ITEMS;

  private SurveyJson() {}

  static Survey read(JsonValue json) {
    if (json == null || json.isNull()) {
      return Survey.empty();
    }
    JsonNode node = json.node();
    if (!node.isObject()) {
      throw ValidationException.of("survey", "must be a JSON object");
    }
    List<FieldError> errors = new ArrayList<>();
    List<String> motivation = readList(node.get("motivation"), Question.MOTIVATION, errors);
    List<String> fears = readList(node.get("fears"), Question.FEARS, errors);
    String targetClients = readText(node.get("target_clients"), "target_clients", errors);
    String skillsWanted = readText(node.get("skills_wanted"), "skills_wanted", errors);
    String wowResult = readText(node.get("wow_result"), "wow_result", errors);
    String practiceModel = readText(node.get("practice_model"), "practice_model", errors);
    Map<String, JsonValue> extras = new LinkedHashMap<>();
    for (var e : node.properties()) {
      if (!Survey.KEYS.contains(e.getKey())) {
        extras.put(e.getKey(), JsonValue.of(e.getValue()));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Survey(motivation, targetClients, skillsWanted, fears, wowResult, practiceModel, extras);
  }

  static JsonValue write(Survey s) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("motivation", array(s.motivation()));
    putText(out, "target_clients", s.targetClients());
    putText(out, "skills_wanted", s.skillsWanted());
    out.set("fears", array(s.fears()));
    putText(out, "wow_result", s.wowResult());
    putText(out, "practice_model", s.practiceModel());
    s.extras().forEach((k, v) -> out.set(k, v.node().deepCopy()));
    return JsonValue.of(out);
  }

  private static List<String> readList(@Nullable JsonNode node, Question q, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isNumber()) {
      return List.of(node.asText());
    }
    if (node.isTextual()) {
      String s = node.textValue();
      if (s.length() > Survey.MAX_TEXT_LENGTH) {
        return List.of(s); // the record names the field and the limit
      }
      List<String> parts = Arrays.stream(s.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
      boolean allCodes = parts.size() > 1
          && parts.stream().allMatch(p -> SurveyVocabulary.standard().canonical(q, p).isPresent());
      return allCodes ? parts : List.of(s);
    }
    if (node.isArray()) {
      if (node.size() > RAW_ITEMS) {
        // refused before any item is looked at: the record's own limit is far lower
        errors.add(new FieldError("survey." + q.key(), "has " + node.size() + " items; the limit is " + Survey.MAX_ITEMS));
        return List.of();
      }
      List<String> out = new ArrayList<>();
      int i = 0;
      for (JsonNode item : node) {
        if (item.isTextual() || item.isNumber()) {
          out.add(item.asText());
        } else if (!item.isNull()) {
          errors.add(new FieldError("survey." + q.key() + "[" + i + "]", "must be a string"));
        }
        i++;
      }
      return out;
    }
    errors.add(new FieldError("survey." + q.key(), "must be a list of strings or a string"));
    return List.of();
  }

  private static @Nullable String readText(@Nullable JsonNode node, String key, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    errors.add(new FieldError("survey." + key, "must be a string"));
    return null;
  }

  private static JsonNode array(List<String> items) {
    var arr = JsonNodeFactory.instance.arrayNode();
    items.forEach(arr::add);
    return arr;
  }

  private static void putText(ObjectNode out, String key, @Nullable String value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}

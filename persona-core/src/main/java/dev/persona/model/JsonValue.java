package dev.persona.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable JSON value: the content of a JSONB column (lesson content, description data, asset
 * metadata, survey, personalized content).
 *
 * <p>It never hands out its internal tree: {@link #toTree()} returns a deep copy and {@link
 * #toJava()} returns unmodifiable collections. Two values are equal when their JSON is equal,
 * ignoring the order of object keys.
 */
public final class JsonValue {

  /** The largest JSON text accepted, in characters: 4 MiB. */
  public static final int MAX_LENGTH = 4 * 1024 * 1024;

  /**
   * The deepest nesting accepted, in levels (a scalar at the top is level 0, {@code {}} is 1). Every
   * value is checked when it is made, so whatever is stored can be served inside a response.
   */
  public static final int MAX_DEPTH = Json.MAX_DEPTH;

  private static final JsonValue EMPTY_OBJECT = new JsonValue(JsonNodeFactory.instance.objectNode());

  private final JsonNode node;
  // Written on first use: most values read from a store are never written back out. A race only
  // computes the same immutable string twice.
  private @Nullable String text;

  private JsonValue(JsonNode node) {
    this.node = node;
  }

  /**
   * Parses JSON text.
   *
   * @param json the text
   * @return the value
   * @throws ValidationException if the text is missing, empty, too long, not JSON, nested deeper
   *     than {@link #MAX_DEPTH}, or holds text PostgreSQL cannot store (a lone surrogate, U+0000); the
   *     message gives a position, never the text
   */
  public static JsonValue parse(@Nullable String json) {
    if (json == null) {
      throw ValidationException.of("json", "is required");
    }
    if (json.length() > MAX_LENGTH) {
      throw ValidationException.of(
          "json", "is " + json.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    JsonNode node;
    try {
      node = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("json", e.getMessage() == null ? "is not valid JSON" : e.getMessage());
    }
    return checked(node);
  }

  private static JsonValue checked(JsonNode node) {
    String bad = Json.problemIn(node);
    if (bad != null) {
      throw ValidationException.of("json", bad);
    }
    return new JsonValue(node);
  }

  /**
   * Copies a Jackson tree.
   *
   * @param node the tree; it is copied, so later changes to it do not show here
   * @return the value
   */
  public static JsonValue of(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      throw ValidationException.of("json", "is required");
    }
    return checked(node.deepCopy());
  }

  /**
   * Converts plain Java data (maps with string keys, collections, arrays, strings, numbers,
   * booleans, {@code null}) to JSON.
   *
   * @param value the data
   * @return the value
   * @throws ValidationException for anything else, for a cycle, and for nesting deeper than {@link
   *     #MAX_DEPTH} levels
   */
  public static JsonValue fromJava(@Nullable Object value) {
    try {
      return checked(Json.fromJava(value));
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("json", String.valueOf(e.getMessage()));
    }
  }

  /**
   * A JSON string.
   *
   * @param value the text
   * @return the value
   */
  public static JsonValue string(String value) {
    if (value == null) {
      throw ValidationException.of("value", "is required");
    }
    return new JsonValue(JsonNodeFactory.instance.textNode(value));
  }

  /**
   * The empty object {@code {}}.
   *
   * @return the shared empty object
   */
  public static JsonValue emptyObject() {
    return EMPTY_OBJECT;
  }

  /**
   * Whether this is a JSON object.
   *
   * @return true for objects
   */
  public boolean isObject() {
    return node.isObject();
  }

  /**
   * Whether this is a JSON array.
   *
   * @return true for arrays
   */
  public boolean isArray() {
    return node.isArray();
  }

  /**
   * Whether this is a JSON string.
   *
   * @return true for strings
   */
  public boolean isString() {
    return node.isTextual();
  }

  /**
   * Whether this is JSON {@code null}.
   *
   * @return true for null
   */
  public boolean isNull() {
    return node.isNull();
  }

  /**
   * A member of an object.
   *
   * @param key the member's name
   * @return the member, or empty when this is not an object or has no such member
   */
  public Optional<JsonValue> get(String key) {
    JsonNode child = node.isObject() ? node.get(key) : null;
    return child == null ? Optional.empty() : Optional.of(new JsonValue(child.deepCopy()));
  }

  /**
   * A string member of an object.
   *
   * @param key the member's name
   * @return its text, or empty when absent or not a string
   */
  public Optional<String> getString(String key) {
    JsonNode child = node.isObject() ? node.get(key) : null;
    return child != null && child.isTextual() ? Optional.of(child.textValue()) : Optional.empty();
  }

  /**
   * The names of an object's members, in document order.
   *
   * @return the names, or an empty list for non-objects
   */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return Collections.unmodifiableList(keys);
  }

  /**
   * The text of a JSON string.
   *
   * @return the string's text, or empty when this is not a string
   */
  public Optional<String> asString() {
    return node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
  }

  /**
   * This object with one member set (added or replaced).
   *
   * @param key the member's name
   * @param value the member's value
   * @return a new object
   * @throws ValidationException if this is not an object
   */
  public JsonValue with(String key, JsonValue value) {
    if (key == null || value == null) {
      throw ValidationException.of("key", "and value are required");
    }
    if (!node.isObject()) {
      throw ValidationException.of("json", "is not an object");
    }
    String bad = Check.unicodeProblem(key);
    if (bad != null) {
      throw ValidationException.of("key", bad);
    }
    var copy = node.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).set(key, value.node.deepCopy());
    return checked(copy);
  }

  /**
   * A deep copy of the tree, free to modify.
   *
   * @return a new tree
   */
  public JsonNode toTree() {
    return node.deepCopy();
  }

  /**
   * The value as plain Java data: unmodifiable {@code Map<String, Object>} for objects (in document
   * order), unmodifiable {@code List<Object>} for arrays, and {@code String}, {@code Number},
   * {@code Boolean} or {@code null} for scalars.
   *
   * @return the data
   */
  public @Nullable Object toJava() {
    return toJava(node);
  }

  /**
   * The value as compact JSON text.
   *
   * @return the JSON
   */
  public String toJson() {
    String t = text;
    if (t == null) {
      t = Json.write(node);
      text = t;
    }
    return t;
  }

  /**
   * The length of {@link #toJson()}.
   *
   * @return characters of compact JSON
   */
  public int length() {
    return toJson().length();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonValue other && node.equals(other.node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  /** Shows the shape and size, not the content: JSON here may hold a learner's answers. */
  @Override
  public String toString() {
    return "JsonValue[" + node.getNodeType() + ", " + length() + " chars]";
  }

  private static @Nullable Object toJava(JsonNode n) {
    if (n.isObject()) {
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      for (var e : n.properties()) {
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return Collections.unmodifiableMap(map);
    }
    if (n.isArray()) {
      List<@Nullable Object> list = new ArrayList<>();
      n.forEach(c -> list.add(toJava(c)));
      return Collections.unmodifiableList(list);
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isNumber()) {
      return n.numberValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNull() || n instanceof MissingNode) {
      return null;
    }
    return n.asText();
  }

  /** The internal tree, without copying. Only for code in this package that will not modify it. */
  JsonNode node() {
    return node;
  }
}

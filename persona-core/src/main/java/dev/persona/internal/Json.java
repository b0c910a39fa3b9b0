package dev.persona.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The one Jackson configuration Persona uses. Not API. */
public final class Json {

  /**
   * The deepest nesting accepted anywhere: in what is parsed, stored and served. Far below Jackson's
   * own limit of 1000, so a stored value always fits in a response wrapper.
   */
  public static final int MAX_DEPTH = 64;

  /** Strict reader and plain writer: duplicate keys and trailing tokens are errors; nesting is bounded. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
              .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private static final ObjectMapper PROMPT_MAPPER = promptMapper();

  private Json() {}

  /**
   * Parses JSON text.
   *
   * @throws IllegalArgumentException with the parser's location (never the text) when it is not JSON
   */
  public static JsonNode parse(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      // the parser's own message quotes the offending token: only its kind is said here
      throw new IllegalArgumentException(problem(e) + where); // no cause: its message quotes the input
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("is empty; expected a JSON value");
    }
    return node;
  }

  private static String problem(JsonProcessingException e) {
    String m = String.valueOf(e.getOriginalMessage());
    if (e instanceof StreamConstraintsException) {
      return m.contains("nesting depth") ? "nests deeper than " + MAX_DEPTH + " levels" : "exceeds a size limit";
    }
    if (e instanceof JsonEOFException) {
      return "ends before the JSON value is complete";
    }
    if (m.startsWith("Duplicate field")) {
      return "has a duplicate key";
    }
    if (m.startsWith("Trailing token")) {
      return "has more after the JSON value";
    }
    return "is not valid JSON";
  }

  /**
   * Checks a tree before it is kept: at most {@link #MAX_DEPTH} levels, finite numbers, and text
   * (keys too) that PostgreSQL can store: no lone surrogate, no U+0000.
   *
   * @return a problem, never quoting the value, or {@code null} when there is none
   */
  public static @Nullable String problemIn(JsonNode node) {
    return problemIn(node, 1);
  }

  private static @Nullable String problemIn(JsonNode node, int depth) {
    if (node.isContainerNode() && depth > MAX_DEPTH) {
      return "nests deeper than " + MAX_DEPTH + " levels";
    }
    if (node.isObject()) {
      for (var e : node.properties()) {
        String bad = Check.unicodeProblem(e.getKey());
        if (bad != null) {
          return "has a key that " + bad;
        }
        bad = problemIn(e.getValue(), depth + 1);
        if (bad != null) {
          return bad;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        String bad = problemIn(child, depth + 1);
        if (bad != null) {
          return bad;
        }
      }
    } else if (node.isTextual()) {
      String bad = Check.unicodeProblem(node.textValue());
      return bad == null ? null : "has a string that " + bad;
    } else if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      return "has a number that is not finite";
    }
    return null;
  }

  /**
   * Converts plain Java data (maps with string keys, collections, arrays, strings, numbers,
   * booleans, {@code null}) to a tree, refusing anything else, cycles and nesting deeper than {@link
   * #MAX_DEPTH}.
   *
   * @throws IllegalArgumentException saying what was refused, never the value
   */
  public static JsonNode fromJava(@Nullable Object value) {
    return fromJava(value, 1, "");
  }

  private static JsonNode fromJava(@Nullable Object value, int depth, String path) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    }
    if (value instanceof CharSequence || value instanceof Character) {
      return f.textNode(value.toString());
    }
    if (value instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (value instanceof Number n) {
      return MAPPER.valueToTree(n);
    }
    if (value instanceof JsonNode n) {
      return n.deepCopy();
    }
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("nests deeper than " + MAX_DEPTH + " levels (or refers to itself)");
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode out = f.objectNode();
      for (var e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("has a map key that is not a string" + at(path));
        }
        out.set(key, fromJava(e.getValue(), depth + 1, path + "." + key));
      }
      return out;
    }
    Iterable<?> items = value instanceof Iterable<?> it ? it
        : value instanceof Object[] array ? java.util.Arrays.asList(array) : null;
    if (items != null) {
      var out = f.arrayNode();
      int i = 0;
      for (Object item : items) {
        out.add(fromJava(item, depth + 1, path + "[" + i++ + "]"));
      }
      return out;
    }
    throw new IllegalArgumentException("has a " + value.getClass().getSimpleName()
        + ", which is not plain JSON data" + at(path));
  }

  private static String at(String path) {
    return path.isEmpty() ? "" : " at " + (path.startsWith(".") ? path.substring(1) : path);
  }

  /** Writes a tree as compact JSON. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /**
   * Writes a tree for a prompt: {@code <}, {@code >} and backticks are escaped as {@code \}{@code u}
   * sequences, so that data can never close the tag or fence that frames it.
   */
  public static String writeForPrompt(JsonNode node) {
    try {
      return PROMPT_MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** A copy of the tree with object keys sorted at every level: a canonical form for hashing. */
  public static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (var e : node.properties()) {
        sorted.put(e.getKey(), canonical(e.getValue()));
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(child -> out.add(canonical(child)));
      return out;
    }
    return node;
  }

  private static ObjectMapper promptMapper() {
    JsonFactory factory = new JsonFactory();
    factory.setCharacterEscapes(new PromptEscapes());
    factory.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    return new ObjectMapper(factory);
  }

  private static final class PromptEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] escapes;

    PromptEscapes() {
      escapes = standardAsciiEscapesForJSON();
      escapes['<'] = ESCAPE_STANDARD;
      escapes['>'] = ESCAPE_STANDARD;
      escapes['`'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      return null; // no custom escapes: the standard \\uXXXX form is used for <, > and `
    }
  }
}

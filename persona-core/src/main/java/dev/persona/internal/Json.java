package dev.persona.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
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

  /** Strict reader and plain writer: duplicate keys and trailing tokens are errors. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
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
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new IllegalArgumentException("not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
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

package dev.persona.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.ResponseFormat;
import dev.persona.llm.TokenUsage;
import dev.persona.llm.openai.OpenAiLlmProvider.StructuredOutput;
import java.util.Locale;

/** Chat Completions requests and answers as JSON, for the chat endpoint and batch files alike. */
final class ChatCodec {

  static final ObjectMapper JSON = new ObjectMapper();

  private final String model;
  private final StructuredOutput structuredOutput;
  private final String maxTokensField;

  ChatCodec(String model, StructuredOutput structuredOutput, String maxTokensField) {
    this.model = model;
    this.structuredOutput = structuredOutput;
    this.maxTokensField = maxTokensField;
  }

  String model() {
    return model;
  }

  StructuredOutput structuredOutput() {
    return structuredOutput;
  }

  /** The request body. */
  ObjectNode encode(LlmRequest request) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    ArrayNode messages = root.putArray("messages");
    for (LlmMessage m : request.messages()) {
      messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
    }
    root.put("temperature", request.temperature());
    root.put(maxTokensField, request.maxOutputTokens());
    ResponseFormat format = request.responseFormat();
    if (format != null && structuredOutput == StructuredOutput.JSON_SCHEMA) {
      ObjectNode rf = root.putObject("response_format");
      rf.put("type", "json_schema");
      ObjectNode schema = rf.putObject("json_schema");
      schema.put("name", format.name());
      schema.put("strict", format.strict());
      try {
        schema.set("schema", JSON.readTree(format.jsonSchema()));
      } catch (JsonProcessingException e) {
        throw new LlmException(Kind.INVALID_REQUEST, "the response format's schema is not JSON", null, e);
      }
    } else if (format != null && structuredOutput == StructuredOutput.JSON_OBJECT) {
      root.putObject("response_format").put("type", "json_object");
    }
    return root;
  }

  String encodeText(LlmRequest request) {
    try {
      return JSON.writeValueAsString(encode(request));
    } catch (JsonProcessingException e) {
      throw new LlmException(Kind.INVALID_REQUEST, "cannot write the request", null, e);
    }
  }

  /** A 2xx answer's body. */
  LlmResponse decode(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new LlmException(Kind.UNAVAILABLE, "the server's answer is not JSON", null, null);
    }
    return decode(root);
  }

  LlmResponse decode(JsonNode root) {
    JsonNode choice = root.path("choices").path(0);
    JsonNode message = choice.path("message");
    if (choice.isMissingNode() || message.isMissingNode()) {
      throw new LlmException(Kind.UNAVAILABLE, "the server's answer has no choices[0].message");
    }
    if (message.path("refusal").isTextual() && !message.path("refusal").asText().isBlank()) {
      throw new LlmException(Kind.CONTENT_FILTERED, "the model refused to answer");
    }
    String text = message.path("content").isTextual() ? message.path("content").asText() : "";
    FinishReason finish = switch (choice.path("finish_reason").asText("")) {
      case "stop" -> FinishReason.STOP;
      case "length" -> FinishReason.LENGTH;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
    JsonNode usage = root.path("usage");
    long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
    long cached = Math.min(prompt, Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
    long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
    String answeredBy = root.path("model").asText("");
    return new LlmResponse(text, answeredBy.isBlank() ? model : answeredBy, new TokenUsage(prompt, cached, completion),
        finish);
  }
}

package dev.persona.llm.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.ResponseFormat;
import dev.persona.llm.TokenUsage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Method;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Adapts any LangChain4j {@link ChatModel} to Persona's {@link LlmProvider}, so every vendor
 * LangChain4j supports (Anthropic, Gemini, Ollama, Azure OpenAI, Bedrock, Mistral, ...) works.
 *
 * <pre>{@code
 * ChatModel claude = AnthropicChatModel.builder().apiKey(key).modelName("claude-sonnet-4-5")
 *     .maxRetries(0)            // the engine retries; LangChain4j should not retry as well
 *     .build();
 * LlmProvider provider = LangChain4jLlmProvider.of(claude, "claude-sonnet-4-5");
 * }</pre>
 *
 * <p>Build the model with {@code maxRetries(0)}: Persona's engine retries with backoff and
 * honours the concurrency bound, and a model that retries internally multiplies calls. The
 * model's own timeout applies to each call (LangChain4j takes no per-request timeout); the engine
 * still gives up after its call timeout.
 *
 * <p>Error mapping: {@code RateLimitException} is {@code RATE_LIMITED}, or {@code
 * QUOTA_EXHAUSTED} when the vendor says {@code insufficient_quota}; {@code
 * AuthenticationException} is {@code AUTHENTICATION}; {@code TimeoutException} and a timeout
 * underneath are {@code TIMEOUT}; {@code ContentFilteredException} is {@code CONTENT_FILTERED};
 * {@code InvalidRequestException} is {@code CONTEXT_TOO_LONG} when the vendor says the context is
 * exceeded, else {@code INVALID_REQUEST}, as is {@code ModelNotFoundException}; {@code
 * InternalServerException}, other {@code RetriableException}s and I/O failures are {@code
 * UNAVAILABLE}; a bare {@code HttpException} is mapped by its status. What it cannot map:
 * LangChain4j does not expose response headers; a rate limit carries a retry-after only when the
 * vendor's message states the wait ("Please try again in 1.5s"), else the engine backs off
 * exponentially.
 *
 * <p>JSON schema: requests carry Persona's schema only when the model declares {@code
 * Capability.RESPONSE_FORMAT_JSON_SCHEMA}; a default {@code OpenAiChatModel} does not, so it gets
 * plain JSON mode, and the adapter says so once in the log. Build it with {@code
 * supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA).strictJsonSchema(true)}.
 */
public final class LangChain4jLlmProvider implements LlmProvider {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.persona.llm.langchain4j");
  private static final java.util.regex.Pattern WAIT = java.util.regex.Pattern.compile(
      "(?:try again in|retry after|retry-after:?)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|milliseconds?|s|sec|seconds?)?");

  private final ChatModel model;
  private final String modelId;
  private final boolean schemaSupported;
  private final java.util.concurrent.atomic.AtomicBoolean told = new java.util.concurrent.atomic.AtomicBoolean();

  private LangChain4jLlmProvider(ChatModel model, String modelId) {
    this.model = model;
    this.modelId = modelId;
    boolean supported;
    try {
      supported = model.supportedCapabilities().contains(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    } catch (RuntimeException e) {
      supported = false;
    }
    this.schemaSupported = supported;
  }

  /**
   * Adapts a chat model.
   *
   * @param model the LangChain4j model, built with {@code maxRetries(0)}
   * @param modelId the model's exact name, recorded in every personalization's fingerprint
   * @return the provider
   * @throws IllegalArgumentException if a value is missing or blank
   */
  public static LangChain4jLlmProvider of(ChatModel model, String modelId) {
    if (model == null) {
      throw new IllegalArgumentException("model is required");
    }
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    return new LangChain4jLlmProvider(model, modelId.strip());
  }

  @Override
  public String model() {
    return modelId;
  }

  /**
   * Whether requests carry Persona's JSON schema: only when the wrapped model declares {@code
   * Capability.RESPONSE_FORMAT_JSON_SCHEMA}; otherwise they ask for plain JSON mode, and the answer
   * is checked against the rules all the same.
   *
   * @return whether the schema is sent
   */
  public boolean sendsJsonSchema() {
    return schemaSupported;
  }

  @Override
  public LlmResponse complete(LlmRequest request) {
    if (request == null) {
      throw new LlmException(Kind.INVALID_REQUEST, "request is required");
    }
    var params = ChatRequestParameters.builder()
        .temperature(request.temperature())
        .maxOutputTokens(request.maxOutputTokens());
    ResponseFormat format = request.responseFormat();
    if (format != null) {
      params.responseFormat(responseFormat(format));
    }
    ChatRequest chat = ChatRequest.builder().messages(messages(request.messages())).parameters(params.build()).build();
    ChatResponse response;
    try {
      response = model.chat(chat);
    } catch (RuntimeException e) {
      throw map(e);
    }
    if (response == null || response.aiMessage() == null) {
      throw new LlmException(Kind.UNAVAILABLE, "the model returned no message");
    }
    String text = response.aiMessage().text() == null ? "" : response.aiMessage().text();
    String answeredBy = response.modelName() == null || response.modelName().isBlank() ? modelId : response.modelName();
    return new LlmResponse(text, answeredBy, usage(response.tokenUsage()), finish(response.finishReason()));
  }

  private dev.langchain4j.model.chat.request.ResponseFormat responseFormat(ResponseFormat format) {
    if (!schemaSupported) {
      if (told.compareAndSet(false, true)) {
        LOG.warn("model '{}' does not declare RESPONSE_FORMAT_JSON_SCHEMA, so Persona asks it for plain JSON mode "
            + "(json_object) and checks each answer itself; to send the schema, build the model with "
            + "supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA) (and strictJsonSchema(true) for OpenAI)",
            modelId);
      }
      return dev.langchain4j.model.chat.request.ResponseFormat.JSON;
    }
    JsonNode schema;
    try {
      schema = JSON.readTree(format.jsonSchema());
    } catch (JsonProcessingException e) {
      throw new LlmException(Kind.INVALID_REQUEST, "the response format's schema is not JSON", null, e);
    }
    return dev.langchain4j.model.chat.request.ResponseFormat.builder()
        .type(ResponseFormatType.JSON)
        .jsonSchema(JsonSchema.builder().name(format.name()).rootElement(element(schema)).build())
        .build();
  }

  /** Converts a JSON Schema document into LangChain4j's schema types; what it cannot, it passes raw. */
  static JsonSchemaElement element(JsonNode s) {
    String description = s.path("description").isTextual() ? s.path("description").asText() : null;
    String type = s.path("type").isTextual() ? s.path("type").asText() : "";
    switch (type) {
      case "object" -> {
        JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description);
        s.path("properties").properties().forEach(p -> b.addProperty(p.getKey(), element(p.getValue())));
        List<String> required = new ArrayList<>();
        s.path("required").forEach(r -> required.add(r.asText()));
        b.required(required);
        if (s.path("additionalProperties").isBoolean()) {
          b.additionalProperties(s.path("additionalProperties").asBoolean());
        }
        return b.build();
      }
      case "string" -> {
        if (s.path("enum").isArray()) {
          List<String> values = new ArrayList<>();
          s.path("enum").forEach(v -> values.add(v.asText()));
          return JsonEnumSchema.builder().description(description).enumValues(values).build();
        }
        return JsonStringSchema.builder().description(description).build();
      }
      case "integer" -> {
        return JsonIntegerSchema.builder().description(description).build();
      }
      case "number" -> {
        return JsonNumberSchema.builder().description(description).build();
      }
      case "boolean" -> {
        return JsonBooleanSchema.builder().description(description).build();
      }
      case "array" -> {
        return JsonArraySchema.builder().description(description).items(element(s.path("items"))).build();
      }
      default -> {
        return JsonRawSchema.from(s.toString());
      }
    }
  }

  private static List<ChatMessage> messages(List<LlmMessage> in) {
    List<ChatMessage> out = new ArrayList<>();
    StringBuilder pendingUser = null;
    for (LlmMessage m : in) {
      if (m.role() == LlmMessage.Role.USER) {
        // Some vendors refuse two user turns in a row: consecutive user messages become one.
        pendingUser = pendingUser == null ? new StringBuilder(m.content()) : pendingUser.append("\n\n").append(m.content());
        continue;
      }
      if (pendingUser != null) {
        out.add(UserMessage.from(pendingUser.toString()));
        pendingUser = null;
      }
      out.add(m.role() == LlmMessage.Role.SYSTEM ? SystemMessage.from(m.content()) : AiMessage.from(m.content()));
    }
    if (pendingUser != null) {
      out.add(UserMessage.from(pendingUser.toString()));
    }
    return out;
  }

  private static TokenUsage usage(dev.langchain4j.model.output.@Nullable TokenUsage u) {
    if (u == null) {
      return TokenUsage.ZERO;
    }
    long in = u.inputTokenCount() == null ? 0 : Math.max(0, u.inputTokenCount());
    long out = u.outputTokenCount() == null ? 0 : Math.max(0, u.outputTokenCount());
    return new TokenUsage(in, Math.min(in, cachedTokens(u)), out);
  }

  /**
   * Cached prompt tokens from the vendor's usage subclass, without depending on it: OpenAI's
   * {@code inputTokensDetails().cachedTokens()}, Anthropic's {@code cacheReadInputTokens()}.
   */
  static long cachedTokens(Object usage) {
    try {
      Object details = invoke(usage, "inputTokensDetails");
      Object cached = details == null ? invoke(usage, "cacheReadInputTokens") : invoke(details, "cachedTokens");
      return cached instanceof Number n ? Math.max(0, n.longValue()) : 0;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return 0;
    }
  }

  private static @Nullable Object invoke(Object target, String name) throws ReflectiveOperationException {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == 0) {
        return m.invoke(target);
      }
    }
    return null;
  }

  private static FinishReason finish(dev.langchain4j.model.output.@Nullable FinishReason f) {
    if (f == null) {
      return FinishReason.OTHER;
    }
    return switch (f) {
      case STOP -> FinishReason.STOP;
      case LENGTH -> FinishReason.LENGTH;
      case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  /** Maps LangChain4j's exceptions; messages name the exception class only (theirs carry vendor bodies). */
  static LlmException map(RuntimeException e) {
    String what = "LangChain4j " + e.getClass().getSimpleName();
    String detail = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof RateLimitException) {
      return detail.contains("insufficient_quota") || detail.contains("quota")
          ? new LlmException(Kind.QUOTA_EXHAUSTED, what, null, null)
          : new LlmException(Kind.RATE_LIMITED, what, waitIn(detail), null);
    }
    if (e instanceof AuthenticationException) {
      return new LlmException(Kind.AUTHENTICATION, what, null, null);
    }
    if (e instanceof TimeoutException || hasCause(e, HttpTimeoutException.class)
        || hasCause(e, java.net.SocketTimeoutException.class)) {
      return new LlmException(Kind.TIMEOUT, what, null, null);
    }
    if (e instanceof ContentFilteredException) {
      return new LlmException(Kind.CONTENT_FILTERED, what, null, null);
    }
    if (e instanceof InvalidRequestException) {
      return contextExceeded(detail)
          ? new LlmException(Kind.CONTEXT_TOO_LONG, what, null, null)
          : new LlmException(Kind.INVALID_REQUEST, what, null, null);
    }
    if (e instanceof ModelNotFoundException) {
      return new LlmException(Kind.INVALID_REQUEST, what, null, null);
    }
    if (e instanceof InternalServerException || e instanceof RetriableException) {
      return new LlmException(Kind.UNAVAILABLE, what, null, null);
    }
    if (e instanceof HttpException h) {
      int s = h.statusCode();
      Kind kind = s == 429 ? (detail.contains("quota") ? Kind.QUOTA_EXHAUSTED : Kind.RATE_LIMITED)
          : s == 401 || s == 403 ? Kind.AUTHENTICATION
          : s == 408 ? Kind.TIMEOUT
          : s == 413 || contextExceeded(detail) ? Kind.CONTEXT_TOO_LONG
          : s >= 500 || s == 409 ? Kind.UNAVAILABLE
          : Kind.INVALID_REQUEST;
      return new LlmException(kind, what + " (HTTP " + s + ")", kind == Kind.RATE_LIMITED ? waitIn(detail) : null, null);
    }
    if (hasCause(e, InterruptedIOException.class) || hasCause(e, IOException.class)) {
      return new LlmException(Kind.UNAVAILABLE, what + " (I/O)", null, null);
    }
    return new LlmException(Kind.INVALID_REQUEST, what, null, null);
  }

  /**
   * The wait a rate-limit message asks for, when it says one ("Please try again in 1.5s", "retry
   * after 20 seconds"): LangChain4j keeps no response headers, but vendors repeat the wait in the text.
   */
  static java.time.@Nullable Duration waitIn(String detail) {
    java.util.regex.Matcher m = WAIT.matcher(detail.toLowerCase(Locale.ROOT));
    if (!m.find()) {
      return null;
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    long millis = (long) Math.ceil(unit.startsWith("ms") || unit.startsWith("milli") ? n : n * 1000);
    return millis > 0 && millis <= 3_600_000 ? java.time.Duration.ofMillis(millis) : null;
  }

  private static boolean contextExceeded(String detail) {
    return detail.contains("context_length_exceeded") || detail.contains("context length")
        || detail.contains("too many tokens") || detail.contains("prompt is too long");
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "LangChain4jLlmProvider[model=" + modelId + ", chatModel=" + model.getClass().getSimpleName() + "]";
  }
}

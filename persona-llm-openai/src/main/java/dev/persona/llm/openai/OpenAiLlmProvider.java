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
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.ResponseFormat;
import dev.persona.llm.TokenUsage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An {@link LlmProvider} for OpenAI's Chat Completions API and every server that speaks it:
 * OpenAI, Azure-style gateways, OpenRouter, Ollama, vLLM, llama.cpp's server, LM Studio.
 *
 * <pre>{@code
 * LlmProvider openai = OpenAiLlmProvider.builder()
 *     .model("gpt-4o-2024-08-06")          // API key from OPENAI_API_KEY
 *     .build();
 * LlmProvider ollama = OpenAiLlmProvider.builder()
 *     .baseUrl("http://localhost:11434/v1")
 *     .model("qwen2.5:7b")
 *     .structuredOutput(StructuredOutput.JSON_OBJECT)
 *     .build();
 * }</pre>
 *
 * <p>Failures map onto {@link LlmException.Kind}: 429 is {@code RATE_LIMITED} with the delay from
 * {@code retry-after-ms}, {@code retry-after} or {@code x-ratelimit-reset-*}, except 429 {@code
 * insufficient_quota}, which is {@code QUOTA_EXHAUSTED}; 400 {@code context_length_exceeded} (and
 * 413) is {@code CONTEXT_TOO_LONG}; 400 {@code content_policy_violation} and an answer with a
 * {@code refusal} are {@code CONTENT_FILTERED}; other 400, 404 and 422 are {@code
 * INVALID_REQUEST}; 401 and 403 are {@code AUTHENTICATION}; 408 and a read timeout are {@code
 * TIMEOUT}; 409, 5xx, refused or broken connections and unreadable bodies are {@code
 * UNAVAILABLE}. {@code finish_reason} {@code length} and {@code content_filter} are surfaced as
 * {@link FinishReason}s. It never retries by itself: the engine does.
 *
 * <p>The API key is sent only in the {@code Authorization} header; it is never logged, and
 * {@link #toString()} redacts it. Error messages carry the HTTP status and the vendor's error
 * code, never the vendor's message or the request text.
 */
public final class OpenAiLlmProvider implements LlmProvider {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.persona.llm.openai");

  /** How to ask for JSON. */
  public enum StructuredOutput {
    /** {@code response_format: json_schema} with the request's schema (OpenAI, vLLM, recent Ollama). */
    JSON_SCHEMA,
    /** {@code response_format: json_object}, for servers without schema support. */
    JSON_OBJECT,
    /** No {@code response_format}: the prompt alone asks for JSON. */
    NONE
  }

  /** OpenAI's own endpoint. */
  public static final URI OPENAI_BASE_URL = URI.create("https://api.openai.com/v1");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private final URI endpoint;
  private final URI baseUrl;
  private final @Nullable String apiKey;
  private final String model;
  private final @Nullable String organization;
  private final @Nullable String project;
  private final Duration requestTimeout;
  private final StructuredOutput structuredOutput;
  private final String maxTokensField;
  private final Map<String, String> headers;
  private final HttpClient http;

  private OpenAiLlmProvider(Builder b, String model, @Nullable String apiKey) {
    this.baseUrl = b.baseUrl;
    String base = b.baseUrl.toString();
    this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    this.apiKey = apiKey;
    this.model = model;
    this.organization = b.organization;
    this.project = b.project;
    this.requestTimeout = b.requestTimeout;
    this.structuredOutput = b.structuredOutput;
    this.maxTokensField = b.maxCompletionTokens ? "max_completion_tokens" : "max_tokens";
    this.headers = Map.copyOf(b.headers);
    HttpClient client = b.httpClient;
    this.http = client != null ? client : HttpClient.newBuilder()
        .connectTimeout(b.connectTimeout)
        // plain http means a local server: skip the h2c upgrade many of them do not speak
        .version("http".equalsIgnoreCase(b.baseUrl.getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
        .build();
  }

  /**
   * Starts a provider.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public LlmResponse complete(LlmRequest request) {
    if (request == null) {
      throw new LlmException(Kind.INVALID_REQUEST, "request is required");
    }
    Duration timeout = request.timeout().compareTo(requestTimeout) < 0 ? request.timeout() : requestTimeout;
    HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(request), StandardCharsets.UTF_8));
    if (apiKey != null) {
      http.header("Authorization", "Bearer " + apiKey);
    }
    if (organization != null) {
      http.header("OpenAI-Organization", organization);
    }
    if (project != null) {
      http.header("OpenAI-Project", project);
    }
    headers.forEach(http::header);

    HttpResponse<String> response;
    long started = System.nanoTime();
    try {
      response = this.http.send(http.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw new LlmException(Kind.UNAVAILABLE, "could not connect within the connect timeout", null, e);
    } catch (HttpTimeoutException e) {
      throw new LlmException(Kind.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", null, e);
    } catch (IOException e) {
      throw new LlmException(Kind.UNAVAILABLE, "connection failed: " + e.getClass().getSimpleName(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException(Kind.UNAVAILABLE, "interrupted while waiting for the answer", null, e);
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    if (response.statusCode() / 100 != 2) {
      LlmException e = failure(response);
      if (e.kind() == Kind.RATE_LIMITED) {
        LOG.info("{} {} answered {} in {} ms: rate limited, retry after {}", endpoint.getHost(), model,
            response.statusCode(), ms, e.retryAfter().map(d -> d.toMillis() + " ms").orElse("(not said)"));
      } else {
        LOG.warn("{} {} answered {} in {} ms: {}", endpoint.getHost(), model, response.statusCode(), ms, e.kind());
      }
      throw e;
    }
    LlmResponse r = success(response.body());
    LOG.debug("{} {} answered in {} ms: {} prompt ({} cached) + {} completion tokens, finish {}", endpoint.getHost(),
        model, ms, r.usage().promptTokens(), r.usage().cachedPromptTokens(), r.usage().completionTokens(),
        r.finishReason());
    return r;
  }

  private String body(LlmRequest request) {
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
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new LlmException(Kind.INVALID_REQUEST, "cannot write the request", null, e);
    }
  }

  private LlmResponse success(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new LlmException(Kind.UNAVAILABLE, "the server's answer is not JSON", null, null);
    }
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

  private static LlmException failure(HttpResponse<String> response) {
    int status = response.statusCode();
    String code = "";
    String type = "";
    try {
      JsonNode error = JSON.readTree(response.body()).path("error");
      code = token(error.path("code").asText(""));
      type = token(error.path("type").asText(""));
    } catch (JsonProcessingException | RuntimeException e) {
      // not OpenAI's error format (a proxy's page): the status alone decides
    }
    String label = "HTTP " + status + (code.isBlank() ? (type.isBlank() ? "" : " " + type) : " " + code);
    if (status == 429) {
      if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
        return new LlmException(Kind.QUOTA_EXHAUSTED, label);
      }
      return new LlmException(Kind.RATE_LIMITED, label, retryAfter(response.headers()::firstValue, Instant::now)
          .orElse(null), null);
    }
    if (status == 413 || code.equals("context_length_exceeded") || code.equals("string_above_max_length")) {
      return new LlmException(Kind.CONTEXT_TOO_LONG, label);
    }
    if (code.equals("content_policy_violation") || code.equals("content_filter")) {
      return new LlmException(Kind.CONTENT_FILTERED, label);
    }
    if (status == 401 || status == 403) {
      return new LlmException(Kind.AUTHENTICATION, label);
    }
    if (status == 408) {
      return new LlmException(Kind.TIMEOUT, label);
    }
    if (status == 409 || status >= 500) {
      return new LlmException(Kind.UNAVAILABLE, label, retryAfter(response.headers()::firstValue, Instant::now)
          .orElse(null), null);
    }
    return new LlmException(Kind.INVALID_REQUEST, label);
  }

  /** An error code as a short token: anything else a server sends there never reaches a message or a log. */
  private static String token(String raw) {
    return raw.length() <= 64 && raw.matches("[A-Za-z0-9_.-]*") ? raw : "";
  }

  /** The wait a 429 asks for: retry-after-ms, retry-after (seconds or a date), or x-ratelimit-reset-*. */
  static Optional<Duration> retryAfter(Function<String, Optional<String>> header, Supplier<Instant> now) {
    Optional<String> ms = header.apply("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis((long) Math.ceil(Double.parseDouble(ms.get().strip()))));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    Optional<String> ra = header.apply("retry-after");
    if (ra.isPresent()) {
      String v = ra.get().strip();
      try {
        return Optional.of(Duration.ofMillis((long) Math.ceil(Double.parseDouble(v) * 1000)));
      } catch (NumberFormatException e) {
        try {
          Duration d = Duration.between(now.get(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
          return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e2) {
          // fall through
        }
      }
    }
    Optional<Duration> requests = header.apply("x-ratelimit-reset-requests").flatMap(OpenAiLlmProvider::goDuration);
    Optional<Duration> tokens = header.apply("x-ratelimit-reset-tokens").flatMap(OpenAiLlmProvider::goDuration);
    boolean requestsExhausted = header.apply("x-ratelimit-remaining-requests").map(String::strip).filter("0"::equals).isPresent();
    boolean tokensExhausted = header.apply("x-ratelimit-remaining-tokens").map(String::strip).filter("0"::equals).isPresent();
    if (requestsExhausted && !tokensExhausted && requests.isPresent()) {
      return requests;
    }
    if (tokensExhausted && !requestsExhausted && tokens.isPresent()) {
      return tokens;
    }
    if (requests.isPresent() && tokens.isPresent()) {
      return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
    }
    return requests.isPresent() ? requests : tokens;
  }

  /** Parses OpenAI's reset durations: {@code 20ms}, {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}. */
  static Optional<Duration> goDuration(String text) {
    String v = text.strip();
    Matcher m = GO_DURATION.matcher(v);
    long nanos = 0;
    int end = 0;
    boolean any = false;
    while (m.find()) {
      if (m.start() != end) {
        return Optional.empty();
      }
      double n = Double.parseDouble(m.group(1));
      nanos += (long) (n * switch (m.group(2)) {
        case "h" -> 3_600e9;
        case "m" -> 60e9;
        case "s" -> 1e9;
        default -> 1e6;
      });
      end = m.end();
      any = true;
    }
    return any && end == v.length() ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
  }

  /** Shows where it points and which model, never the API key. */
  @Override
  public String toString() {
    return "OpenAiLlmProvider[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
        + (apiKey == null ? "<none>" : "<redacted>") + ", structuredOutput=" + structuredOutput + "]";
  }

  /** Builds an {@link OpenAiLlmProvider}. Only the model is required. */
  public static final class Builder {
    private URI baseUrl = OPENAI_BASE_URL;
    private @Nullable String apiKey;
    private @Nullable String model;
    private @Nullable String organization;
    private @Nullable String project;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofMinutes(5);
    private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;
    private boolean maxCompletionTokens;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable HttpClient httpClient;
    private Function<String, @Nullable String> environment = System::getenv;
    private @Nullable String keyVariable;
    private boolean plainHttpKey;

    private Builder() {}

    /**
     * The API's base URL, up to and including {@code /v1}; OpenAI's by default.
     *
     * @param baseUrl an absolute http or https URL
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      if (baseUrl == null) {
        throw new IllegalArgumentException("baseUrl is required");
      }
      return baseUrl(URI.create(baseUrl.strip()));
    }

    /**
     * The API's base URL, up to and including {@code /v1}.
     *
     * @param baseUrl an absolute http or https URL
     * @return this builder
     */
    public Builder baseUrl(URI baseUrl) {
      if (baseUrl == null || baseUrl.getScheme() == null || baseUrl.getHost() == null
          || !(baseUrl.getScheme().equalsIgnoreCase("http") || baseUrl.getScheme().equalsIgnoreCase("https"))) {
        throw new IllegalArgumentException("baseUrl must be an absolute http or https URL");
      }
      if (baseUrl.getRawUserInfo() != null) {
        throw new IllegalArgumentException("baseUrl must not carry credentials; set the key with apiKey(...)");
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * The API key. Without one, {@code OPENAI_API_KEY} is read for OpenAI's own API only (see {@link
     * #apiKeyFromEnvironment(String)}); local servers may need none.
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = checkedKey(apiKey, "apiKey");
      return this;
    }

    /**
     * Reads the API key from an environment variable when the provider is built, for any base URL.
     * Without this, {@code OPENAI_API_KEY} is read only when the base URL is OpenAI's own
     * ({@code https://api.openai.com}), so a key meant for OpenAI never goes to another server.
     *
     * @param variable the variable's name, for example {@code OPENROUTER_API_KEY}
     * @return this builder
     */
    public Builder apiKeyFromEnvironment(String variable) {
      this.keyVariable = requireText(variable, "variable");
      return this;
    }

    /**
     * Allows sending the API key over plain HTTP to a host other than loopback. Off by default:
     * anyone on the path could read the key.
     *
     * @param allow whether to allow it
     * @return this builder
     */
    public Builder allowApiKeyOverPlainHttp(boolean allow) {
      this.plainHttpKey = allow;
      return this;
    }

    /**
     * The model to call. Required.
     *
     * @param model for example {@code gpt-4o-2024-08-06} or {@code qwen2.5:7b}
     * @return this builder
     */
    public Builder model(String model) {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = model.strip();
      return this;
    }

    /**
     * Sends {@code OpenAI-Organization}.
     *
     * @param organization the organization id
     * @return this builder
     */
    public Builder organization(String organization) {
      this.organization = requireText(organization, "organization");
      return this;
    }

    /**
     * Sends {@code OpenAI-Project}.
     *
     * @param project the project id
     * @return this builder
     */
    public Builder project(String project) {
      this.project = requireText(project, "project");
      return this;
    }

    /**
     * How long to wait for a connection; 10 seconds by default.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * The longest a call may take, whatever the request asks; 5 minutes by default. Each call
     * uses the shorter of this and its request's timeout.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * How to ask for JSON; {@link StructuredOutput#JSON_SCHEMA} by default.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder structuredOutput(StructuredOutput mode) {
      if (mode == null) {
        throw new IllegalArgumentException("structuredOutput is required");
      }
      this.structuredOutput = mode;
      return this;
    }

    /**
     * Sends {@code max_completion_tokens} instead of {@code max_tokens} (OpenAI's reasoning models
     * need it; most compatible servers know only {@code max_tokens}).
     *
     * @param on whether to
     * @return this builder
     */
    public Builder maxCompletionTokens(boolean on) {
      this.maxCompletionTokens = on;
      return this;
    }

    /**
     * Adds a header to every request (for example OpenRouter's {@code HTTP-Referer}).
     *
     * @param name the header
     * @param value its value
     * @return this builder
     */
    public Builder header(String name, String value) {
      String n = requireText(name, "header name");
      if (n.equalsIgnoreCase("authorization")) {
        throw new IllegalArgumentException("set the API key with apiKey(), not as a header");
      }
      if (!n.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
        throw new IllegalArgumentException("header name is not a valid HTTP token");
      }
      String v = requireText(value, "header value");
      if (!v.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7e))) {
        throw new IllegalArgumentException("header " + n + " has a character an HTTP header cannot carry");
      }
      headers.put(n, v);
      return this;
    }

    /**
     * The HTTP client to use; one with the connect timeout by default.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      if (client == null) {
        throw new IllegalArgumentException("httpClient is required");
      }
      this.httpClient = client;
      return this;
    }

    Builder environment(Function<String, @Nullable String> environment) {
      this.environment = environment;
      return this;
    }

    /**
     * Builds the provider.
     *
     * @return the provider
     * @throws IllegalStateException if no model is set; if no API key is set or found while the
     *     base URL is OpenAI's or a variable was named; or if a key would go over plain HTTP to a host
     *     other than loopback without {@link #allowApiKeyOverPlainHttp(boolean)}
     */
    public OpenAiLlmProvider build() {
      String m = model;
      if (m == null) {
        throw new IllegalStateException("model is required");
      }
      String key = apiKey;
      String variable = keyVariable != null ? keyVariable : isOpenAi(baseUrl) ? "OPENAI_API_KEY" : null;
      if (key == null && variable != null) {
        String fromEnv = environment.apply(variable);
        key = fromEnv == null || fromEnv.isBlank() ? null : checkedKey(fromEnv, "$" + variable);
      }
      if (key == null && (isOpenAi(baseUrl) || keyVariable != null)) {
        throw new IllegalStateException("an API key is required for " + baseUrl.getHost()
            + ": call apiKey(...) or set " + (variable == null ? "OPENAI_API_KEY" : variable));
      }
      if (key != null && "http".equalsIgnoreCase(baseUrl.getScheme()) && !isLoopback(baseUrl.getHost())
          && !plainHttpKey) {
        throw new IllegalStateException("refusing to send the API key over plain HTTP to " + baseUrl.getHost()
            + ": use https, or allowApiKeyOverPlainHttp(true) if the network is trusted");
      }
      return new OpenAiLlmProvider(this, m, key);
    }

    private static boolean isOpenAi(URI url) {
      return "https".equalsIgnoreCase(url.getScheme()) && "api.openai.com".equalsIgnoreCase(url.getHost());
    }

    private static boolean isLoopback(String host) {
      String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1")
          || h.equals("0:0:0:0:0:0:0:1");
    }

    /** A key is visible ASCII with no spaces; the message never shows the key. */
    private static String checkedKey(@Nullable String key, String what) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      String k = key.strip();
      for (int i = 0; i < k.length(); i++) {
        char c = k.charAt(i);
        if (c < 0x21 || c > 0x7e) {
          throw new IllegalArgumentException(what + " has a character an HTTP header cannot carry (position "
              + (i + 1) + "); check for a line break or a space in it");
        }
      }
      return k;
    }

    private static String requireText(@Nullable String s, String what) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return s.strip();
    }

    private static Duration positive(@Nullable Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }
}

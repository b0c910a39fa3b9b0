package dev.persona.llm.openai;

import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * {@link dev.persona.llm.FinishReason}s. It never retries by itself: the engine does.
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


  private final OpenAiHttp http;
  private final ChatCodec codec;
  private final Duration requestTimeout;

  private OpenAiLlmProvider(Builder b, String model, @Nullable String apiKey) {
    this.http = b.http(apiKey);
    this.codec = new ChatCodec(model, b.structuredOutput, b.maxCompletionTokens ? "max_completion_tokens" : "max_tokens");
    this.requestTimeout = b.requestTimeout;
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
    return codec.model();
  }

  @Override
  public LlmResponse complete(LlmRequest request) {
    if (request == null) {
      throw new LlmException(Kind.INVALID_REQUEST, "request is required");
    }
    Duration timeout = request.timeout().compareTo(requestTimeout) < 0 ? request.timeout() : requestTimeout;
    long started = System.nanoTime();
    HttpResponse<String> response = http.send("POST", "chat/completions",
        HttpRequest.BodyPublishers.ofString(codec.encodeText(request), StandardCharsets.UTF_8), "application/json",
        timeout);
    long ms = (System.nanoTime() - started) / 1_000_000;
    String host = http.baseUrl().getHost();
    if (response.statusCode() / 100 != 2) {
      LlmException e = OpenAiErrors.failure(response.statusCode(), response.body(), response.headers()::firstValue);
      if (e.kind() == Kind.RATE_LIMITED) {
        LOG.info("{} {} answered {} in {} ms: rate limited, retry after {}", host, model(), response.statusCode(), ms,
            e.retryAfter().map(d -> d.toMillis() + " ms").orElse("(not said)"));
      } else {
        LOG.warn("{} {} answered {} in {} ms: {}", host, model(), response.statusCode(), ms, e.kind());
      }
      throw e;
    }
    LlmResponse r = codec.decode(response.body());
    LOG.debug("{} {} answered in {} ms: {} prompt ({} cached) + {} completion tokens, finish {}", host, model(), ms,
        r.usage().promptTokens(), r.usage().cachedPromptTokens(), r.usage().completionTokens(), r.finishReason());
    return r;
  }

  /** The wait a 429 asks for; see {@link OpenAiErrors#retryAfter}. */
  static Optional<Duration> retryAfter(Function<String, Optional<String>> header, Supplier<Instant> now) {
    return OpenAiErrors.retryAfter(header, now);
  }

  static Optional<Duration> goDuration(String text) {
    return OpenAiErrors.goDuration(text);
  }

  /** Shows where it points and which model, never the API key. */
  @Override
  public String toString() {
    return "OpenAiLlmProvider[baseUrl=" + http.baseUrl() + ", model=" + model() + ", apiKey="
        + (http.hasKey() ? "<redacted>" : "<none>") + ", structuredOutput=" + codec.structuredOutput() + "]";
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
     * Builds a client for the provider's Batch API with the same settings (base URL, key, model,
     * structured output), for {@link dev.persona.llm.LlmBatchProvider}.
     *
     * @return the batch provider
     * @throws IllegalStateException as {@link #build()} does
     */
    public OpenAiBatchProvider buildBatch() {
      OpenAiLlmProvider sync = build();
      return new OpenAiBatchProvider(sync.http, sync.codec, requestTimeout);
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

    /** The transport this builder describes, with the resolved key. */
    OpenAiHttp http(@Nullable String key) {
      HttpClient client = httpClient;
      return new OpenAiHttp(baseUrl, key, organization, project, headers, client != null ? client : HttpClient.newBuilder()
          .connectTimeout(connectTimeout)
          // plain http means a local server: skip the h2c upgrade many of them do not speak
          .version("http".equalsIgnoreCase(baseUrl.getScheme()) ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
          .build());
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

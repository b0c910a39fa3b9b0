package dev.persona.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.ResponseFormat;
import dev.persona.llm.openai.OpenAiLlmProvider.StructuredOutput;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.OpenAiCompatibleServer.Received;
import dev.persona.testkit.OpenAiCompatibleServer.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class OpenAiLlmProviderTest {

  private static final String KEY = "sk-test-secret-key-1234";
  private OpenAiCompatibleServer server;

  @BeforeEach
  void start() throws IOException {
    server = OpenAiCompatibleServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiLlmProvider.Builder builder() {
    return OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey(KEY).model("gpt-test");
  }

  private static LlmRequest request() {
    return new LlmRequest(List.of(LlmMessage.system("система"), LlmMessage.user("вопрос"), LlmMessage.assistant("ответ"),
        LlmMessage.user("исправь")), new ResponseFormat("five", "{\"type\":\"object\",\"required\":[\"a\"]}", true),
        0.4, 777, Duration.ofSeconds(5));
  }

  private LlmException failWith(Reply reply) {
    server.enqueue(reply);
    return catchThrowableOfType(LlmException.class, () -> builder().build().complete(request()));
  }

  @Test
  void theRequest_speaksChatCompletions_withTheSchemaAndHeaders() {
    server.enqueue(Reply.answer("{\"a\":1}"));
    builder().organization("org-1").project("proj-1").header("HTTP-Referer", "https://school.example").build()
        .complete(request());
    Received r = server.received().get(0);
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(r.header("openai-organization")).isEqualTo("org-1");
    assertThat(r.header("openai-project")).isEqualTo("proj-1");
    assertThat(r.header("http-referer")).isEqualTo("https://school.example");
    JsonNode b = r.body();
    assertThat(b.path("model").asText()).isEqualTo("gpt-test");
    assertThat(b.path("messages")).hasSize(4);
    assertThat(b.path("messages").path(0).path("role").asText()).isEqualTo("system");
    assertThat(b.path("messages").path(2).path("role").asText()).isEqualTo("assistant");
    assertThat(b.path("messages").path(3).path("content").asText()).isEqualTo("исправь");
    assertThat(b.path("temperature").asDouble()).isEqualTo(0.4);
    assertThat(b.path("max_tokens").asInt()).isEqualTo(777);
    JsonNode rf = b.path("response_format");
    assertThat(rf.path("type").asText()).isEqualTo("json_schema");
    assertThat(rf.path("json_schema").path("name").asText()).isEqualTo("five");
    assertThat(rf.path("json_schema").path("strict").asBoolean()).isTrue();
    assertThat(rf.path("json_schema").path("schema").path("required").path(0).asText()).isEqualTo("a");
  }

  @Test
  void jsonObjectAndNoneModes_andMaxCompletionTokens() {
    server.enqueue(Reply.answer("{}"), Reply.answer("{}"));
    builder().structuredOutput(StructuredOutput.JSON_OBJECT).maxCompletionTokens(true).build().complete(request());
    builder().structuredOutput(StructuredOutput.NONE).build().complete(request());
    JsonNode first = server.received().get(0).body();
    assertThat(first.path("response_format").path("type").asText()).isEqualTo("json_object");
    assertThat(first.path("max_completion_tokens").asInt()).isEqualTo(777);
    assertThat(first.has("max_tokens")).isFalse();
    assertThat(server.received().get(1).body().has("response_format")).isFalse();
  }

  @Test
  void theAnswer_carriesModelUsageWithCachedTokensAndFinishReason() {
    server.enqueue(Reply.answer("полный ответ 👋", "length"), Reply.answer("x", "content_filter"));
    LlmResponse r = builder().build().complete(request());
    assertThat(r.text()).isEqualTo("полный ответ 👋");
    assertThat(r.model()).isEqualTo("test-model-2026-01-01");
    assertThat(r.usage().cachedPromptTokens()).isEqualTo(10);
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(builder().build().complete(request()).finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void aRefusal_isContentFiltered() {
    String body = "{\"model\":\"m\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"refusal\":\"I can't help with that.\"},\"finish_reason\":\"stop\"}]}";
    LlmException e = failWith(new Reply(200, Map.of("content-type", "application/json"), body, Duration.ZERO, false));
    assertThat(e.kind()).isEqualTo(Kind.CONTENT_FILTERED);
  }

  @Test
  void everyHttpFailure_mapsToItsKind() {
    assertThat(failWith(Reply.error(429, "insufficient_quota", "insufficient_quota")).kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
    assertThat(failWith(Reply.error(400, "invalid_request_error", "context_length_exceeded")).kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
    assertThat(failWith(Reply.error(413, "invalid_request_error", null)).kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
    assertThat(failWith(Reply.error(400, "invalid_request_error", "content_policy_violation")).kind()).isEqualTo(Kind.CONTENT_FILTERED);
    assertThat(failWith(Reply.error(400, "invalid_request_error", "invalid_value")).kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(failWith(Reply.error(404, "invalid_request_error", "model_not_found")).kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(failWith(Reply.error(401, "invalid_request_error", "invalid_api_key")).kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(failWith(Reply.error(403, "permission_error", null)).kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(failWith(Reply.error(408, "timeout", null)).kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failWith(Reply.error(500, "server_error", null)).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failWith(Reply.error(502, "bad_gateway", null)).kind()).isEqualTo(Kind.UNAVAILABLE);
    LlmException html = failWith(new Reply(503, Map.of("content-type", "text/html"), "<html>down</html>", Duration.ZERO, false));
    assertThat(html.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(html.getMessage()).isEqualTo("UNAVAILABLE: HTTP 503");
  }

  @Test
  void rateLimits_carryTheWaitFromEveryHeaderForm() {
    assertThat(failWith(Reply.error(429, "requests", "rate_limit_exceeded").withHeader("retry-after-ms", "1500"))
        .retryAfter()).contains(Duration.ofMillis(1500));
    assertThat(failWith(Reply.error(429, "requests", "rate_limit_exceeded").withHeader("retry-after", "3"))
        .retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(failWith(Reply.error(429, "tokens", "rate_limit_exceeded")
        .withHeader("x-ratelimit-reset-requests", "1s").withHeader("x-ratelimit-reset-tokens", "6m0s")
        .withHeader("x-ratelimit-remaining-requests", "12").withHeader("x-ratelimit-remaining-tokens", "0"))
        .retryAfter()).contains(Duration.ofMinutes(6));
    assertThat(failWith(Reply.error(429, "requests", "rate_limit_exceeded")
        .withHeader("x-ratelimit-reset-requests", "20ms").withHeader("x-ratelimit-reset-tokens", "2s")
        .withHeader("x-ratelimit-remaining-requests", "0").withHeader("x-ratelimit-remaining-tokens", "900"))
        .retryAfter()).contains(Duration.ofMillis(20));
    LlmException none = failWith(Reply.error(429, "requests", "rate_limit_exceeded"));
    assertThat(none.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(none.retryAfter()).isEmpty();
  }

  @Test
  void retryAfterAsAnHttpDate_andOpenAisDurations_parse() {
    Instant now = Instant.parse("2026-11-25T12:00:00Z");
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(42).atZone(ZoneOffset.UTC));
    assertThat(OpenAiLlmProvider.retryAfter(h -> h.equals("retry-after") ? Optional.of(date) : Optional.empty(), () -> now))
        .contains(Duration.ofSeconds(42));
    assertThat(OpenAiLlmProvider.goDuration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
    assertThat(OpenAiLlmProvider.goDuration("20ms")).contains(Duration.ofMillis(20));
    assertThat(OpenAiLlmProvider.goDuration("soon")).isEmpty();
    assertThat(OpenAiLlmProvider.goDuration("5sx")).isEmpty();
  }

  @Test
  void aMalformedBody_aDroppedConnection_andARefusedConnection_areUnavailable() throws IOException {
    assertThat(failWith(Reply.malformed()).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failWith(Reply.answer("{\"a\":1}").droppedMidBody()).kind()).isEqualTo(Kind.UNAVAILABLE);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    LlmException refused = catchThrowableOfType(LlmException.class, () -> OpenAiLlmProvider.builder()
        .baseUrl("http://127.0.0.1:" + closedPort + "/v1").model("m").build().complete(request()));
    assertThat(refused.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(refused.retryable()).isTrue();
  }

  @Test
  void aSlowServer_isATimeout_atTheRequestsTimeout() {
    server.enqueue(Reply.answer("{}").after(Duration.ofSeconds(3)));
    LlmRequest quick = new LlmRequest(request().messages(), null, 0.5, 100, Duration.ofMillis(300));
    long start = System.nanoTime();
    LlmException e = catchThrowableOfType(LlmException.class, () -> builder().build().complete(quick));
    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void nCalls_areReallyInFlightAtOnce() throws Exception {
    int n = 6;
    server.holdUntilConcurrent(n).otherwise(Reply.answer("{\"ok\":true}"));
    OpenAiLlmProvider p = builder().build();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<LlmResponse>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        calls.add(pool.submit(() -> p.complete(request())));
      }
      for (Future<LlmResponse> f : calls) {
        assertThat(f.get(30, TimeUnit.SECONDS).text()).isEqualTo("{\"ok\":true}");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.maxInFlight()).isEqualTo(n);
  }

  @Test
  void theApiKey_neverShowsInToStringOrErrors() {
    OpenAiLlmProvider p = builder().build();
    assertThat(p.toString()).doesNotContain(KEY).contains("<redacted>");
    LlmException e = failWith(Reply.error(401, "invalid_request_error", "invalid_api_key"));
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY).doesNotContain("scripted");
    }
  }

  @Test
  void theEnvironmentKey_goesOnlyToOpenAi_unlessAVariableIsNamed() {
    server.enqueue(Reply.answer("{}"), Reply.answer("{}"));
    java.util.function.Function<String, String> env = name -> name.equals("OPENAI_API_KEY") ? "sk-from-env"
        : name.equals("LOCAL_KEY") ? "sk-local" : null;
    OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).model("m").environment(env).build().complete(request());
    assertThat(server.received().get(0).header("authorization")).isNull();
    OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).model("m").environment(env).apiKeyFromEnvironment("LOCAL_KEY")
        .build().complete(request());
    assertThat(server.received().get(1).header("authorization")).isEqualTo("Bearer sk-local");
    OpenAiLlmProvider openai = OpenAiLlmProvider.builder().model("gpt-4o").environment(env).build();
    assertThat(openai.toString()).contains("api.openai.com").contains("<redacted>");
    assertThatThrownBy(() -> OpenAiLlmProvider.builder().model("gpt-4o").environment(name -> null).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("OPENAI_API_KEY");
    assertThatThrownBy(() -> OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).model("m").environment(name -> null)
        .apiKeyFromEnvironment("LOCAL_KEY").build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("LOCAL_KEY");
    assertThatThrownBy(() -> OpenAiLlmProvider.builder().build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(() -> OpenAiLlmProvider.builder().baseUrl("ftp://x/v1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenAiLlmProvider.builder().header("Authorization", "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKey_isNeverSentOverPlainHttpToAnotherHost_withoutAnExplicitOptIn() {
    assertThatThrownBy(() -> OpenAiLlmProvider.builder().baseUrl("http://llm.internal.example/v1").model("m").apiKey(KEY)
        .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("plain HTTP")
        .hasMessageNotContaining(KEY);
    assertThat(OpenAiLlmProvider.builder().baseUrl("http://llm.internal.example/v1").model("m").apiKey(KEY)
        .allowApiKeyOverPlainHttp(true).build()).isNotNull();
    assertThat(OpenAiLlmProvider.builder().baseUrl("http://llm.internal.example/v1").model("m").build())
        .as("no key, nothing to leak").isNotNull();
    for (String loopback : List.of("http://localhost:11434/v1", "http://127.0.0.1:8000/v1", "http://[::1]:8000/v1")) {
      assertThat(OpenAiLlmProvider.builder().baseUrl(loopback).model("m").apiKey(KEY).build()).isNotNull();
    }
  }

  @Test
  void aKeyOrHeaderThatAnHttpHeaderCannotCarry_isRefusedAtBuildTime_withoutShowingIt() {
    for (String bad : List.of(KEY + "\r\nX-Evil: 1", "sk-\u0000" + KEY, "sk-ключ", "sk key")) {
      assertThatThrownBy(() -> builder().apiKey(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(KEY).hasMessageNotContaining("ключ");
    }
    assertThatThrownBy(() -> OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).model("m")
        .environment(name -> KEY + "\r\nX-Evil: 1").apiKeyFromEnvironment("K").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$K").hasMessageNotContaining(KEY);
    assertThatThrownBy(() -> builder().header("X-Referer", "a\r\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().header("Bad Name", "a")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBaseUrlWithCredentials_isRefused_soToStringCannotShowThem() {
    assertThatThrownBy(() -> OpenAiLlmProvider.builder().baseUrl("https://user:" + KEY + "@proxy.example/v1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(KEY);
  }

}

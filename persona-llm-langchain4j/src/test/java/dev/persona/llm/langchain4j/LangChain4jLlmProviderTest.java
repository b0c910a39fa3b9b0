package dev.persona.llm.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.ResponseFormat;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.OpenAiCompatibleServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LangChain4jLlmProviderTest {

  private static final String SCHEMA = """
      {"type":"object","properties":{"summary_short":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},
       "level":{"type":"string","enum":["a","b"]},"n":{"type":"integer"}},"required":["summary_short"],
       "additionalProperties":false}""";

  @Test
  void aRequestGoesThroughLangChain4jsOpenAiClient_withSchemaMergedUserTurnsAndCachedTokens() throws IOException {
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      server.enqueue(Reply.answer("{\"summary_short\":\"Кратко 👋\"}"));
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl().toString()).apiKey("sk-test")
          .modelName("gpt-test").maxRetries(0).timeout(Duration.ofSeconds(5))
          .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA).strictJsonSchema(true).build();
      LangChain4jLlmProvider provider = LangChain4jLlmProvider.of(model, "gpt-test");
      LlmResponse r = provider.complete(new LlmRequest(
          List.of(LlmMessage.system("система"), LlmMessage.user("материал"), LlmMessage.user("анкета")),
          new ResponseFormat("five", SCHEMA, true), 0.3, 600, Duration.ofSeconds(5)));

      assertThat(r.text()).isEqualTo("{\"summary_short\":\"Кратко 👋\"}");
      assertThat(r.usage().promptTokens()).isEqualTo(30);
      assertThat(r.usage().cachedPromptTokens()).isEqualTo(10);
      JsonNode body = server.received().get(0).body();
      assertThat(body.path("messages")).hasSize(2);
      assertThat(body.path("messages").path(1).path("content").asText()).isEqualTo("материал\n\nанкета");
      assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
      JsonNode schema = body.path("response_format").path("json_schema").path("schema");
      // strict mode: LangChain4j makes optional properties required and nullable
      assertThat(schema.path("properties").path("tags").path("type").toString()).contains("array");
      assertThat(schema.path("required").path(0).asText()).isEqualTo("summary_short");
      assertThat(provider.model()).isEqualTo("gpt-test");
    }
  }

  @Test
  void aModelWithoutSchemaSupport_getsPlainJsonMode_andTheAdapterSaysSoOnce() throws IOException {
    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
        "dev.persona.llm.langchain4j");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
        new ch.qos.logback.core.read.ListAppender<>();
    events.start();
    log.addAppender(events);
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      server.enqueue(Reply.answer("{}"), Reply.answer("{}"));
      OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(server.baseUrl().toString()).apiKey("sk-test")
          .modelName("gpt-test").maxRetries(0).build();
      LangChain4jLlmProvider provider = LangChain4jLlmProvider.of(model, "gpt-test");
      assertThat(provider.sendsJsonSchema()).isFalse();
      for (int i = 0; i < 2; i++) {
        provider.complete(new LlmRequest(List.of(LlmMessage.user("x")), new ResponseFormat("five", SCHEMA, true), 0.3,
            600, Duration.ofSeconds(5)));
      }
      assertThat(server.received()).allSatisfy(r ->
          assertThat(r.body().path("response_format").path("type").asText()).isEqualTo("json_object"));
      assertThat(events.list).filteredOn(e -> e.getFormattedMessage().contains("RESPONSE_FORMAT_JSON_SCHEMA"))
          .hasSize(1);
    } finally {
      log.detachAppender(events);
    }
  }

  @Test
  void aRateLimitMessageThatStatesTheWait_carriesItAsRetryAfter() {
    assertThat(LangChain4jLlmProvider.map(new RateLimitException("Rate limit reached for gpt-4o. Please try again in "
        + "1.5s. Visit ...")).retryAfter()).contains(Duration.ofMillis(1500));
    assertThat(LangChain4jLlmProvider.map(new RateLimitException("Please try again in 20ms.")).retryAfter())
        .contains(Duration.ofMillis(20));
    assertThat(LangChain4jLlmProvider.map(new HttpException(429, "retry after 7 seconds")).retryAfter())
        .contains(Duration.ofSeconds(7));
    assertThat(LangChain4jLlmProvider.map(new RateLimitException("429 rate_limit_exceeded")).retryAfter()).isEmpty();
  }

  @Test
  void theSchemaConverter_coversTheTypesPersonaUses() throws IOException {
    JsonObjectSchema root = (JsonObjectSchema) LangChain4jLlmProvider.element(new ObjectMapper().readTree(SCHEMA));
    assertThat(root.properties()).containsOnlyKeys("summary_short", "tags", "level", "n");
    assertThat(root.required()).containsExactly("summary_short");
    assertThat(root.additionalProperties()).isFalse();
  }

  @Test
  void langChain4jsExceptions_mapToKinds() {
    assertThat(LangChain4jLlmProvider.map(new RateLimitException("429 rate_limit_exceeded")).kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(LangChain4jLlmProvider.map(new RateLimitException("{\"code\":\"insufficient_quota\"}")).kind()).isEqualTo(Kind.QUOTA_EXHAUSTED);
    assertThat(LangChain4jLlmProvider.map(new AuthenticationException("401")).kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(LangChain4jLlmProvider.map(new TimeoutException("slow")).kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(LangChain4jLlmProvider.map(new ContentFilteredException("filtered")).kind()).isEqualTo(Kind.CONTENT_FILTERED);
    assertThat(LangChain4jLlmProvider.map(new InvalidRequestException("context_length_exceeded")).kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
    assertThat(LangChain4jLlmProvider.map(new InvalidRequestException("prompt is too long: 210000 tokens")).kind()).isEqualTo(Kind.CONTEXT_TOO_LONG);
    assertThat(LangChain4jLlmProvider.map(new InvalidRequestException("bad temperature")).kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(LangChain4jLlmProvider.map(new ModelNotFoundException("no model")).kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(LangChain4jLlmProvider.map(new InternalServerException("500")).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(LangChain4jLlmProvider.map(new HttpException(529, "overloaded")).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(LangChain4jLlmProvider.map(new HttpException(403, "forbidden")).kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(LangChain4jLlmProvider.map(new UncheckedIOException(new IOException("reset"))).kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(LangChain4jLlmProvider.map(new IllegalStateException("bug")).kind()).isEqualTo(Kind.INVALID_REQUEST);
    assertThat(LangChain4jLlmProvider.map(new InvalidRequestException("secret prompt text")).getMessage())
        .doesNotContain("secret");
  }
}

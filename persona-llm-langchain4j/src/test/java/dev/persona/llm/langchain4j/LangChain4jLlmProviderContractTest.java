package dev.persona.llm.langchain4j;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.persona.llm.LlmProvider;
import dev.persona.testkit.LlmProviderContract;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.OpenAiCompatibleServer.Reply;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract through LangChain4j's own OpenAI client, over real HTTP on loopback. */
final class LangChain4jLlmProviderContractTest extends LlmProviderContract {

  private OpenAiCompatibleServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = OpenAiCompatibleServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Override
  protected LlmProvider provider() {
    OpenAiChatModel model = OpenAiChatModel.builder()
        .baseUrl(server.baseUrl().toString())
        .apiKey("sk-test-secret-key")
        .modelName("test-model")
        .maxRetries(0)
        .timeout(requestTimeout())
        .build();
    return LangChain4jLlmProvider.of(model, "test-model");
  }

  @Override
  protected boolean reportsRetryAfter() {
    return false;
  }

  @Override
  protected void answerNext(String text, int times) {
    for (int i = 0; i < times; i++) {
      server.enqueue(Reply.answer(text));
    }
  }

  @Override
  protected void failNext(Failure failure) {
    server.enqueue(switch (failure) {
      case RATE_LIMITED_RETRY_AFTER_2S -> Reply.error(429, "requests", "rate_limit_exceeded").withHeader("retry-after", "2");
      case AUTHENTICATION -> Reply.error(401, "invalid_request_error", "invalid_api_key");
      case QUOTA_EXHAUSTED -> Reply.error(429, "insufficient_quota", "insufficient_quota");
      case CONTEXT_TOO_LONG -> Reply.error(400, "invalid_request_error", "context_length_exceeded");
      case UNAVAILABLE -> Reply.error(503, "server_error", null);
      case SLOW -> Reply.answer("{}").after(requestTimeout().plusSeconds(2));
    });
  }

  @Override
  protected Duration requestTimeout() {
    return Duration.ofMillis(800);
  }
}

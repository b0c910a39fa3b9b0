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
    server.enqueue(Reply.of(failure, requestTimeout()));
  }

  @Override
  protected Duration requestTimeout() {
    return Duration.ofMillis(800);
  }
}

package dev.persona.llm.openai;

import dev.persona.llm.LlmProvider;
import dev.persona.testkit.LlmProviderContract;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.OpenAiCompatibleServer.Reply;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract over real HTTP on loopback, against a server speaking OpenAI's protocol. */
final class OpenAiLlmProviderContractTest extends LlmProviderContract {

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
    return OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey("sk-test-secret-key").model("test-model").build();
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
    return Duration.ofMillis(500);
  }
}

package dev.persona.testkit;

import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.llm.TokenUsage;
import java.time.Duration;

/** The fake provider meets the same contract as the real ones. */
final class ScriptedLlmProviderContractTest extends LlmProviderContract {

  private final ScriptedLlmProvider scripted = ScriptedLlmProvider.create();

  @Override
  protected LlmProvider provider() {
    return scripted;
  }

  @Override
  protected void answerNext(String text, int times) {
    for (int i = 0; i < times; i++) {
      scripted.thenReturn(new LlmResponse(text, "scripted-model", new TokenUsage(30, 10, 20), FinishReason.STOP));
    }
  }

  @Override
  protected void failNext(Failure failure) {
    scripted.thenThrow(switch (failure) {
      case RATE_LIMITED_RETRY_AFTER_2S -> new LlmException(Kind.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(2), null);
      case AUTHENTICATION -> new LlmException(Kind.AUTHENTICATION, "HTTP 401");
      case QUOTA_EXHAUSTED -> new LlmException(Kind.QUOTA_EXHAUSTED, "HTTP 429 insufficient_quota");
      case CONTEXT_TOO_LONG -> new LlmException(Kind.CONTEXT_TOO_LONG, "HTTP 400 context_length_exceeded");
      case UNAVAILABLE -> new LlmException(Kind.UNAVAILABLE, "HTTP 503");
      case SLOW -> new LlmException(Kind.TIMEOUT, "no answer in time");
    });
  }
}

package dev.persona.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.ResponseFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LlmProvider} meets, as tests. A subclass wires the provider to a
 * backend it can script (a local HTTP server that speaks the vendor's protocol, or a fake), and
 * the suite checks that answers come back whole and that each failure surfaces as the right
 * {@link LlmException.Kind}.
 */
public abstract class LlmProviderContract {

  /** A failure the backend can be told to produce on its next call. */
  public enum Failure {
    /** Too many requests, asking the client to wait 2 seconds. */
    RATE_LIMITED_RETRY_AFTER_2S,
    /** The API key is rejected. */
    AUTHENTICATION,
    /** The account has no quota left. */
    QUOTA_EXHAUSTED,
    /** The prompt does not fit the model's context. */
    CONTEXT_TOO_LONG,
    /** The backend fails with a server error. */
    UNAVAILABLE,
    /** The backend answers only after the request's timeout. */
    SLOW
  }

  /** Creates the suite. */
  protected LlmProviderContract() {}

  /**
   * The provider under test, talking to the scripted backend. May be called once per test.
   *
   * @return the provider
   */
  protected abstract LlmProvider provider();

  /**
   * Scripts the backend's next answers (one per call) with this text, 30 prompt tokens of which
   * 10 cached, 20 completion tokens, finished normally.
   *
   * @param text the answer text
   * @param times how many calls get this answer
   */
  protected abstract void answerNext(String text, int times);

  /**
   * Scripts the backend's next call to fail.
   *
   * @param failure how
   */
  protected abstract void failNext(Failure failure);

  /**
   * The timeout the suite puts on requests; the backend's {@link Failure#SLOW} answer must take
   * longer.
   *
   * @return 1 second by default
   */
  protected Duration requestTimeout() {
    return Duration.ofSeconds(1);
  }

  /**
   * Whether the provider can tell how long a rate limit asks to wait. Providers built on clients
   * that hide response headers return {@code false}; their rate limits must then carry no wait.
   *
   * @return true by default
   */
  protected boolean reportsRetryAfter() {
    return true;
  }

  /**
   * A request with a system and a user message and the five-field schema.
   *
   * @return the request
   */
  protected LlmRequest request() {
    return new LlmRequest(
        List.of(LlmMessage.system("Ты методист."), LlmMessage.user("Напиши JSON для урока «Диагностика».")),
        new ResponseFormat("five_fields", "{\"type\":\"object\"}", true), 0.7, 500, requestTimeout());
  }

  @Test
  void complete_returnsTheWholeAnswer_withModelUsageAndFinishReason() {
    String text = "{\"summary_short\":\"Кратко 👋 «ёлка»\"}";
    answerNext(text, 1);
    LlmResponse r = provider().complete(request());
    assertThat(r.text()).isEqualTo(text);
    assertThat(r.model()).isNotBlank();
    assertThat(r.usage().promptTokens()).isEqualTo(30);
    assertThat(r.usage().cachedPromptTokens()).isEqualTo(10);
    assertThat(r.usage().completionTokens()).isEqualTo(20);
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void model_isNotBlank() {
    assertThat(provider().model()).isNotBlank();
  }

  @Test
  void rateLimited_isRetryable_andCarriesRetryAfter() {
    failNext(Failure.RATE_LIMITED_RETRY_AFTER_2S);
    LlmException e = catchThrowableOfType(LlmException.class, () -> provider().complete(request()));
    assertThat(e.kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    if (reportsRetryAfter()) {
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    } else {
      assertThat(e.retryAfter()).isEmpty();
    }
  }

  @Test
  void authenticationFailure_isNotRetryable() {
    failNext(Failure.AUTHENTICATION);
    LlmException e = catchThrowableOfType(LlmException.class, () -> provider().complete(request()));
    assertThat(e.kind()).isEqualTo(LlmException.Kind.AUTHENTICATION);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void quotaExhausted_isNotRetryable() {
    failNext(Failure.QUOTA_EXHAUSTED);
    LlmException e = catchThrowableOfType(LlmException.class, () -> provider().complete(request()));
    assertThat(e.kind()).isEqualTo(LlmException.Kind.QUOTA_EXHAUSTED);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void contextTooLong_isNotRetryable() {
    failNext(Failure.CONTEXT_TOO_LONG);
    LlmException e = catchThrowableOfType(LlmException.class, () -> provider().complete(request()));
    assertThat(e.kind()).isEqualTo(LlmException.Kind.CONTEXT_TOO_LONG);
  }

  @Test
  void serverError_isUnavailable_andRetryable() {
    failNext(Failure.UNAVAILABLE);
    LlmException e = catchThrowableOfType(LlmException.class, () -> provider().complete(request()));
    assertThat(e.kind()).isEqualTo(LlmException.Kind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void slowBackend_isATimeout() {
    failNext(Failure.SLOW);
    long start = System.nanoTime();
    LlmException e = catchThrowableOfType(LlmException.class, () -> provider().complete(request()));
    assertThat(e.kind()).isEqualTo(LlmException.Kind.TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(requestTimeout().multipliedBy(10));
  }

  @Test
  void errorMessages_neverContainTheRequestText() {
    failNext(Failure.AUTHENTICATION);
    LlmException e = catchThrowableOfType(LlmException.class, () -> provider().complete(request()));
    assertThat(e.getMessage()).doesNotContain("Диагностика").doesNotContain("методист");
  }

  @Test
  void concurrentCalls_allGetTheirAnswers() throws Exception {
    int calls = 8;
    answerNext("{\"ok\":true}", calls);
    LlmProvider p = provider();
    ExecutorService pool = Executors.newFixedThreadPool(calls);
    try {
      List<Future<LlmResponse>> results = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        results.add(pool.submit(() -> p.complete(request())));
      }
      for (Future<LlmResponse> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS).text()).isEqualTo("{\"ok\":true}");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

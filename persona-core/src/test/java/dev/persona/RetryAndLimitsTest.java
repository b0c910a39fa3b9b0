package dev.persona;

import static dev.persona.PersonalizationServiceTest.answer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.LessonResult.Outcome;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.store.InMemoryPersonaStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class RetryAndLimitsTest {

  private InMemoryPersonaStore store;
  private Course course;
  private final Fakes.RecordingSleeper sleeper = new Fakes.RecordingSleeper();
  private final List<PersonalizationService> services = new ArrayList<>();

  @BeforeEach
  void setUp() {
    store = new InMemoryPersonaStore();
    course = Samples.course(store, "massage");
    Samples.lessons(store, course);
    Samples.profile(store, course, "anna");
  }

  @AfterEach
  void tearDown() {
    services.forEach(PersonalizationService::close);
  }

  private PersonalizationService service(PersonalizationService.Builder b) {
    PersonalizationService s = b.store(store).sleeper(sleeper).build();
    services.add(s);
    return s;
  }

  private static LlmResponse response(String text) {
    return new LlmResponse(text, "scripted-model", new TokenUsage(100, 0, 50), FinishReason.STOP);
  }

  // ---- re-ask ----

  @Test
  void anAnswerBreakingTheRules_isSentBackWithItsViolations_andTheFixedOneIsStored() {
    String english = "{\"summary_short\":\"This lesson shows neck massage basics for you.\",\"why_watch\":\"\","
        + "\"quick_action\":\"Сделайте упражнение на шею сразу после урока.\",\"social_share\":\"Урок 5 — огонь! #массаж\","
        + "\"homework_20m\":\"Двадцать минут практики на модели с заметками.\"}";
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().thenReturn(english).thenReturn(Samples.validJson("fixed"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));

    LessonResult r = service.personalizeLesson("anna", "massage", 1);

    assertThat(r.outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.usage().totalTokens()).isEqualTo(40);
    assertThat(r.findPersonalization().orElseThrow().content().summaryShort()).contains("fixed");
    LlmRequest second = llm.requests().get(1);
    List<LlmMessage> m = second.messages();
    assertThat(m.get(m.size() - 2)).isEqualTo(LlmMessage.assistant(english));
    assertThat(m.get(m.size() - 1).content())
        .contains("- поле summary_short написано не на русском языке")
        .contains("- поле why_watch пустое")
        .doesNotContain("поле why_watch слишком короткое")
        .contains("- поле social_share упоминает номер урока");
    assertThat(m.subList(0, 3)).isEqualTo(llm.requests().get(0).messages());
  }

  @Test
  void everyAnswerBreakingTheRules_failsTheLesson_afterTheConfiguredAttempts() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().otherwise(r -> response("не JSON вовсе"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxAttempts(4));
    LessonResult r = service.personalizeLesson("anna", "massage", 1);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).startsWith("every answer broke the content rules (4 attempts)");
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(llm.callCount()).isEqualTo(4);
    assertThat(store.personalizations(store.findProfile("anna", "massage").orElseThrow().id())).isEmpty();
  }

  @Test
  void aCutOffAnswer_isReaskedWithALengthHint() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .thenReturn(new LlmResponse("{\"summary_short\": \"Анна, урок", "m", TokenUsage.ZERO, FinishReason.LENGTH))
        .thenReturn(Samples.validJson("ok"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.GENERATED);
    List<LlmMessage> m = llm.requests().get(1).messages();
    assertThat(m.get(m.size() - 1).content()).contains("ответ оборвался на лимите длины");
  }

  @Test
  void aContentFilteredAnswer_isNotReasked() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .otherwise(r -> new LlmResponse("", "m", TokenUsage.ZERO, FinishReason.CONTENT_FILTER));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    LessonResult r = service.personalizeLesson("anna", "massage", 1);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).contains("content filter");
    assertThat(llm.callCount()).isEqualTo(1);
  }

  // ---- retries ----

  @Test
  void rateLimited_waitsExactlyTheRetryAfter_thenSucceeds() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .thenThrow(new LlmException(Kind.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(7), null))
        .thenReturn(Samples.validJson("ok"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    LessonResult r = service.personalizeLesson("anna", "massage", 1);
    assertThat(r.outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    assertThat(llm.callCount()).isEqualTo(2);
  }

  @Test
  void retryableFailures_backOffExponentiallyWithJitter() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .thenThrow(new LlmException(Kind.UNAVAILABLE, "HTTP 503"))
        .thenThrow(new LlmException(Kind.TIMEOUT, "slow"))
        .thenThrow(new LlmException(Kind.UNAVAILABLE, "reset"))
        .thenReturn(Samples.validJson("ok"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(sleeper.waits).hasSize(3);
    long[] expectedMillis = {1000, 2000, 4000};
    for (int i = 0; i < 3; i++) {
      assertThat(sleeper.waits.get(i).toMillis()).isBetween((long) (expectedMillis[i] * 0.8), (long) (expectedMillis[i] * 1.2));
    }
  }

  @Test
  void retries_stopAtTheConfiguredLimit() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .otherwise(r -> {
          throw new LlmException(Kind.UNAVAILABLE, "HTTP 502");
        });
    RetryPolicy twoRetries = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0, Duration.ofSeconds(10));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).retryPolicy(twoRetries));
    LessonResult r = service.personalizeLesson("anna", "massage", 1);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("provider failed: UNAVAILABLE (retries exhausted)");
    assertThat(llm.callCount()).isEqualTo(3);
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aRetryAfterLongerThanTheLimit_isNotWaitedFor() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .thenThrow(new LlmException(Kind.RATE_LIMITED, "HTTP 429", Duration.ofHours(1), null));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(sleeper.waits).isEmpty();
    assertThat(llm.callCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(value = Kind.class, names = {"QUOTA_EXHAUSTED", "AUTHENTICATION", "CONTEXT_TOO_LONG", "INVALID_REQUEST", "CONTENT_FILTERED"})
  void nonRetryableKinds_areNeverRetried(Kind kind) {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().thenThrow(new LlmException(kind, "no"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    LessonResult r = service.personalizeLesson("anna", "massage", 1);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("provider failed: " + kind + " (not retryable)");
    assertThat(llm.callCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
    assertThat(kind.retryable()).isFalse();
  }

  @Test
  void aProviderThatHangs_isCutOffAtTheCallTimeout_andFreesItsPermit() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    LlmProvider hanging = request -> {
      if (calls.incrementAndGet() == 1) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new LlmException(Kind.TIMEOUT, "interrupted");
        }
      }
      return response(Samples.validJson("second"));
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(hanging)
        .maxConcurrency(1).retryPolicy(RetryPolicy.none()).callTimeout(Duration.ofMillis(200)));
    LessonResult r = service.personalizeLesson("anna", "massage", 1);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("provider failed: TIMEOUT (retries exhausted)");
    // the only permit came back when the hung call was interrupted, so the next call can run
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.GENERATED);
  }

  // ---- limits ----

  @Test
  void theConcurrencyBound_holdsAcrossEverythingTheServiceRuns() throws Exception {
    int bound = 3;
    Samples.profile(store, course, "boris");
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch boundReached = new CountDownLatch(bound);
    CountDownLatch release = new CountDownLatch(1);
    LlmProvider blocking = request -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      calls.incrementAndGet();
      boundReached.countDown();
      try {
        release.await();
        return response(Samples.validJson("x"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException(Kind.UNAVAILABLE, "interrupted");
      } finally {
        inFlight.decrementAndGet();
      }
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(blocking).maxConcurrency(bound)
        .callTimeout(Duration.ofSeconds(60)));
    CompletableFuture<RegenerationReport> anna = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    CompletableFuture<RegenerationReport> boris = service.regenerateAsync("boris", "massage", RegenerateOptions.defaults());
    // an on-demand call from a host thread competes for the same permits
    CompletableFuture<LessonResult> onDemand = CompletableFuture.supplyAsync(
        () -> service.personalizeLesson("anna", "massage", 12));

    assertThat(boundReached.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(inFlight.get()).isEqualTo(bound);
    release.countDown();
    assertThat(anna.get(30, TimeUnit.SECONDS).hasFailures()).isFalse();
    assertThat(boris.get(30, TimeUnit.SECONDS).count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(onDemand.get(30, TimeUnit.SECONDS).outcome()).isIn(Outcome.GENERATED, Outcome.UNCHANGED);
    assertThat(maxInFlight.get()).isEqualTo(bound);
    assertThat(calls.get()).isBetween(24, 25);
  }

  @Test
  void theRequestsPerMinuteLimit_makesTheCallerWaitForTheWindow() throws Exception {
    AtomicLong clock = new AtomicLong(0);
    List<Duration> waits = new ArrayList<>();
    Sleeper advancing = d -> {
      waits.add(d);
      clock.addAndGet(d.toNanos());
    };
    CallLimiter limiter = new CallLimiter(10, 2, clock::get, advancing);
    limiter.acquire();
    limiter.release();
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    limiter.acquire();
    limiter.release();
    assertThat(waits).isEmpty();
    limiter.acquire();
    limiter.release();
    assertThat(waits).containsExactly(Duration.ofSeconds(50));
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void rateLimitedRuns_stillComplete() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().otherwise(r -> answer(r, "x"));
    AtomicLong clock = new AtomicLong();
    List<Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
    PersonalizationService service = PersonalizationService.builder().store(store).provider(llm)
        .requestsPerMinute(5).maxConcurrency(1).nanoTime(clock::get)
        .sleeper(d -> {
          waits.add(d);
          clock.addAndGet(d.toNanos());
        })
        .build();
    services.add(service);
    RegenerationReport r = service.regenerate("anna", "massage");
    assertThat(r.count(Outcome.GENERATED)).isEqualTo(12);
    // 12 calls at 5 a minute on a clock that only moves while waiting: two full-minute waits
    assertThat(waits).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(1));
  }
}

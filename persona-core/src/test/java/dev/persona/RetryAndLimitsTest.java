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
import java.util.concurrent.Executor;
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
  private final ManualClock clock = new ManualClock();
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

  private PersonalizationService service(PersonalizationServiceBuilder b) {
    PersonalizationService s = b.store(store).clock(clock).build();
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

  // ---- retries: every wait is a timer on the engine's clock ----

  /** Waits until the engine has scheduled a wait shorter than a call timeout (a backoff or retry-after). */
  private Duration awaitBackoff() throws InterruptedException {
    clock.awaitPending(1, d -> d.compareTo(Duration.ofSeconds(60)) < 0);
    return clock.pendingDelays().stream().filter(d -> d.compareTo(Duration.ofSeconds(60)) < 0).findFirst().orElseThrow();
  }

  private CompletableFuture<LessonResult> personalizeAsync(PersonalizationService service, String user, int lesson) {
    return CompletableFuture.supplyAsync(() -> service.personalizeLesson(user, "massage", lesson));
  }

  @Test
  void rateLimited_waitsExactlyTheRetryAfter_thenSucceeds() throws Exception {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .thenThrow(new LlmException(Kind.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(7), null))
        .thenReturn(Samples.validJson("ok"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    CompletableFuture<LessonResult> f = personalizeAsync(service, "anna", 1);

    assertThat(awaitBackoff()).isEqualTo(Duration.ofSeconds(7));
    clock.advance(Duration.ofSeconds(7).minusNanos(1));
    assertThat(llm.callCount()).isEqualTo(1);
    clock.advance(Duration.ofNanos(1));
    LessonResult r = f.get(10, TimeUnit.SECONDS);

    assertThat(r.outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(llm.callCount()).isEqualTo(2);
  }

  @Test
  void retryableFailures_backOffExponentiallyWithJitter() throws Exception {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .thenThrow(new LlmException(Kind.UNAVAILABLE, "HTTP 503"))
        .thenThrow(new LlmException(Kind.TIMEOUT, "slow"))
        .thenThrow(new LlmException(Kind.UNAVAILABLE, "reset"))
        .thenReturn(Samples.validJson("ok"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    CompletableFuture<LessonResult> f = personalizeAsync(service, "anna", 1);
    long[] expectedMillis = {1000, 2000, 4000};
    for (long expected : expectedMillis) {
      Duration wait = awaitBackoff();
      assertThat(wait.toMillis()).isBetween((long) (expected * 0.8), (long) (expected * 1.2));
      clock.advance(wait);
    }
    assertThat(f.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(llm.callCount()).isEqualTo(4);
  }

  @Test
  void retries_stopAtTheConfiguredLimit() throws Exception {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .otherwise(r -> {
          throw new LlmException(Kind.UNAVAILABLE, "HTTP 502");
        });
    RetryPolicy twoRetries = new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0, Duration.ofSeconds(10));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).retryPolicy(twoRetries));
    CompletableFuture<LessonResult> f = personalizeAsync(service, "anna", 1);
    assertThat(awaitBackoff()).isEqualTo(Duration.ofMillis(100));
    clock.advance(Duration.ofMillis(100));
    assertThat(awaitBackoff()).isEqualTo(Duration.ofMillis(200));
    clock.advance(Duration.ofMillis(200));
    LessonResult r = f.get(10, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("provider failed: UNAVAILABLE (retries exhausted)");
    assertThat(llm.callCount()).isEqualTo(3);
  }

  @Test
  void aRetryAfterLongerThanTheLimit_isNotWaitedFor() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .thenThrow(new LlmException(Kind.RATE_LIMITED, "HTTP 429", Duration.ofHours(1), null));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm));
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(clock.history()).noneMatch(d -> d.equals(Duration.ofHours(1)));
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
    assertThat(clock.history()).allMatch(d -> d.equals(Duration.ofSeconds(90)), "only the call's timeout was set");
    assertThat(kind.retryable()).isFalse();
  }

  @Test
  void aProviderThatHangs_isCutOffAtExactlyTheCallTimeout_interrupted_andFreesItsPermit() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    LlmProvider hanging = request -> {
      if (calls.incrementAndGet() == 1) {
        entered.countDown();
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          interrupted.countDown();
          throw new LlmException(Kind.TIMEOUT, "interrupted");
        }
      }
      return response(Samples.validJson("second"));
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(hanging)
        .maxConcurrency(1).retryPolicy(RetryPolicy.none()).callTimeout(Duration.ofSeconds(1))
        .failureBackoff(Duration.ZERO));
    CompletableFuture<LessonResult> f = personalizeAsync(service, "anna", 1);
    clock.awaitPending(1, d -> d.equals(Duration.ofSeconds(1)));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    clock.advance(Duration.ofMillis(999));
    assertThat(f).isNotDone();
    clock.advance(Duration.ofMillis(1));
    LessonResult r = f.get(10, TimeUnit.SECONDS);

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("provider failed: TIMEOUT (not retryable)".replace("not retryable", "retries exhausted"));
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    // the only permit came back at the timeout, so the next call can run
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.GENERATED);
  }

  @Test
  void aCallWaitingToRetry_holdsNeitherAPermitNorAThread() throws Exception {
    Samples.profile(store, course, "boris");
    AtomicInteger annaCalls = new AtomicInteger();
    AtomicInteger busyThreads = new AtomicInteger();
    Executor counting = task -> new Thread(() -> {
      busyThreads.incrementAndGet();
      try {
        task.run();
      } finally {
        busyThreads.decrementAndGet();
      }
    }).start();
    LlmProvider provider = request -> {
      if (request.messages().get(request.messages().size() - 1).content().contains("\"Анна\"")
          && annaCalls.incrementAndGet() == 1) {
        throw new LlmException(Kind.UNAVAILABLE, "HTTP 503", Duration.ofSeconds(30), null);
      }
      return response(Samples.validJson("ok"));
    };
    store.saveProfile(store.findProfile("boris", "massage").orElseThrow().withName("Борис"));
    PersonalizationService service = service(PersonalizationService.builder().provider(provider)
        .maxConcurrency(1).executor(counting));
    CompletableFuture<LessonResult> anna = personalizeAsync(service, "anna", 1);
    assertThat(awaitBackoff()).isEqualTo(Duration.ofSeconds(30));

    // anna's call waits 30 s on the clock; with one permit, boris's call still goes at once
    LessonResult boris = service.personalizeLesson("boris", "massage", 1);
    assertThat(boris.outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(anna).isNotDone();
    Fakes.awaitTrue(() -> busyThreads.get() == 0, "no thread is busy while anna's call waits");
    assertThat(service.engine().scheduler.inFlight()).isZero();

    clock.advance(Duration.ofSeconds(30));
    assertThat(anna.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GENERATED);
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
    PersonalizationService service = service(PersonalizationService.builder().provider(blocking).maxConcurrency(bound));
    CompletableFuture<RegenerationReport> anna = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    CompletableFuture<RegenerationReport> boris = service.regenerateAsync("boris", "massage", RegenerateOptions.defaults());
    // an on-demand call from a host thread competes for the same permits
    CompletableFuture<LessonResult> onDemand = personalizeAsync(service, "anna", 12);

    assertThat(boundReached.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(inFlight.get()).isEqualTo(bound);
    release.countDown();
    assertThat(anna.get(30, TimeUnit.SECONDS).hasFailures()).isFalse();
    assertThat(boris.get(30, TimeUnit.SECONDS).count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(onDemand.get(30, TimeUnit.SECONDS).outcome()).isIn(Outcome.GENERATED, Outcome.UNCHANGED);
    assertThat(maxInFlight.get()).isEqualTo(bound);
    // 24, or 25 when the on-demand lesson was stored before anna's run read her lessons
    assertThat(calls.get()).isBetween(24, 25);
  }

  @Test
  void theTokenBucket_startsABurstAtOnce_thenOneCallPerInterval() {
    AtomicLong now = new AtomicLong();
    TokenBucketRateGate gate = new TokenBucketRateGate(60, 2, 0, now::get);
    assertThat(gate.tryAcquire(100)).isZero();
    assertThat(gate.tryAcquire(100)).isZero();
    assertThat(gate.tryAcquire(100)).isEqualTo(Duration.ofSeconds(1));
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(gate.tryAcquire(100)).isEqualTo(Duration.ofMillis(500));
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(gate.tryAcquire(100)).isZero();
    // after a quiet minute the bucket holds its burst again, no more
    now.addAndGet(Duration.ofMinutes(1).toNanos());
    assertThat(gate.tryAcquire(100)).isZero();
    assertThat(gate.tryAcquire(100)).isZero();
    assertThat(gate.tryAcquire(100)).isPositive();
  }

  @Test
  void theTokenBucket_limitsTokens_andCorrectsItsEstimate() {
    AtomicLong now = new AtomicLong();
    TokenBucketRateGate gate = new TokenBucketRateGate(1000, 100, 6000, now::get);
    assertThat(gate.tryAcquire(5000)).isZero();
    assertThat(gate.tryAcquire(5000)).isEqualTo(Duration.ofSeconds(40)); // 4,000 tokens at 100 a second
    gate.settle(5000, 1000); // the call used far less than estimated
    assertThat(gate.tryAcquire(5000)).isZero();
  }

  @Test
  void aPause_holdsBackEveryCaller_forTheRetryAfter() {
    AtomicLong now = new AtomicLong();
    RateGate gate = new TokenBucketRateGate(0, 0, 0, now::get);
    assertThat(gate.tryAcquire(1)).isZero();
    gate.pause(Duration.ofSeconds(5));
    assertThat(gate.tryAcquire(1)).isEqualTo(Duration.ofSeconds(5));
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(gate.tryAcquire(1)).isZero();
  }

  @Test
  void aRateLimitWithRetryAfter_pausesEveryCall_notOnlyTheOneThatGotIt() throws Exception {
    Samples.profile(store, course, "boris");
    store.saveProfile(store.findProfile("boris", "massage").orElseThrow().withName("Борис"));
    AtomicInteger calls = new AtomicInteger();
    LlmProvider provider = request -> {
      if (calls.incrementAndGet() == 1) {
        throw new LlmException(Kind.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(20), null);
      }
      return response(Samples.validJson("ok"));
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(provider).maxConcurrency(4));
    CompletableFuture<LessonResult> anna = personalizeAsync(service, "anna", 1);
    clock.awaitPending(1, d -> d.equals(Duration.ofSeconds(20)));
    CompletableFuture<LessonResult> boris = personalizeAsync(service, "boris", 2);
    // boris's call is queued behind the pause: the gate asks the scheduler to come back when it ends
    clock.awaitPending(2, d -> d.equals(Duration.ofSeconds(20)));
    assertThat(calls.get()).isEqualTo(1);
    assertThat(boris).isNotDone();

    clock.advance(Duration.ofSeconds(20));
    assertThat(anna.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(boris.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void theRequestsPerMinuteLimit_spacesCallsEvenly() throws Exception {
    List<Long> startedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    LlmProvider llm = r -> {
      startedAt.add(clock.nanoTime());
      return answer(r, "x");
    };
    // calls run on the thread that moves the clock, so each one sees the time it was started at
    PersonalizationService service = service(PersonalizationService.builder().provider(llm)
        .requestsPerMinute(5).maxConcurrency(4).executor(Runnable::run));
    CompletableFuture<RegenerationReport> run = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!run.isDone() && System.nanoTime() < deadline) {
      clock.awaitPending(1, d -> d.compareTo(Duration.ofSeconds(13)) < 0);
      clock.advance(clock.pendingDelays().stream().filter(d -> d.compareTo(Duration.ofSeconds(13)) < 0)
          .findFirst().orElseThrow());
    }
    assertThat(run.get(10, TimeUnit.SECONDS).count(Outcome.GENERATED)).isEqualTo(12);
    // 5 a minute with a burst of 1: one call every 12 s, never sooner
    for (int i = 1; i < startedAt.size(); i++) {
      assertThat(startedAt.get(i) - startedAt.get(i - 1)).isGreaterThanOrEqualTo(Duration.ofSeconds(12).toNanos());
    }
    assertThat(startedAt.get(11) - startedAt.get(0)).isEqualTo(Duration.ofSeconds(12 * 11).toNanos());
  }
}

package dev.persona;

import static dev.persona.PersonalizationServiceTest.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.LessonResult.Outcome;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.Profile;
import dev.persona.store.InMemoryPersonaStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler as the service uses it: priorities, fairness, the circuit, single-flight and close. */
final class SchedulerTest {

  private InMemoryPersonaStore store;
  private Course course;
  private final ManualClock clock = new ManualClock();
  private final List<PersonalizationService> services = new ArrayList<>();

  @BeforeEach
  void setUp() {
    store = new InMemoryPersonaStore();
    course = Samples.course(store, "massage");
    Samples.lessons(store, course);
    for (String user : List.of("anna", "boris", "vera")) {
      Profile p = Samples.profile(store, course, user);
      store.saveProfile(p.withName(user)); // the name tells requests apart
    }
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

  /**
   * A provider that lets calls through one permit at a time and records, per call, whose lesson it
   * was: "anna:3".
   */
  private static final class Gatekeeper implements LlmProvider {
    final List<String> order = new CopyOnWriteArrayList<>();
    final Semaphore permits = new Semaphore(0);
    final AtomicInteger waiting = new AtomicInteger();
    volatile Function<LlmRequest, LlmResponse> answer = r -> answer(r, "ok");

    @Override
    public LlmResponse complete(LlmRequest request) {
      order.add(who(request));
      waiting.incrementAndGet();
      try {
        if (!permits.tryAcquire(20, TimeUnit.SECONDS)) {
          throw new LlmException(Kind.TIMEOUT, "test gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LlmException(Kind.TIMEOUT, "interrupted");
      } finally {
        waiting.decrementAndGet();
      }
      return answer.apply(request);
    }

    void awaitWaiting(int n) {
      Fakes.awaitTrue(() -> waiting.get() >= n, n + " call(s) waiting at the provider");
    }
  }

  static String who(LlmRequest r) {
    String all = String.join("\n", r.messages().stream().map(m -> m.content()).toList());
    String name = "?";
    for (String n : List.of("anna", "boris", "vera")) {
      if (all.contains("\"" + n + "\"")) {
        name = n;
      }
    }
    for (int i = 0; i < Samples.LESSONS.length; i++) {
      if (all.contains("\"название\" : \"" + Samples.LESSONS[i][0] + "\"")) {
        return name + ":" + (i + 1);
      }
    }
    return name + ":?";
  }

  // ---- priority classes ----

  @Test
  void anInteractiveLesson_goesAheadOfEveryQueuedBackgroundCall() throws Exception {
    Gatekeeper llm = new Gatekeeper();
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(1));
    CompletableFuture<RegenerationReport> background = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    llm.awaitWaiting(1);
    CompletableFuture<LessonResult> interactive =
        CompletableFuture.supplyAsync(() -> service.personalizeLesson("boris", "massage", 7));
    Fakes.awaitTrue(() -> service.engine().scheduler.queued() == 12, "boris's call is queued behind 11 of anna's");

    llm.permits.release(2);
    assertThat(interactive.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(llm.order).startsWith("anna:1", "boris:7");
    llm.permits.release(100);
    assertThat(background.get(10, TimeUnit.SECONDS).count(Outcome.GENERATED)).isEqualTo(12);
  }

  @Test
  void backgroundCalls_takeTurnsAcrossLearners() throws Exception {
    Gatekeeper llm = new Gatekeeper();
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(1));
    CompletableFuture<RegenerationReport> anna = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    llm.awaitWaiting(1);
    CompletableFuture<RegenerationReport> boris = service.regenerateAsync("boris", "massage", RegenerateOptions.defaults());
    Fakes.awaitTrue(() -> service.engine().scheduler.queued() == 23, "both learners' calls are queued");
    llm.permits.release(100);
    anna.get(10, TimeUnit.SECONDS);
    boris.get(10, TimeUnit.SECONDS);

    // boris's first lesson comes within the first three calls, not after all of anna's twelve; and
    // while both have calls queued, they take turns
    assertThat(llm.order.subList(0, 3)).contains("boris:1");
    List<String> learners = llm.order.subList(1, 13).stream().map(w -> w.substring(0, w.indexOf(':'))).toList();
    for (int i = 1; i < learners.size(); i++) {
      assertThat(learners.get(i)).as("call " + (i + 2) + " of " + llm.order).isNotEqualTo(learners.get(i - 1));
    }
  }

  @Test
  void aSubmission_putsItsFirstLessonFirst_andTheRestAheadOfBackgroundWork() throws Exception {
    Gatekeeper llm = new Gatekeeper();
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(1));
    CompletableFuture<RegenerationReport> background = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    llm.awaitWaiting(1);
    Submission s = service.submitSurvey(new SurveySubmission("vera", "massage", "vera", Samples.survey(), 5));
    Fakes.awaitTrue(() -> service.engine().scheduler.queued() == 11 + 12, "vera's calls are queued");
    llm.permits.release(100);
    s.report().get(10, TimeUnit.SECONDS);
    background.get(10, TimeUnit.SECONDS);

    assertThat(llm.order.get(0)).isEqualTo("anna:1");
    assertThat(llm.order.get(1)).isEqualTo("vera:5");
    assertThat(llm.order.subList(2, 13)).allMatch(w -> w.startsWith("vera:"));
    assertThat(llm.order.subList(13, 24)).allMatch(w -> w.startsWith("anna:"));
  }

  @Test
  void anOnDemandRequest_joiningABackgroundGeneration_raisesItsPriority() throws Exception {
    Gatekeeper llm = new Gatekeeper();
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(1));
    CompletableFuture<RegenerationReport> background = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    llm.awaitWaiting(1);
    Fakes.awaitTrue(() -> service.engine().scheduler.queued() == 11, "anna's other lessons are queued");
    CompletableFuture<LessonResult> onDemand =
        CompletableFuture.supplyAsync(() -> service.personalizeLesson("anna", "massage", 9));
    Fakes.awaitTrue(() -> service.lessonWork().joined() == 1, "the request joined the run's generation");
    llm.permits.release(100);

    assertThat(onDemand.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(background.get(10, TimeUnit.SECONDS).count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(llm.order).hasSize(12);
    assertThat(llm.order.subList(0, 2)).containsExactly("anna:1", "anna:9");
  }

  // ---- single-flight and failure back-off ----

  @Test
  void twentyConcurrentRequestsForOneMissingLesson_makeOneCall() throws Exception {
    Gatekeeper llm = new Gatekeeper();
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(8));
    List<CompletableFuture<LessonResult>> requests = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      requests.add(CompletableFuture.supplyAsync(() -> service.personalizeLesson("anna", "massage", 3)));
    }
    Fakes.awaitTrue(() -> service.lessonWork().joined() == 19, "19 requests joined the first one's generation");
    llm.permits.release(100);
    for (CompletableFuture<LessonResult> r : requests) {
      assertThat(r.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.GENERATED);
    }
    assertThat(llm.order).containsExactly("anna:3");
    assertThat(store.personalizations(store.findProfile("anna", "massage").orElseThrow().id())).hasSize(1);
  }

  @Test
  void aLessonThatJustFailed_isNotTriedAgainOnDemand_untilTheBackoffPasses() {
    AtomicInteger calls = new AtomicInteger();
    LlmProvider broken = r -> {
      calls.incrementAndGet();
      return new LlmResponse("не JSON", "m", TokenUsage.ZERO, FinishReason.STOP);
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(broken)
        .failureBackoff(Duration.ofMinutes(5)));
    assertThat(service.personalizeLesson("anna", "massage", 2).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(calls.get()).isEqualTo(3);

    for (int i = 0; i < 5; i++) {
      LessonResult again = service.personalizeLesson("anna", "massage", 2);
      assertThat(again.outcome()).isEqualTo(Outcome.NOT_SENT);
      assertThat(again.reason()).startsWith("not retried on demand for another").contains("every answer broke the content rules");
    }
    assertThat(calls.get()).isEqualTo(3);
    // another lesson, and background runs, are not held back
    assertThat(service.personalizeLesson("anna", "massage", 3).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(calls.get()).isEqualTo(6);

    clock.advance(Duration.ofMinutes(5));
    assertThat(service.personalizeLesson("anna", "massage", 2).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(calls.get()).isEqualTo(9);
  }

  // ---- the circuit ----

  @Test
  void quotaExhausted_opensTheCircuit_noFurtherCallIsSent_andNothingStoredChanges() throws Exception {
    Gatekeeper llm = new Gatekeeper();
    AtomicInteger answered = new AtomicInteger();
    llm.answer = r -> {
      if (answered.incrementAndGet() == 1) {
        throw new LlmException(Kind.QUOTA_EXHAUSTED, "HTTP 429 insufficient_quota");
      }
      return answer(r, "ok");
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(2));
    CompletableFuture<RegenerationReport> anna = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    CompletableFuture<RegenerationReport> boris = service.regenerateAsync("boris", "massage", RegenerateOptions.defaults());
    llm.awaitWaiting(2);
    llm.permits.release(100);
    RegenerationReport a = anna.get(10, TimeUnit.SECONDS);
    RegenerationReport b = boris.get(10, TimeUnit.SECONDS);

    // the failing call and the one already in flight were sent; nothing after the quota answer
    assertThat(llm.order).hasSize(2);
    assertThat(a.count(Outcome.NOT_SENT) + b.count(Outcome.NOT_SENT)).isEqualTo(22);
    assertThat(a.isComplete()).isFalse();
    assertThat(a.lessons()).filteredOn(r -> r.outcome() == Outcome.NOT_SENT)
        .allSatisfy(r -> assertThat(r.reason()).contains("QUOTA_EXHAUSTED").contains("circuit is open"));
    assertThat(service.engine().scheduler.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

    // new work fails at once, without a call
    LessonResult refused = service.personalizeLesson("vera", "massage", 1);
    assertThat(refused.outcome()).isEqualTo(Outcome.NOT_SENT);
    assertThat(refused.reason()).contains("QUOTA_EXHAUSTED");
    assertThat(llm.order).hasSize(2);

    // after the cool-down one probe goes; its answer closes the circuit
    clock.advance(Duration.ofMinutes(1));
    assertThat(service.engine().scheduler.circuitState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    assertThat(service.personalizeLesson("vera", "massage", 1).outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(service.engine().scheduler.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aProbeThatFailsAgain_reopensTheCircuit_forAnotherCoolDown() {
    AtomicInteger calls = new AtomicInteger();
    LlmProvider noKey = r -> {
      calls.incrementAndGet();
      throw new LlmException(Kind.AUTHENTICATION, "HTTP 401");
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(noKey)
        .circuitCoolDown(Duration.ofSeconds(30)).failureBackoff(Duration.ZERO));
    assertThat(service.personalizeLesson("anna", "massage", 1).reason()).contains("AUTHENTICATION");
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.NOT_SENT);
    assertThat(calls.get()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(calls.get()).isEqualTo(2);
    assertThat(service.personalizeLesson("anna", "massage", 1).outcome()).isEqualTo(Outcome.NOT_SENT);
    assertThat(calls.get()).isEqualTo(2);
  }

  // ---- close ----

  @Test
  void aClosedService_refusesNewWork_withATypedException() {
    PersonalizationService service = service(PersonalizationService.builder().provider(Fakes.countingTemplate()));
    service.close();
    assertThatThrownBy(() -> service.regenerate("anna", "massage")).isInstanceOf(ServiceClosedException.class);
    assertThatThrownBy(() -> service.regenerateAsync("anna", "massage", RegenerateOptions.defaults()))
        .isInstanceOf(ServiceClosedException.class);
    assertThatThrownBy(() -> service.regenerateCourseAsync("massage", RegenerateOptions.defaults()))
        .isInstanceOf(ServiceClosedException.class);
    assertThatThrownBy(() -> service.personalizeLesson("anna", "massage", 1)).isInstanceOf(ServiceClosedException.class);
    assertThatThrownBy(() -> service.submitSurvey(new SurveySubmission("anna", "massage", null, Samples.survey(), null)))
        .isInstanceOf(ServiceClosedException.class);
    service.close(); // twice is harmless
  }

  @Test
  void close_letsAStartedRunFinish_withinTheTimeout() throws Exception {
    Gatekeeper llm = new Gatekeeper();
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(2)
        .closeTimeout(Duration.ofSeconds(30)));
    CompletableFuture<RegenerationReport> run = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    llm.awaitWaiting(2);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(service::close);
    llm.permits.release(100);
    closing.get(10, TimeUnit.SECONDS);
    assertThat(run.get().count(Outcome.GENERATED)).isEqualTo(12);
  }

  @Test
  void close_cutsShortWhatDoesNotFinish_storingNothingForIt_andFailsRunsNotStarted() throws Exception {
    Profile anna = store.findProfile("anna", "massage").orElseThrow();
    PersonalizationService first = service(PersonalizationService.builder().provider(Fakes.countingTemplate()));
    first.regenerate("anna", "massage", RegenerateOptions.defaults());
    var before = store.personalizations(anna.id());

    Gatekeeper llm = new Gatekeeper();
    CountDownLatch interrupted = new CountDownLatch(2);
    llm.answer = r -> {
      throw new AssertionError("no call is answered");
    };
    LlmProvider interruptible = r -> {
      try {
        return llm.complete(r);
      } catch (LlmException e) {
        interrupted.countDown();
        throw e;
      }
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(interruptible)
        .maxConcurrency(2).maxActiveRuns(1).closeTimeout(Duration.ZERO));
    CompletableFuture<RegenerationReport> run = service.regenerateAsync("anna", "massage",
        RegenerateOptions.defaults().withForce(true));
    CompletableFuture<RegenerationReport> waiting = service.regenerateAsync("boris", "massage", RegenerateOptions.defaults());
    llm.awaitWaiting(2);
    service.close();

    RegenerationReport cut = run.get(10, TimeUnit.SECONDS);
    assertThat(cut.count(Outcome.GENERATED)).isZero();
    assertThat(cut.lessons()).allSatisfy(r -> assertThat(r.reason()).contains("service closed"));
    assertThat(store.personalizations(anna.id())).containsExactlyInAnyOrderElementsOf(before);
    assertThatThrownBy(waiting::join).hasCauseInstanceOf(ServiceClosedException.class);
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("running calls are interrupted").isTrue();
  }

  @Test
  void aHostExecutor_runsEveryCall_andIsLeftRunning() throws Exception {
    java.util.concurrent.ExecutorService host = java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "host-pool");
      t.setDaemon(true);
      return t;
    });
    List<String> threads = new CopyOnWriteArrayList<>();
    LlmProvider llm = r -> {
      threads.add(Thread.currentThread().getName());
      return answer(r, "ok");
    };
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).executor(host));
    assertThat(service.regenerate("anna", "massage").count(Outcome.GENERATED)).isEqualTo(12);
    service.close();
    assertThat(threads).hasSize(12).allMatch("host-pool"::equals);
    assertThat(host.isShutdown()).isFalse();
    host.shutdown();
  }
}

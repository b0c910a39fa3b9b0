package dev.persona;

import dev.persona.LessonResult.Outcome;
import dev.persona.model.Language;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.prompt.ContentRules;
import dev.persona.prompt.PromptInput;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates one lesson for one learner and says what came of it, never by throwing: a failure is a
 * {@link Outcome#FAILED} (or {@link Outcome#DEGRADED}) result that keeps what was stored.
 *
 * <p>Two things keep the model from being asked the same question twice: concurrent requests for
 * the same lesson of the same learner made from the same inputs (the same fingerprint) share one
 * generation, and a more urgent joiner raises its calls' priority; and a lesson whose generation
 * just failed is not tried again <em>on demand</em> for a while (runs still retry it).
 */
final class LessonWork {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.engine");
  private static final int REMEMBERED_FAILURES = 10_000;

  private record Key(UUID profileId, UUID lessonId, String fingerprint) {}

  private record Flight(CompletableFuture<LessonGenerator.Attempt> attempt, CallTicket ticket) {}

  private record Failure(long at, String reason) {}

  /**
   * A lesson's result, and whether its run is cut short (the service closed or the run was
   * stopped before this lesson's call was sent): such a run stores nothing.
   */
  record Done(LessonResult lesson, boolean cutsRunShort) {}

  private final LessonGenerator generator;
  private final ContentRules rules;
  private final String promptVersion;
  private final FallbackPolicy fallback;
  private final EngineClock clock;
  private final long failureBackoffNanos;
  private final ConcurrentHashMap<Key, Flight> flights = new ConcurrentHashMap<>();
  private final AtomicLong joined = new AtomicLong();
  private final Map<Key, Failure> failures = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Failure> eldest) {
      return size() > REMEMBERED_FAILURES;
    }
  };

  LessonWork(LessonGenerator generator, ContentRules rules, String promptVersion, FallbackPolicy fallback,
      EngineClock clock, Duration failureBackoff) {
    this.generator = generator;
    this.rules = rules;
    this.promptVersion = promptVersion;
    this.fallback = fallback;
    this.clock = clock;
    this.failureBackoffNanos = failureBackoff.toNanos();
  }

  /** A plan line with its prompt-size estimate, for a lesson that would be generated. */
  PlannedLesson estimated(Planner.Snapshot s, Planner.Decision d) {
    return d.generates() ? d.plan().withEstimatedPromptTokens(
        generator.estimatePromptTokens(new PromptInput(d.material(), s.card, rules))) : d.plan();
  }

  int maxOutputTokens() {
    return generator.maxOutputTokens();
  }

  /**
   * Generates a lesson the planner decided to generate, or joins the generation already running
   * for it.
   */
  CompletableFuture<Done> generate(Planner.Snapshot s, Planner.Decision d, CallPriority priority,
      CallGuard guard, CallScheduler scheduler) {
    return generate(s, d, priority, guard, scheduler, null);
  }

  /** The first attempt's request of a lesson to generate (for a batch). */
  dev.persona.llm.LlmRequest firstRequest(Planner.Snapshot s, Planner.Decision d) {
    return generator.firstRequest(new PromptInput(d.material(), s.card, rules));
  }

  /** As {@link #generate}, with an answer already in hand for the first attempt, or {@code null}. */
  @SuppressWarnings("FutureReturnValueIgnored") // the callback completes the flight's future, which is returned
  CompletableFuture<Done> generate(Planner.Snapshot s, Planner.Decision d, CallPriority priority,
      CallGuard guard, CallScheduler scheduler, dev.persona.llm.@Nullable LlmResponse first) {
    Key key = new Key(s.profileId(), d.lesson().id(), d.fingerprint().asText());
    Flight[] created = new Flight[1];
    Flight flight = flights.computeIfAbsent(key, k -> {
      CallTicket ticket = new CallTicket(priority, s.profileId(), guard);
      created[0] = new Flight(new CompletableFuture<>(), ticket);
      return created[0];
    });
    if (created[0] != null) {
      PromptInput input = new PromptInput(d.material(), s.card, rules);
      (first == null ? generator.generate(input, flight.ticket()) : generator.generate(input, flight.ticket(), first))
          .whenComplete((a, e) -> {
            flights.remove(key, flight);
            if (a != null) {
              remember(key, a);
              flight.attempt().complete(a);
            } else {
              flight.attempt().completeExceptionally(e);
            }
          });
    } else {
      joined.incrementAndGet();
      if (priority.before(flight.ticket().priority())) {
        scheduler.promote(flight.ticket(), priority);
      }
    }
    return flight.attempt().handle((a, e) -> a != null
        ? new Done(result(s, d, a), a.cutsRunShort())
        : new Done(unexpected(s, d, e), false));
  }

  /** Generations running now. */
  int inFlight() {
    return flights.size();
  }

  /** Requests that joined a generation already running, since the service started. */
  long joined() {
    return joined.get();
  }

  /** Why an on-demand request should not try this lesson again yet, if it failed moments ago. */
  Optional<String> recentFailure(Planner.Snapshot s, Planner.Decision d) {
    Key key = new Key(s.profileId(), d.lesson().id(), d.fingerprint().asText());
    Failure f;
    synchronized (failures) {
      f = failures.get(key);
    }
    if (f == null || clock.nanoTime() - f.at() >= failureBackoffNanos) {
      return Optional.empty();
    }
    long left = failureBackoffNanos - (clock.nanoTime() - f.at());
    return Optional.of("not retried on demand for another " + Math.max(1, Duration.ofNanos(left).toSeconds())
        + " s: the last generation failed (" + f.reason() + ")");
  }

  private void remember(Key key, LessonGenerator.Attempt a) {
    synchronized (failures) {
      if (a.succeeded() || a.notSent()) {
        failures.remove(key);
      } else {
        failures.put(key, new Failure(clock.nanoTime(), String.valueOf(a.failure())));
      }
    }
  }

  private LessonResult result(Planner.Snapshot s, Planner.Decision d, LessonGenerator.Attempt a) {
    UUID profileId = s.profileId();
    PersonalizedContent content = a.content();
    if (content != null) {
      return LessonResult.toStore(profileId, d, Outcome.GENERATED, d.plan().reason(), a,
          fresh(profileId, d, content, PersonalizationStatus.GENERATED, a));
    }
    String failure = String.valueOf(a.failure());
    if (a.notSent()) {
      return LessonResult.withoutContent(profileId, d, Outcome.NOT_SENT, failure, a);
    }
    Logs.warn(LOG, s.runId, s.course.slug(), s.profile.userIdentifier(), "lesson {} of user '{}' in course '{}' failed: {}",
        d.lesson().number(), s.profile.userIdentifier(), s.course.slug(), failure);
    if (d.old() == null) {
      Optional<PersonalizedContent> fb = fallbackFor(d.lesson(), s.profile);
      if (fb.isPresent()) {
        return LessonResult.toStore(profileId, d, Outcome.DEGRADED, "fallback stored: " + failure, a,
            fresh(profileId, d, fb.get(), PersonalizationStatus.DEGRADED, a));
      }
    }
    return LessonResult.withoutContent(profileId, d, Outcome.FAILED, failure, a);
  }

  private LessonResult unexpected(Planner.Snapshot s, Planner.Decision d, @Nullable Throwable e) {
    String type = e == null ? "unknown" : e.getClass().getSimpleName();
    Logs.warn(LOG, s.runId, s.course.slug(), s.profile.userIdentifier(),
        "lesson {} of user '{}' in course '{}' failed unexpectedly: {}", d.lesson().number(), s.profile.userIdentifier(),
        s.course.slug(), type);
    return LessonResult.untouched(s.profileId(), d, Outcome.FAILED, "unexpected error: " + type);
  }

  private Personalization fresh(UUID profileId, Planner.Decision d, PersonalizedContent content,
      PersonalizationStatus status, LessonGenerator.Attempt a) {
    return new Personalization(UUID.randomUUID(), profileId, d.lesson().id(), content, status,
        new Provenance(d.fingerprint().asText(), a.model(), promptVersion, a.usage()), null);
  }

  private Optional<PersonalizedContent> fallbackFor(Lesson lesson, Profile profile) {
    Language language = rules.language();
    try {
      return fallback.fallback(lesson, profile, language).filter(PersonalizedContent::isComplete);
    } catch (RuntimeException e) {
      LOG.warn("the fallback policy threw {}", e.getClass().getName());
      return Optional.empty();
    }
  }
}

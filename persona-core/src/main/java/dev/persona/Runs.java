package dev.persona;

import dev.persona.LessonResult.Outcome;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.store.LearnerSet;
import dev.persona.store.PersonaStore;
import dev.persona.store.SetResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One learner's run: plan every lesson, generate those that need it through the scheduler, then
 * store the new personalizations in one atomic step, so the learner sees the old set or the new
 * one. A priority lesson is stored the moment it is ready. A run cut short (the service closed, or
 * its guard stopped it) stores nothing but its priority lesson.
 */
final class Runs {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.engine");

  private final PersonaStore store;
  private final Planner planner;
  private final LessonWork work;
  private final CallScheduler scheduler;
  private final Executor runExecutor;
  private final EngineClock clock;
  private final Observers observers;

  Runs(PersonaStore store, Planner planner, LessonWork work, CallScheduler scheduler, Executor runExecutor,
      EngineClock clock, Observers observers) {
    this.observers = observers;
    this.store = store;
    this.planner = planner;
    this.work = work;
    this.scheduler = scheduler;
    this.runExecutor = runExecutor;
    this.clock = clock;
  }

  /** Runs a learner's course from a fresh snapshot; lessons go at {@code priority}, the priority lesson first. */
  CompletableFuture<RegenerationReport> run(Planner.Snapshot s, RegenerateOptions options, CallPriority priority,
      CallGuard guard) {
    return generate(s, options, priority, guard, Map.of()).thenApplyAsync(p ->
        report(p, p.toWrite.isEmpty() ? List.of() : commit(p.s, p.toWrite, p.force)), runExecutor);
  }

  /**
   * Runs several learners' courses at once and stores every learner's new set in one write ({@link
   * dev.persona.store.LearnerStore#saveLearnerSets}); each learner is still all or nothing.
   */
  CompletableFuture<List<RegenerationReport>> runMany(List<Planner.Snapshot> snapshots, RegenerateOptions options,
      CallGuard guard, Map<String, dev.persona.llm.LlmResponse> answers) {
    List<CompletableFuture<Pending>> all = new ArrayList<>();
    for (Planner.Snapshot s : snapshots) {
      all.add(generate(s, options, CallPriority.BACKGROUND, guard, answers));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApplyAsync(v -> {
      List<Pending> pending = all.stream().map(CompletableFuture::join).toList();
      return commitMany(pending);
    }, runExecutor);
  }

  /** A learner's run with its lessons done and what is left to store. */
  private record Pending(Planner.Snapshot s, List<LessonResult> all, List<LessonResult> toWrite, boolean force,
      long started) {}

  private CompletableFuture<Pending> generate(Planner.Snapshot s, RegenerateOptions options, CallPriority priority,
      CallGuard guard, Map<String, dev.persona.llm.LlmResponse> answers) {
    long started = clock.nanoTime();
    observers.runStarted(s.course.slug(), priority);
    List<Lesson> ordered = new ArrayList<>(s.lessons);
    UUID first = options.priorityLesson();
    if (first != null) {
      if (ordered.stream().noneMatch(l -> l.id().equals(first))) {
        throw ValidationException.of("priorityLesson", "is not a lesson of course '" + s.course.slug() + "'");
      }
      ordered.sort(Comparator.comparing((Lesson l) -> !l.id().equals(first)));
    }
    Progress progress = new Progress(options.listener(), ordered.size());
    List<CompletableFuture<LessonWork.Done>> lessons = new ArrayList<>();
    for (Lesson lesson : ordered) {
      Planner.Decision d = planner.decide(lesson, s, options.force());
      CompletableFuture<LessonWork.Done> f;
      if (!d.generates()) {
        f = CompletableFuture.completedFuture(new LessonWork.Done(d.immediateResult(s.profileId()), false));
      } else if (lesson.id().equals(first)) {
        // the lesson the learner is about to open: stored as soon as it is ready
        f = work.generate(s, d, CallPriority.INTERACTIVE, guard, scheduler).thenApplyAsync(done ->
            done.lesson().pendingWrite()
                ? new LessonWork.Done(commit(s, List.of(done.lesson()), options.force()).get(0), done.cutsRunShort())
                : done, runExecutor);
      } else {
        // an answer from a batch is used only if it was asked with exactly today's inputs
        f = work.generate(s, d, priority, guard, scheduler,
            answers.isEmpty() ? null : answers.get(BatchIds.of(s.profileId(), lesson.id(), d.fingerprint())));
      }
      lessons.add(f.whenComplete((done, e) -> {
        if (done != null) {
          progress.finished(done.lesson());
        }
      }));
    }
    return CompletableFuture.allOf(lessons.toArray(CompletableFuture[]::new))
        .thenApply(v -> pending(s, options, lessons, started));
  }

  private Pending pending(Planner.Snapshot s, RegenerateOptions options,
      List<CompletableFuture<LessonWork.Done>> lessons, long started) {
    List<LessonResult> all = new ArrayList<>();
    boolean cutShort = false;
    for (CompletableFuture<LessonWork.Done> f : lessons) {
      LessonWork.Done done = f.join();
      all.add(done.lesson());
      cutShort |= done.cutsRunShort();
    }
    List<LessonResult> toWrite = all.stream().filter(LessonResult::pendingWrite).toList();
    if (cutShort && !toWrite.isEmpty()) {
      merge(all, toWrite.stream().map(r -> r.withOutcome(Outcome.FAILED,
          "not stored: the run was cut short before every lesson was done", s.existing.get(r.lessonId()))).toList());
      toWrite = List.of();
    }
    return new Pending(s, all, toWrite, options.force(), started);
  }

  private static void merge(List<LessonResult> all, List<LessonResult> settled) {
    Map<UUID, LessonResult> byLesson = new HashMap<>();
    settled.forEach(r -> byLesson.put(r.lessonId(), r));
    all.replaceAll(r -> byLesson.getOrDefault(r.lessonId(), r));
  }

  private List<RegenerationReport> commitMany(List<Pending> pending) {
    List<Pending> writing = pending.stream().filter(p -> !p.toWrite.isEmpty()).toList();
    Map<UUID, List<LessonResult>> settled = new HashMap<>();
    if (!writing.isEmpty()) {
      try {
        List<SetResult> results = store.saveLearnerSets(writing.stream().map(p -> set(p.s, p.toWrite, p.force)).toList());
        for (int i = 0; i < writing.size(); i++) {
          Pending p = writing.get(i);
          SetResult r = results.get(i);
          // a lesson deleted meanwhile: that learner alone goes the one-learner way, which stores the others
          settled.put(p.s.profileId(), r.status() == SetResult.Status.LESSON_MISSING ? commit(p.s, p.toWrite, p.force)
              : settle(p.s, p.toWrite, r));
        }
      } catch (RuntimeException e) {
        LOG.warn("storing {} learners' personalizations in one write failed: {}", writing.size(), e.getClass().getName());
        for (Pending p : writing) {
          settled.put(p.s.profileId(), p.toWrite.stream().map(x -> x.withOutcome(Outcome.FAILED,
              "storing failed: " + e.getClass().getSimpleName(), p.s.existing.get(x.lessonId()))).toList());
        }
      }
    }
    return pending.stream().map(p -> report(p, settled.getOrDefault(p.s.profileId(), List.of()))).toList();
  }

  private RegenerationReport report(Pending p, List<LessonResult> settled) {
    Planner.Snapshot s = p.s;
    List<LessonResult> all = new ArrayList<>(p.all);
    merge(all, settled);
    long started = p.started;
    all.sort(Comparator.comparingInt(LessonResult::lessonNumber));
    TokenUsage usage = all.stream().map(LessonResult::usage).reduce(TokenUsage.ZERO, TokenUsage::plus);
    RegenerationReport report = new RegenerationReport(s.profileId(), s.profile.userIdentifier(), s.course.slug(),
        all, usage, Duration.ofNanos(clock.nanoTime() - started));
    Logs.debug(LOG, s.runId, s.course.slug(), s.profile.userIdentifier(), "regenerated user '{}' in course '{}': {}",
        s.profile.userIdentifier(), s.course.slug(), report.counts());
    all.forEach(r -> observers.lessonFinished(s.course.slug(), r.outcome()));
    observers.runFinished(report);
    return report;
  }

  /**
   * One lesson a learner is opening now: its calls go first, it joins a generation already running,
   * and a lesson that failed moments ago is not tried again yet. Blocks the calling thread.
   */
  LessonResult onDemand(Planner.Snapshot s, Planner.Decision d) {
    LessonResult r = onDemandResult(s, d);
    observers.lessonFinished(s.course.slug(), r.outcome());
    return r;
  }

  private LessonResult onDemandResult(Planner.Snapshot s, Planner.Decision d) {
    if (!d.generates()) {
      return d.immediateResult(s.profileId());
    }
    java.util.Optional<String> recent = work.recentFailure(s, d);
    if (recent.isPresent()) {
      return LessonResult.untouched(s.profileId(), d, Outcome.NOT_SENT, recent.get());
    }
    LessonResult r;
    try {
      r = work.generate(s, d, CallPriority.INTERACTIVE, CallGuard.NONE, scheduler).get().lesson();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LessonResult.untouched(s.profileId(), d, Outcome.FAILED, "interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      return LessonResult.untouched(s.profileId(), d, Outcome.FAILED, "unexpected error");
    }
    return r.pendingWrite() ? commit(s, List.of(r), false).get(0) : r;
  }

  LessonWork lessonWork() {
    return work;
  }

  /**
   * Stores results in one atomic step, only if the learner's answers are still those the results
   * were made from; on any failure every result reports what is still stored.
   */
  List<LessonResult> commit(Planner.Snapshot s, List<LessonResult> toWrite, boolean force) {
    try {
      SetResult r = store.saveLearnerSets(List.of(set(s, toWrite, force))).get(0);
      if (r.status() == SetResult.Status.LESSON_MISSING) {
        // a lesson was deleted while this run generated: store the others
        List<LessonResult> remaining = toWrite.stream().filter(x -> store.findLesson(x.lessonId()).isPresent()).toList();
        List<LessonResult> out = new ArrayList<>(toWrite.stream().filter(x -> !remaining.contains(x))
            .map(x -> x.withOutcome(Outcome.FAILED, "not stored: the lesson was deleted during generation", null)).toList());
        if (!remaining.isEmpty()) {
          out.addAll(settle(s, remaining, store.saveLearnerSets(List.of(set(s, remaining, force))).get(0)));
        }
        return out;
      }
      return settle(s, toWrite, r);
    } catch (RuntimeException e) {
      Logs.warn(LOG, s.runId, s.course.slug(), s.profile.userIdentifier(),
          "storing {} personalization(s) of user '{}' in course '{}' failed: {}", toWrite.size(),
          s.profile.userIdentifier(), s.course.slug(), e.getClass().getName());
      return toWrite.stream().map(x -> x.withOutcome(Outcome.FAILED,
          "storing failed: " + e.getClass().getSimpleName(), s.existing.get(x.lessonId()))).toList();
    }
  }

  private static LearnerSet set(Planner.Snapshot s, List<LessonResult> toWrite, boolean force) {
    List<Personalization> batch = new ArrayList<>();
    toWrite.forEach(r -> batch.add(r.personalization()));
    // unless forced, content the host edited while this run was generating is kept
    return new LearnerSet(s.profileId(), s.profile, batch, !force);
  }

  private static List<LessonResult> settle(Planner.Snapshot s, List<LessonResult> toWrite, SetResult r) {
    String notStored = switch (r.status()) {
      case STORED -> null;
      case SUPERSEDED -> "superseded: the learner's answers changed during generation";
      case PROFILE_MISSING -> "not stored: the learner's profile was deleted during generation";
      case LESSON_MISSING -> "not stored: a lesson was deleted during generation";
    };
    if (notStored != null) {
      return toWrite.stream().map(x -> x.withOutcome(Outcome.FAILED, notStored, s.existing.get(x.lessonId()))).toList();
    }
    List<LessonResult> out = new ArrayList<>();
    for (int i = 0; i < toWrite.size(); i++) {
      LessonResult x = toWrite.get(i);
      Personalization p = r.personalizations().get(i);
      out.add(p.status() == PersonalizationStatus.EDITED && x.personalization() != null
          && x.personalization().status() != PersonalizationStatus.EDITED
          ? x.withOutcome(Outcome.KEPT_EDITED, "edited by the host during generation", p)
          : x.withOutcome(x.outcome(), x.reason(), p));
    }
    return out;
  }

  /** Tells the listener about each lesson in order of finishing, with a count that only goes up. */
  private static final class Progress {
    private final ProgressListener listener;
    private final int total;
    private int finished;

    Progress(ProgressListener listener, int total) {
      this.listener = listener;
      this.total = total;
    }

    synchronized void finished(LessonResult r) {
      finished++;
      try {
        listener.onLesson(r, finished, total);
      } catch (RuntimeException e) {
        LOG.warn("a progress listener threw {}", e.getClass().getName());
      }
    }
  }
}

package dev.persona;

import dev.persona.internal.Check;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.store.PersonaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Starts learners' runs through the learner queue, keeps track of the ones not finished, and closes
 * the service: refuse new work, let started runs finish within the close timeout, abandon the rest.
 */
final class Launcher {

  /** Learners read from the store at a time by a course run. */
  static final int PAGE = 500;

  private final PersonaStore store;
  private final Engine engine;
  private final Planner planner;
  private final Runs runs;
  private final LearnerQueue learners;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<Long, CompletableFuture<?>> active = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  Launcher(PersonaStore store, Engine engine, Planner planner, Runs runs, LearnerQueue learners) {
    this.store = store;
    this.engine = engine;
    this.planner = planner;
    this.runs = runs;
    this.learners = learners;
  }

  int activeRuns() {
    return active.size();
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new ServiceClosedException("the service is closed");
    }
  }

  CompletableFuture<RegenerationReport> start(UUID profileId, String user, String slug, RegenerateOptions options,
      CallPriority priority) {
    CompletableFuture<RegenerationReport> run = learners.enqueue(profileId, priority == CallPriority.BACKGROUND, () -> {
      if (closed.get()) {
        throw new ServiceClosedException("the service closed before this run started");
      }
      return runs.run(planner.snapshot(user, slug), options, priority, CallGuard.NONE);
    });
    long id = ids.incrementAndGet();
    active.put(id, run);
    return run.whenComplete((r, e) -> active.remove(id));
  }

  /**
   * Every learner of a course, read {@value #PAGE} at a time by user id (keyset), so the run never
   * holds more than a page of profiles; runs are admitted by the learner queue as they fit.
   */
  CompletableFuture<List<RegenerationReport>> course(String slug, RegenerateOptions options) {
    return CompletableFuture.supplyAsync(() -> {
      List<CompletableFuture<RegenerationReport>> all = new ArrayList<>();
      @Nullable String after = null;
      while (true) {
        List<Profile> page = store.profiles(slug, after, PAGE);
        for (Profile p : page) {
          all.add(start(p.id(), p.userIdentifier(), slug, options, CallPriority.BACKGROUND));
        }
        if (page.size() < PAGE || closed.get()) {
          return all;
        }
        after = page.get(page.size() - 1).userIdentifier();
      }
    }, engine.runExecutor).thenCompose(all -> CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
        .thenApply(v -> all.stream().map(CompletableFuture::join).toList()));
  }

  /** Several learners at once, stored in one write; tracked like any run, so close() waits for it. */
  CompletableFuture<List<RegenerationReport>> batch(String courseSlug, List<String> userIdentifiers,
      RegenerateOptions options, RunLimit limit) {
    return batch(courseSlug, userIdentifiers, options, limit, Map.of());
  }

  CompletableFuture<List<RegenerationReport>> batch(String courseSlug, List<String> userIdentifiers,
      RegenerateOptions options, RunLimit limit, Map<String, dev.persona.llm.LlmResponse> answers) {
    Check.identifier(courseSlug, "courseSlug", Course.MAX_SLUG_LENGTH);
    List<String> users = List.copyOf(Check.required(userIdentifiers, "userIdentifiers"));
    if (users.size() > PAGE) {
      throw ValidationException.of("userIdentifiers", "holds " + users.size() + " learners; the limit is " + PAGE);
    }
    users.forEach(u -> Check.key(u, "userIdentifiers[]"));
    Check.required(options, "options");
    CallGuard guard = CallGuard.of(Check.required(limit, "limit"));
    ensureOpen();
    Course course = store.findCourse(courseSlug).orElseThrow(() -> new NotFoundException("no course '" + courseSlug + "'"));
    RegenerateOptions each = options.withPriorityLesson(null);
    CompletableFuture<List<RegenerationReport>> run = CompletableFuture.supplyAsync(() -> {
      List<Lesson> lessons = store.lessons(course.id());
      List<Planner.Snapshot> snapshots = new ArrayList<>();
      for (String user : users) {
        store.findProfile(user, course.slug()).ifPresent(p -> snapshots.add(planner.snapshot(p, course, lessons)));
      }
      return snapshots;
    }, engine.runExecutor).thenCompose(snapshots -> {
      if (closed.get()) {
        throw new ServiceClosedException("the service closed before this run started");
      }
      return runs.runMany(snapshots, each, guard, answers);
    });
    long id = ids.incrementAndGet();
    active.put(id, run);
    return run.whenComplete((r, e) -> active.remove(id));
  }

  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    learners.close(new ServiceClosedException("the service closed before this run started"));
    await(engine.closeTimeout.toNanos()); // unfinished runs are cut short below
    engine.scheduler.terminate();
    await(TimeUnit.SECONDS.toNanos(10)); // a run stuck in the store; its thread is released below
    engine.shutdown();
  }

  private void await(long nanos) {
    try {
      CompletableFuture.allOf(active.values().toArray(CompletableFuture[]::new)).get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // the caller goes on to cut them short
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The learners of a course who have a profile, as snapshots (for a batch's requests). */
  List<Planner.Snapshot> snapshots(String courseSlug, List<String> userIdentifiers) {
    Check.identifier(courseSlug, "courseSlug", Course.MAX_SLUG_LENGTH);
    List<String> users = List.copyOf(Check.required(userIdentifiers, "userIdentifiers"));
    if (users.size() > PAGE) {
      throw ValidationException.of("userIdentifiers", "holds " + users.size() + " learners; the limit is " + PAGE);
    }
    users.forEach(u -> Check.key(u, "userIdentifiers[]"));
    ensureOpen();
    Course course = store.findCourse(courseSlug).orElseThrow(() -> new NotFoundException("no course '" + courseSlug + "'"));
    List<Lesson> lessons = store.lessons(course.id());
    List<Planner.Snapshot> out = new ArrayList<>();
    for (String user : users) {
      store.findProfile(user, course.slug()).ifPresent(p -> out.add(planner.snapshot(p, course, lessons)));
    }
    return out;
  }

  /** Waits for a run, rethrowing its own exception rather than a CompletionException. */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }
}

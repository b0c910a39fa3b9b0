package dev.persona;

import dev.persona.LessonResult.Outcome;
import dev.persona.PlannedLesson.Action;
import dev.persona.internal.Check;
import dev.persona.internal.Hashing;
import dev.persona.internal.Json;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.Fingerprint;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.prompt.ContentRules;
import dev.persona.prompt.LearnerCard;
import dev.persona.prompt.LessonMaterial;
import dev.persona.prompt.Prompt;
import dev.persona.prompt.PromptInput;
import dev.persona.store.ConcurrentUpdateException;
import dev.persona.store.PersonaStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Persona's front door: personalizes a learner's lessons, serves them, and lets the host edit and
 * delete them. Build one per application with {@link #builder()}, share it between threads, and
 * {@link #close()} it on shutdown.
 *
 * <p>What it guarantees:
 *
 * <ul>
 *   <li><b>Nothing lost.</b> A regeneration generates first and then stores every new
 *       personalization in one atomic store operation. A lesson whose generation fails keeps what
 *       it had; a failure of the store leaves everything as it was.
 *   <li><b>Only what changed.</b> Every personalization carries a fingerprint of the prompt
 *       version, the model, the learner's answers and the lesson's material. A regeneration skips
 *       lessons whose fingerprint is unchanged, and keeps content the host edited, unless forced.
 *   <li><b>Bounded.</b> One bound on concurrent provider calls and an optional requests-per-minute
 *       limit hold for everything the service runs. Retryable failures are retried with backoff,
 *       honouring retry-after; answers that break the content rules are sent back with the exact
 *       violations.
 *   <li><b>No mixing.</b> A learner's course is found by (user identifier, course slug), and only
 *       that course's lessons are personalized for it. Runs for the same learner never overlap;
 *       one whose learner changed their answers meanwhile is discarded, not stored.
 * </ul>
 *
 * <pre>{@code
 * PersonalizationService service = PersonalizationService.builder()
 *     .store(new InMemoryPersonaStore())
 *     .provider(new TemplateLlmProvider())
 *     .maxConcurrency(8)
 *     .build();
 * RegenerationReport report = service.regenerate("user-42", "massage-basics");
 * }</pre>
 */
public final class PersonalizationService implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("dev.persona");

  private final PersonaStore store;
  private final Prompt prompt;
  private final ContentRules rules;
  private final String modelId;
  private final String promptPart;
  private final int transcriptBudget;
  private final FallbackPolicy fallback;
  private final CallLimiter limiter;
  private final Generator generator;
  private final ExecutorService workers;
  private final ExecutorService callExecutor;
  private final ConcurrentHashMap<UUID, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
  private final Map<UUID, Tracked> submissions = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Tracked> eldest) {
          return size() > TRACKED_SUBMISSIONS;
        }
      });

  /** How many submissions' statuses a service remembers. */
  public static final int TRACKED_SUBMISSIONS = 10_000;

  private record Tracked(UUID id, String user, String slug, CompletableFuture<RegenerationReport> report) {}

  private PersonalizationService(Builder b, PersonaStore store, LlmProvider provider) {
    this.store = store;
    this.prompt = b.prompt;
    this.rules = b.rules != null ? b.rules : ContentRules.defaults(b.prompt.language());
    if (rules.language() != prompt.language()) {
      throw ValidationException.of("contentRules.language", "must be the prompt's language, "
          + prompt.language());
    }
    this.modelId = b.modelId != null ? b.modelId : Check.text(provider.model(), "provider.model()", 200);
    // The rules shape the prompt and the answers, so they are part of the prompt's identity.
    this.promptPart = prompt.version() + "/" + Hashing.sha256Hex(6, rules.toString());
    this.transcriptBudget = b.transcriptBudget;
    this.fallback = b.fallback;
    this.limiter = new CallLimiter(b.maxConcurrency, b.requestsPerMinute, b.nanoTime, b.sleeper);
    this.workers = new ThreadPoolExecutor(b.maxConcurrency, b.maxConcurrency, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemonThreads("persona-worker-"));
    ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
    this.callExecutor = Executors.newCachedThreadPool(daemonThreads("persona-call-"));
    this.generator = new Generator(provider, prompt, rules, b.retryPolicy, limiter, b.sleeper, callExecutor,
        b.random, b.maxAttempts, b.temperature, b.maxOutputTokens, b.callTimeout);
  }

  /**
   * Starts building a service.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- reading

  /**
   * A learner's course as they see it: every lesson in order with its personalization or none,
   * read in one store call.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @return the course, or empty when the learner has no profile for it
   * @throws ValidationException if an argument is blank
   */
  public Optional<PersonalizedCourse> personalizedCourse(String userIdentifier, String courseSlug) {
    Check.identifier(userIdentifier, "userIdentifier", Profile.MAX_USER_IDENTIFIER_LENGTH);
    Check.identifier(courseSlug, "courseSlug", Course.MAX_SLUG_LENGTH);
    return store.personalizedCourse(userIdentifier, courseSlug);
  }

  /**
   * What a regeneration would do with each lesson, and why, without calling the model or writing
   * anything: a dry run.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @param force plan as for a forced regeneration
   * @return one line per lesson, by number
   * @throws NotFoundException if the course or the learner's profile does not exist
   */
  public List<PlannedLesson> plan(String userIdentifier, String courseSlug, boolean force) {
    Snapshot s = snapshot(userIdentifier, courseSlug);
    List<PlannedLesson> plan = new ArrayList<>();
    for (Lesson lesson : s.lessons) {
      plan.add(decide(lesson, s, force).plan);
    }
    return plan;
  }

  // ---------------------------------------------------------------- regeneration

  /**
   * Regenerates a learner's course and waits for it; see {@link #regenerateAsync}.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @return the report
   */
  public RegenerationReport regenerate(String userIdentifier, String courseSlug) {
    return regenerate(userIdentifier, courseSlug, RegenerateOptions.defaults());
  }

  /**
   * Regenerates a learner's course and waits for it; see {@link #regenerateAsync}.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @param options force, listener, priority lesson
   * @return the report
   */
  public RegenerationReport regenerate(String userIdentifier, String courseSlug, RegenerateOptions options) {
    return join(regenerateAsync(userIdentifier, courseSlug, options));
  }

  /**
   * Regenerates every lesson of a learner's course whose personalization is missing, degraded or
   * stale (or every lesson, with {@link RegenerateOptions#force()}), in the background.
   *
   * <p>Lessons are generated in parallel within the service's concurrency bound; the new
   * personalizations are then stored in one atomic operation, so the learner sees either the old
   * set or the new one. Runs for the same learner are queued one after the other; a run whose
   * learner changed their answers while it was generating stores nothing (its lessons are reported
   * {@link Outcome#FAILED} as superseded) and the next run regenerates them.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @param options force, listener, priority lesson
   * @return the report, when done; failed with {@link NotFoundException} if the course or profile
   *     is gone, or with a {@link dev.persona.store.StoreException} if the store cannot be read
   * @throws NotFoundException at once if the course or the learner's profile does not exist
   * @throws ValidationException at once if an argument is blank or missing
   */
  public CompletableFuture<RegenerationReport> regenerateAsync(
      String userIdentifier, String courseSlug, RegenerateOptions options) {
    Check.required(options, "options");
    // Fail fast on an unknown course or learner; the job reads everything else once, when it starts.
    UUID profileId = requireProfile(userIdentifier, courseSlug).id();
    return serialized(profileId, () -> {
      Snapshot fresh = snapshot(userIdentifier, courseSlug);
      return run(fresh, options);
    });
  }

  /**
   * Regenerates the courses of every learner of a course, in the background; see {@link
   * #regenerateAsync}. All learners share the service's concurrency bound.
   *
   * @param courseSlug the course
   * @param options force, listener (hears every learner's lessons)
   * @return one report per learner, by user identifier
   * @throws NotFoundException at once if the course does not exist
   */
  public CompletableFuture<List<RegenerationReport>> regenerateCourseAsync(
      String courseSlug, RegenerateOptions options) {
    Check.identifier(courseSlug, "courseSlug", Course.MAX_SLUG_LENGTH);
    Check.required(options, "options");
    if (store.findCourse(courseSlug).isEmpty()) {
      throw new NotFoundException("no course '" + courseSlug + "'");
    }
    List<CompletableFuture<RegenerationReport>> runs = new ArrayList<>();
    for (Profile p : store.profiles(courseSlug)) {
      runs.add(regenerateAsync(p.userIdentifier(), courseSlug, options.withPriorityLesson(null)));
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
        .thenApply(v -> runs.stream().map(CompletableFuture::join).toList());
  }

  /**
   * Makes sure one lesson of a learner is personalized, generating it now (in the calling thread,
   * within the shared limits) when it is missing, degraded or stale. This is what a lesson page
   * calls when the learner opens it.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @param lessonNumber the lesson's position in the course
   * @return the result; its personalization is what is stored now (the old one when generation
   *     failed), or {@code null} when there is none
   * @throws NotFoundException if the course, profile or lesson does not exist
   */
  public LessonResult personalizeLesson(String userIdentifier, String courseSlug, int lessonNumber) {
    Snapshot s = snapshot(userIdentifier, courseSlug);
    Lesson lesson = s.lessons.stream().filter(l -> l.number() == lessonNumber).findFirst()
        .orElseThrow(() -> new NotFoundException("course '" + courseSlug + "' has no lesson " + lessonNumber));
    Decision d = decide(lesson, s, false);
    if (d.plan.action() != Action.GENERATE) {
      return d.immediateResult(s.profile.id());
    }
    LessonResult r = generateLesson(s, d);
    if (r.outcome() != Outcome.GENERATED && r.outcome() != Outcome.DEGRADED) {
      return r;
    }
    return commit(s, List.of(r), false).get(0);
  }

  // ---------------------------------------------------------------- onboarding

  /**
   * Accepts a learner's survey: stores (creates or updates) their profile for the course, then
   * personalizes their lessons in the background within the shared limits, and returns at once.
   *
   * <p>The course must exist; otherwise nothing is stored. Re-submitting changed answers makes
   * every personalization built on them stale and regenerates it; an identical re-submission
   * regenerates nothing. Submissions for the same learner racing each other end with one profile
   * and one consistent set of personalizations: runs for a learner are queued, and a run whose
   * answers were replaced meanwhile stores nothing.
   *
   * @param submission who, which course, name and answers, and optionally a lesson to do first
   * @return the stored profile and the running personalization
   * @throws NotFoundException if the course, or the first lesson asked for, does not exist
   * @throws ValidationException if the submission is missing
   */
  public Submission submitSurvey(SurveySubmission submission) {
    Check.required(submission, "submission");
    String user = submission.userIdentifier();
    String slug = submission.courseSlug();
    Course course = store.findCourse(slug).orElseThrow(() -> new NotFoundException("no course '" + slug + "'"));
    UUID priority = null;
    Integer first = submission.firstLesson();
    if (first != null) {
      priority = store.lessons(course.id()).stream().filter(l -> l.number() == first).findFirst()
          .map(Lesson::id)
          .orElseThrow(() -> new NotFoundException("course '" + slug + "' has no lesson " + first));
    }
    Optional<Profile> before = store.findProfile(user, slug);
    Profile stored;
    try {
      stored = store.saveProfile(Profile.of(user, slug, submission.name(), submission.survey()));
    } catch (dev.persona.store.MissingReferenceException e) {
      throw new NotFoundException("no course '" + slug + "'");
    }
    boolean changed = before.isEmpty() || !java.util.Objects.equals(before.get().name(), stored.name())
        || !before.get().survey().equals(stored.survey());
    UUID id = UUID.randomUUID();
    CompletableFuture<RegenerationReport> report =
        regenerateAsync(user, slug, RegenerateOptions.defaults().withPriorityLesson(priority));
    submissions.put(id, new Tracked(id, user, slug, report));
    return new Submission(id, stored, changed, report);
  }

  /**
   * Where a submission's personalization stands. Statuses are kept in memory for the last
   * {@value #TRACKED_SUBMISSIONS} submissions of this service.
   *
   * @param submissionId the id from {@link Submission#id()}
   * @return the status, or empty for an unknown or forgotten id
   */
  public Optional<SubmissionStatus> submissionStatus(UUID submissionId) {
    Check.id(submissionId, "submissionId");
    Tracked t = submissions.get(submissionId);
    if (t == null) {
      return Optional.empty();
    }
    if (!t.report.isDone()) {
      return Optional.of(new SubmissionStatus(t.id, t.user, t.slug, SubmissionStatus.State.RUNNING, null, null));
    }
    try {
      return Optional.of(new SubmissionStatus(t.id, t.user, t.slug, SubmissionStatus.State.DONE, t.report.join(), null));
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return Optional.of(new SubmissionStatus(t.id, t.user, t.slug, SubmissionStatus.State.FAILED, null,
          cause.getClass().getSimpleName()));
    }
  }

  // ---------------------------------------------------------------- editing

  /**
   * Saves (creates or replaces) a learner's personalization of a lesson with content the host
   * wrote, for example from an editor. It is marked {@link PersonalizationStatus#EDITED}, so
   * regeneration keeps it unless forced.
   *
   * @param profileId the learner's profile
   * @param lessonId the lesson
   * @param content all five fields filled
   * @return the stored personalization
   * @throws ValidationException if the content is incomplete, or the lesson belongs to another
   *     course than the profile
   * @throws NotFoundException if the profile or lesson does not exist
   */
  public Personalization save(UUID profileId, UUID lessonId, PersonalizedContent content) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    Check.required(content, "content").requireComplete();
    Profile profile = store.findProfileById(profileId)
        .orElseThrow(() -> new NotFoundException("no profile " + profileId));
    Lesson lesson = store.findLesson(lessonId)
        .orElseThrow(() -> new NotFoundException("no lesson " + lessonId));
    Course course = store.findCourseById(lesson.courseId())
        .orElseThrow(() -> new NotFoundException("no course " + lesson.courseId()));
    if (!course.slug().equals(profile.courseSlug())) {
      throw ValidationException.of("lessonId", "belongs to course '" + course.slug()
          + "', not to the profile's course '" + profile.courseSlug() + "'");
    }
    return store.upsertPersonalization(Personalization.edited(profileId, lessonId, content));
  }

  /**
   * Deletes a learner's personalization of a lesson.
   *
   * @param profileId the learner's profile
   * @param lessonId the lesson
   * @return whether there was one
   */
  public boolean delete(UUID profileId, UUID lessonId) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    return store.deletePersonalization(profileId, lessonId);
  }

  /**
   * The model identifier recorded in fingerprints.
   *
   * @return the model
   */
  public String model() {
    return modelId;
  }

  /**
   * The prompt in use.
   *
   * @return the prompt
   */
  public Prompt prompt() {
    return prompt;
  }

  /**
   * Stops accepting work and waits up to 30 seconds for running regenerations to finish; after
   * that they are interrupted, and whatever they had not stored is not stored.
   */
  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    callExecutor.shutdownNow();
  }

  // ---------------------------------------------------------------- machinery

  /** Everything a run reads before it starts, read once. */
  private final class Snapshot {
    final Profile profile;
    final Course course;
    final List<Lesson> lessons;
    final Map<UUID, Personalization> existing;
    final LearnerCard card;
    final String learnerHash;

    Snapshot(Profile profile, Course course, List<Lesson> lessons, List<Personalization> existing) {
      this.profile = profile;
      this.course = course;
      this.lessons = lessons;
      this.existing = new HashMap<>();
      existing.forEach(p -> this.existing.put(p.lessonId(), p));
      this.card = LearnerCard.of(profile, prompt.language());
      this.learnerHash = Hashing.sha256Hex(16, Json.write(Json.canonical(Json.MAPPER.valueToTree(card))));
    }
  }

  /** The plan for one lesson, with what generating it needs. */
  private record Decision(
      PlannedLesson plan,
      Lesson lesson,
      LessonMaterial material,
      Fingerprint fingerprint,
      @Nullable Personalization old) {

    LessonResult immediateResult(UUID profileId) {
      Outcome outcome = switch (plan.action()) {
        case SKIP -> Outcome.SKIPPED;
        case KEEP -> old != null && old.status() == PersonalizationStatus.EDITED ? Outcome.KEPT_EDITED : Outcome.UNCHANGED;
        case GENERATE -> throw new IllegalStateException("not an immediate decision");
      };
      return new LessonResult(profileId, lesson.id(), lesson.number(), outcome, plan.reason(), TokenUsage.ZERO, 0, old);
    }
  }

  private Snapshot snapshot(String userIdentifier, String courseSlug) {
    Profile profile = requireProfile(userIdentifier, courseSlug);
    Course course = store.findCourse(courseSlug)
        .orElseThrow(() -> new NotFoundException("no course '" + courseSlug + "'"));
    return new Snapshot(profile, course, store.lessons(course.id()), store.personalizations(profile.id()));
  }

  private Profile requireProfile(String userIdentifier, String courseSlug) {
    Check.identifier(userIdentifier, "userIdentifier", Profile.MAX_USER_IDENTIFIER_LENGTH);
    Check.identifier(courseSlug, "courseSlug", Course.MAX_SLUG_LENGTH);
    if (store.findCourse(courseSlug).isEmpty()) {
      throw new NotFoundException("no course '" + courseSlug + "'");
    }
    return store.findProfile(userIdentifier, courseSlug)
        .orElseThrow(() -> new NotFoundException("user '" + userIdentifier + "' has no profile for course '"
            + courseSlug + "'"));
  }

  private Decision decide(Lesson lesson, Snapshot s, boolean force) {
    LessonMaterial material = LessonMaterial.of(lesson, transcriptBudget);
    Fingerprint fp = new Fingerprint(promptPart, modelId, s.learnerHash, Hashing.sha256Hex(16,
        material.title(), String.valueOf(material.summary()), String.valueOf(material.description()),
        String.valueOf(material.transcript()),
        Integer.toString(material.transcriptLength())));
    Personalization old = s.existing.get(lesson.id());
    Action action;
    String reason;
    if (!material.hasSubstance()) {
      action = Action.SKIP;
      reason = "the lesson has no summary, description or transcript to personalize from";
    } else if (s.profile.survey().isBlank()) {
      action = Action.SKIP;
      reason = "the learner has not answered the survey";
    } else if (force) {
      action = Action.GENERATE;
      reason = "forced";
    } else if (old == null) {
      action = Action.GENERATE;
      reason = "no personalization yet";
    } else if (old.status() == PersonalizationStatus.EDITED) {
      action = Action.KEEP;
      reason = "edited by the host";
    } else if (old.status() == PersonalizationStatus.DEGRADED) {
      action = Action.GENERATE;
      reason = "degraded fallback; trying the model again";
    } else if (old.provenance() == null) {
      action = Action.GENERATE;
      reason = "no fingerprint (written by an older system)";
    } else {
      List<String> changes = changes(fp, old.provenance().fingerprint());
      action = changes.isEmpty() ? Action.KEEP : Action.GENERATE;
      reason = changes.isEmpty() ? "unchanged" : String.join(", ", changes);
    }
    return new Decision(new PlannedLesson(lesson.id(), lesson.number(), lesson.title(), action, reason),
        lesson, material, fp, old);
  }

  private static List<String> changes(Fingerprint current, String stored) {
    try {
      return current.changesSince(Fingerprint.parse(stored));
    } catch (ValidationException e) {
      return List.of("unreadable fingerprint");
    }
  }

  private CompletableFuture<RegenerationReport> run(Snapshot s, RegenerateOptions options) {
    long started = System.nanoTime();
    List<Lesson> ordered = new ArrayList<>(s.lessons);
    UUID priority = options.priorityLesson();
    if (priority != null) {
      if (ordered.stream().noneMatch(l -> l.id().equals(priority))) {
        throw ValidationException.of("priorityLesson", "is not a lesson of course '" + s.course.slug() + "'");
      }
      ordered.sort(Comparator.comparing((Lesson l) -> !l.id().equals(priority)));
    }
    int total = ordered.size();
    AtomicInteger finished = new AtomicInteger();
    List<CompletableFuture<LessonResult>> results = new ArrayList<>();
    for (Lesson lesson : ordered) {
      Decision d = decide(lesson, s, options.force());
      CompletableFuture<LessonResult> f;
      if (d.plan.action() != Action.GENERATE) {
        f = CompletableFuture.completedFuture(d.immediateResult(s.profile.id()));
      } else {
        f = CompletableFuture.supplyAsync(() -> generateLesson(s, d), workers);
        if (lesson.id().equals(priority)) {
          // Store the lesson the learner is about to open at once.
          f = f.thenApply(r -> isWrite(r) ? commit(s, List.of(r), options.force()).get(0) : r);
        }
      }
      results.add(f.whenComplete((r, e) -> {
        if (r != null) {
          notify(options.listener(), r, finished.incrementAndGet(), total);
        }
      }));
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(v -> {
      List<LessonResult> all = new ArrayList<>(results.stream().map(CompletableFuture::join).toList());
      List<LessonResult> pending = new ArrayList<>();
      for (LessonResult r : all) {
        if (isWrite(r) && !r.lessonId().equals(priority)) {
          pending.add(r);
        }
      }
      if (!pending.isEmpty()) {
        Map<UUID, LessonResult> committed = new HashMap<>();
        commit(s, pending, options.force()).forEach(r -> committed.put(r.lessonId(), r));
        all.replaceAll(r -> committed.getOrDefault(r.lessonId(), r));
      }
      all.sort(Comparator.comparingInt(LessonResult::lessonNumber));
      TokenUsage usage = all.stream().map(LessonResult::usage).reduce(TokenUsage.ZERO, TokenUsage::plus);
      RegenerationReport report = new RegenerationReport(s.profile.id(), s.profile.userIdentifier(),
          s.course.slug(), all, usage, Duration.ofNanos(System.nanoTime() - started));
      LOG.log(System.Logger.Level.DEBUG, "regenerated profile {0}: {1}", s.profile.id(), report.counts());
      return report;
    });
  }

  /** Whether a result still has to be written (its personalization is not stored yet). */
  private static boolean isWrite(LessonResult r) {
    return (r.outcome() == Outcome.GENERATED || r.outcome() == Outcome.DEGRADED)
        && r.personalization() != null && r.personalization().updatedAt() == null;
  }

  private LessonResult generateLesson(Snapshot s, Decision d) {
    UUID profileId = s.profile.id();
    Generator.Attempt a;
    try {
      a = generator.generate(new PromptInput(d.material, s.card, rules));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new LessonResult(profileId, d.lesson.id(), d.lesson.number(), Outcome.FAILED,
          "interrupted", TokenUsage.ZERO, 0, d.old);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "lesson " + d.lesson.id() + " of profile " + profileId
          + " failed unexpectedly: " + e.getClass().getName());
      return new LessonResult(profileId, d.lesson.id(), d.lesson.number(), Outcome.FAILED,
          "unexpected error: " + e.getClass().getSimpleName(), TokenUsage.ZERO, 0, d.old);
    }
    PersonalizedContent content = a.content();
    if (content != null) {
      Personalization p = new Personalization(UUID.randomUUID(), profileId, d.lesson.id(), content,
          PersonalizationStatus.GENERATED,
          new Provenance(d.fingerprint.asText(), a.model(), prompt.version(), a.usage()), null);
      return new LessonResult(profileId, d.lesson.id(), d.lesson.number(), Outcome.GENERATED,
          d.plan.reason(), a.usage(), a.attempts(), p);
    }
    String failure = String.valueOf(a.failure());
    LOG.log(System.Logger.Level.WARNING, "lesson {0} of profile {1} failed: {2}", d.lesson.id(), profileId, failure);
    if (d.old == null) {
      Optional<PersonalizedContent> fb = fallbackFor(d.lesson, s.profile);
      if (fb.isPresent()) {
        Personalization p = new Personalization(UUID.randomUUID(), profileId, d.lesson.id(), fb.get(),
            PersonalizationStatus.DEGRADED,
            new Provenance(d.fingerprint.asText(), a.model(), prompt.version(), a.usage()), null);
        return new LessonResult(profileId, d.lesson.id(), d.lesson.number(), Outcome.DEGRADED,
            "fallback stored: " + failure, a.usage(), a.attempts(), p);
      }
    }
    return new LessonResult(profileId, d.lesson.id(), d.lesson.number(), Outcome.FAILED, failure,
        a.usage(), a.attempts(), d.old);
  }

  private Optional<PersonalizedContent> fallbackFor(Lesson lesson, Profile profile) {
    try {
      return fallback.fallback(lesson, profile, prompt.language()).filter(PersonalizedContent::isComplete);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "fallback policy threw " + e.getClass().getName());
      return Optional.empty();
    }
  }

  /** Stores results in one atomic step; on failure every one of them reports what is still stored. */
  private List<LessonResult> commit(Snapshot s, List<LessonResult> toWrite, boolean force) {
    List<Personalization> batch = new ArrayList<>();
    toWrite.forEach(r -> batch.add(r.personalization()));
    try {
      // Unless forced, content the host edited while this run was generating is kept.
      List<Personalization> stored = store.savePersonalizations(s.profile.id(), s.profile, batch, !force);
      List<LessonResult> out = new ArrayList<>();
      for (int i = 0; i < toWrite.size(); i++) {
        LessonResult r = toWrite.get(i);
        Personalization p = stored.get(i);
        out.add(p.status() == PersonalizationStatus.EDITED && batch.get(i).status() != PersonalizationStatus.EDITED
            ? r.withOutcome(Outcome.KEPT_EDITED, "edited by the host during generation", p)
            : r.withOutcome(r.outcome(), r.reason(), p));
      }
      return out;
    } catch (ConcurrentUpdateException e) {
      return toWrite.stream().map(r -> r.withOutcome(Outcome.FAILED,
          "superseded: the learner's answers changed during generation", s.existing.get(r.lessonId()))).toList();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "storing " + batch.size() + " personalization(s) of profile "
          + s.profile.id() + " failed: " + e.getClass().getName());
      return toWrite.stream().map(r -> r.withOutcome(Outcome.FAILED,
          "storing failed: " + e.getClass().getSimpleName(), s.existing.get(r.lessonId()))).toList();
    }
  }

  private static void notify(ProgressListener listener, LessonResult r, int finished, int total) {
    try {
      listener.onLesson(r, finished, total);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "progress listener threw " + e.getClass().getName());
    }
  }

  /** Runs jobs for the same profile one after another. */
  @SuppressWarnings("FutureReturnValueIgnored") // the chained futures complete `result`, which is returned
  private <T> CompletableFuture<T> serialized(UUID profileId, Supplier<CompletableFuture<T>> job) {
    CompletableFuture<T> result = new CompletableFuture<>();
    tails.compute(profileId, (id, tail) -> {
      CompletableFuture<?> before = tail == null ? CompletableFuture.completedFuture(null) : tail;
      before.handle((x, e) -> null)
          .thenComposeAsync(v -> {
            try {
              return job.get();
            } catch (RuntimeException e) {
              return CompletableFuture.<T>failedFuture(e);
            }
          }, workers)
          .whenComplete((r, e) -> {
            if (e != null) {
              result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
              result.complete(r);
            }
          });
      return result;
    });
    result.whenComplete((r, e) -> tails.remove(profileId, result));
    return result;
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds a {@link PersonalizationService}. Only the store and the provider are required. */
  public static final class Builder {
    private @Nullable PersonaStore store;
    private @Nullable LlmProvider provider;
    private Prompt prompt = Prompt.russian();
    private @Nullable ContentRules rules;
    private @Nullable String modelId;
    private int maxConcurrency = 4;
    private int requestsPerMinute = 0;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private int maxAttempts = 3;
    private double temperature = 0.7;
    private int maxOutputTokens = 2500;
    private Duration callTimeout = Duration.ofSeconds(90);
    private int transcriptBudget = LessonMaterial.DEFAULT_BUDGET;
    private FallbackPolicy fallback = FallbackPolicy.none();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private LongSupplier nanoTime = System::nanoTime;
    private RandomGenerator random = RandomGenerator.getDefault();

    private Builder() {}

    /**
     * Where courses, learners and personalizations live. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(PersonaStore store) {
      this.store = Check.required(store, "store");
      return this;
    }

    /**
     * The model to write with. Required.
     *
     * @param provider the provider
     * @return this builder
     */
    public Builder provider(LlmProvider provider) {
      this.provider = Check.required(provider, "provider");
      return this;
    }

    /**
     * The prompt; {@link Prompt#russian()} by default. Its language is the content's language.
     *
     * @param prompt the prompt
     * @return this builder
     */
    public Builder prompt(Prompt prompt) {
      this.prompt = Check.required(prompt, "prompt");
      Check.text(prompt.version(), "prompt.version()", 100);
      return this;
    }

    /**
     * The rules answers are checked against; {@link ContentRules#defaults} in the prompt's
     * language by default.
     *
     * @param rules the rules, in the prompt's language
     * @return this builder
     */
    public Builder contentRules(ContentRules rules) {
      this.rules = Check.required(rules, "contentRules");
      return this;
    }

    /**
     * The model name recorded in fingerprints; {@link LlmProvider#model()} by default.
     *
     * @param modelId the model
     * @return this builder
     */
    public Builder modelId(String modelId) {
      this.modelId = Check.identifier(modelId, "modelId", 200);
      return this;
    }

    /**
     * The most provider calls in flight at once, for everything this service runs; 4 by default.
     *
     * @param maxConcurrency from 1 to 1024
     * @return this builder
     */
    public Builder maxConcurrency(int maxConcurrency) {
      if (maxConcurrency < 1 || maxConcurrency > 1024) {
        throw ValidationException.of("maxConcurrency", "must be between 1 and 1024");
      }
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    /**
     * The most provider calls started in any minute; 0 (no limit) by default.
     *
     * @param requestsPerMinute 0 for none, else positive
     * @return this builder
     */
    public Builder requestsPerMinute(int requestsPerMinute) {
      if (requestsPerMinute < 0) {
        throw ValidationException.of("requestsPerMinute", "must not be negative");
      }
      this.requestsPerMinute = requestsPerMinute;
      return this;
    }

    /**
     * How retryable provider failures are retried; {@link RetryPolicy#defaults()} by default.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Check.required(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * How many answers to request per lesson when answers break the content rules; 3 by default.
     *
     * @param maxAttempts from 1 to 10
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 10) {
        throw ValidationException.of("maxAttempts", "must be between 1 and 10");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The sampling temperature; 0.7 by default.
     *
     * @param temperature from 0 to 2
     * @return this builder
     */
    public Builder temperature(double temperature) {
      if (!(temperature >= 0.0 && temperature <= 2.0)) {
        throw ValidationException.of("temperature", "must be between 0 and 2");
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * The most tokens an answer may use; 2,500 by default.
     *
     * @param maxOutputTokens from 100 to 100,000
     * @return this builder
     */
    public Builder maxOutputTokens(int maxOutputTokens) {
      if (maxOutputTokens < 100 || maxOutputTokens > 100_000) {
        throw ValidationException.of("maxOutputTokens", "must be between 100 and 100000");
      }
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /**
     * How long one provider call may take; 90 seconds by default. The engine gives up on a call
     * two seconds after this even if the provider does not.
     *
     * @param callTimeout positive
     * @return this builder
     */
    public Builder callTimeout(Duration callTimeout) {
      if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
        throw ValidationException.of("callTimeout", "must be positive");
      }
      this.callTimeout = callTimeout;
      return this;
    }

    /**
     * The most transcript characters a prompt carries; {@value LessonMaterial#DEFAULT_BUDGET} by
     * default. Longer transcripts are cut at a sentence end.
     *
     * @param characters at least 500
     * @return this builder
     */
    public Builder transcriptBudget(int characters) {
      if (characters < 500) {
        throw ValidationException.of("transcriptBudget", "must be at least 500 characters");
      }
      this.transcriptBudget = characters;
      return this;
    }

    /**
     * What to store, marked degraded, when generation fails for a lesson that has nothing stored;
     * {@link FallbackPolicy#none()} by default.
     *
     * @param fallback the policy
     * @return this builder
     */
    public Builder fallback(FallbackPolicy fallback) {
      this.fallback = Check.required(fallback, "fallback");
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = nanoTime;
      return this;
    }

    Builder random(RandomGenerator random) {
      this.random = random;
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the service; close it on shutdown
     * @throws ValidationException if the store or provider is missing, or the rules' language is
     *     not the prompt's
     */
    public PersonalizationService build() {
      PersonaStore s = store;
      LlmProvider p = provider;
      if (s == null) {
        throw ValidationException.of("store", "is required");
      }
      if (p == null) {
        throw ValidationException.of("provider", "is required");
      }
      return new PersonalizationService(this, s, p);
    }
  }
}

package dev.persona;

import dev.persona.internal.Check;
import dev.persona.internal.Hashing;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.Profile;
import dev.persona.prompt.Prompt;
import dev.persona.store.PersonaStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Persona's front door: personalizes a learner's lessons, serves them, and lets the host edit and
 * delete them. Build one per application with {@link #builder()}, share it between threads, and
 * {@link #close()} it on shutdown.
 *
 * <p>What it guarantees: <b>nothing lost</b> (a run generates first and stores its new
 * personalizations in one atomic step; a failed lesson keeps what it had); <b>only what changed</b>
 * (fingerprints of prompt, model, learner and lesson; edited content is kept unless forced); <b>one
 * scheduler for every call</b> (interactive before onboarding before background work, which takes
 * turns across learners, within one concurrency bound and one {@link RateGate}; waiting calls hold
 * no permit and no thread; a retry-after pauses every call; a quota or authentication failure opens
 * a circuit; concurrent requests for one lesson share one generation); <b>no mixing</b> (a learner's
 * course is found by user and course slug, and runs for one learner never overlap).
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

  /** How many submissions' statuses a service remembers. */
  public static final int TRACKED_SUBMISSIONS = 10_000;

  private final PersonaStore store;
  private final Prompt prompt;
  private final String modelId;
  private final Engine engine;
  private final Planner planner;
  private final Adopter adopter;
  private final Runs runs;
  private final Launcher launcher;
  private final Submissions submissions;
  private final LearnerBatches batches;

  PersonalizationService(PersonalizationServiceBuilder b, PersonaStore store, Engine engine) {
    this.store = store;
    this.prompt = b.prompt;
    this.modelId = engine.modelId;
    this.engine = engine;
    // the rules shape the prompt and the answers, so they are part of the prompt's identity
    String promptPart = prompt.version() + "/" + Hashing.sha256Hex(6, engine.rules.toString());
    this.planner = new Planner(store, prompt, promptPart, modelId, b.transcriptBudget, b.vocabulary,
        engine.rules.minFieldLength());
    this.adopter = new Adopter(store, planner);
    LessonWork lessons = new LessonWork(engine.generator, engine.rules, prompt.version(), b.fallback, engine.clock,
        b.failureBackoff);
    this.runs = new Runs(store, planner, lessons, engine.scheduler, engine.runExecutor, engine.clock, engine.observers);
    this.launcher = new Launcher(store, engine, planner, runs, new LearnerQueue(engine.runExecutor, b.maxActiveRuns()));
    this.submissions = new Submissions(store);
    this.batches = new LearnerBatches(launcher, planner, lessons);
    engine.observers.engineStarted(new EngineStateView(engine.scheduler, launcher::activeRuns));
  }

  /**
   * Starts building a service.
   *
   * @return a builder
   */
  public static PersonalizationServiceBuilder builder() {
    return new PersonalizationServiceBuilder();
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
   * anything: a dry run. See {@link #dryRun} for unknown survey codes and adoptable rows too.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @param force plan as for a forced regeneration
   * @return one line per lesson, by number
   * @throws NotFoundException if the course or the learner's profile does not exist
   */
  public List<PlannedLesson> plan(String userIdentifier, String courseSlug, boolean force) {
    return dryRun(userIdentifier, courseSlug, force).lessons();
  }

  /**
   * A dry run for one learner: what a regeneration would do with each lesson and why, how many
   * legacy personalizations {@link #adopt} would keep without a call, and which survey answers
   * look like codes the vocabulary does not know. Calls no model and writes nothing.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @param force plan as for a forced regeneration
   * @return the plan
   * @throws NotFoundException if the course or the learner's profile does not exist
   */
  public LearnerPlan dryRun(String userIdentifier, String courseSlug, boolean force) {
    Planner.Snapshot s = planner.snapshot(userIdentifier, courseSlug);
    LessonWork work = runs.lessonWork();
    return new LearnerPlan(s.profileId(), userIdentifier, courseSlug,
        s.lessons.stream().map(l -> work.estimated(s, planner.decide(l, s, force))).toList(),
        planner.unknownCodes(s.profile));
  }

  /**
   * Adopts a learner's personalizations written before Persona: stamps each one that is complete
   * and in the course's language with the current fingerprint, without calling the model and
   * without touching its content. They then count as up to date until the prompt, the model, the
   * learner's answers or the lesson change. Rows that cannot be adopted stay as they are (and are
   * regenerated by the next run). The dry run counts adoptable rows.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @return what was adopted
   * @throws NotFoundException if the course or the learner's profile does not exist
   */
  public AdoptionReport adopt(String userIdentifier, String courseSlug) {
    return adopter.adopt(planner.snapshot(userIdentifier, courseSlug));
  }

  /**
   * Adopts the legacy personalizations of every learner of a course, page by page; see {@link
   * #adopt}.
   *
   * @param courseSlug the course
   * @return what was adopted
   * @throws NotFoundException if the course does not exist
   */
  public AdoptionReport adoptCourse(String courseSlug) {
    Check.identifier(courseSlug, "courseSlug", Course.MAX_SLUG_LENGTH);
    Course course = store.findCourse(courseSlug).orElseThrow(() -> new NotFoundException("no course '" + courseSlug + "'"));
    return adopter.adoptCourse(course);
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
    return Launcher.join(regenerateAsync(userIdentifier, courseSlug, options));
  }

  /**
   * Regenerates every lesson of a learner's course whose personalization is missing, degraded or
   * stale (or every lesson, with {@link RegenerateOptions#force()}), in the background.
   *
   * <p>Lessons are generated as background calls (the priority lesson as an interactive one); the
   * new personalizations are then stored in one atomic operation, so the learner sees either the
   * old set or the new one. Runs for the same learner are queued one after the other; a run whose
   * learner changed their answers while it was generating stores nothing (its lessons are reported
   * {@link LessonResult.Outcome#FAILED} as superseded) and the next run regenerates them.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @param options force, listener, priority lesson
   * @return the report, when done; failed with {@link NotFoundException} if the course or profile
   *     is gone, with a {@link dev.persona.store.StoreException} if the store cannot be read, or
   *     with {@link ServiceClosedException} if the service closed before the run started
   * @throws NotFoundException at once if the course or the learner's profile does not exist
   * @throws ValidationException at once if an argument is blank or missing
   * @throws ServiceClosedException if the service is closed
   */
  public CompletableFuture<RegenerationReport> regenerateAsync(
      String userIdentifier, String courseSlug, RegenerateOptions options) {
    Check.required(options, "options");
    launcher.ensureOpen();
    UUID profileId = planner.requireProfile(userIdentifier, courseSlug).id();
    return launcher.start(profileId, userIdentifier, courseSlug, options, CallPriority.BACKGROUND);
  }

  /**
   * Regenerates the courses of every learner of a course, in the background; see {@link
   * #regenerateAsync}. Returns at once; learners are read and admitted a few at a time, and all of
   * them share the service's limits.
   *
   * @param courseSlug the course
   * @param options force, listener (hears every learner's lessons)
   * @return one report per learner, by user identifier
   * @throws NotFoundException at once if the course does not exist
   * @throws ServiceClosedException if the service is closed
   */
  public CompletableFuture<List<RegenerationReport>> regenerateCourseAsync(
      String courseSlug, RegenerateOptions options) {
    Check.identifier(courseSlug, "courseSlug", Course.MAX_SLUG_LENGTH);
    Check.required(options, "options");
    launcher.ensureOpen();
    if (store.findCourse(courseSlug).isEmpty()) {
      throw new NotFoundException("no course '" + courseSlug + "'");
    }
    return launcher.course(courseSlug, options.withPriorityLesson(null));
  }

  /**
   * Makes sure one lesson of a learner is personalized, generating it now when it is missing,
   * degraded or stale. This is what a lesson page calls when the learner opens it: its call goes
   * ahead of every queued background and onboarding call; concurrent requests for the same lesson
   * share one generation; and a lesson whose generation failed moments ago is not tried again on
   * demand until the builder's {@link PersonalizationServiceBuilder#failureBackoff failure back-off} has passed (the
   * result is then {@link LessonResult.Outcome#NOT_SENT} with what is stored and the reason).
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @param lessonNumber the lesson's position in the course
   * @return the result; its personalization is what is stored now (the old one when generation
   *     failed), or {@code null} when there is none
   * @throws NotFoundException if the course, profile or lesson does not exist
   * @throws ServiceClosedException if the service is closed
   */
  public LessonResult personalizeLesson(String userIdentifier, String courseSlug, int lessonNumber) {
    launcher.ensureOpen();
    Planner.Snapshot s = planner.snapshot(userIdentifier, courseSlug);
    Lesson lesson = s.lessons.stream().filter(l -> l.number() == lessonNumber).findFirst()
        .orElseThrow(() -> new NotFoundException("course '" + courseSlug + "' has no lesson " + lessonNumber));
    return runs.onDemand(s, planner.decide(lesson, s, false));
  }

  // ---------------------------------------------------------------- onboarding

  /**
   * Accepts a learner's survey: stores (creates or updates) their profile for the course, then
   * personalizes their lessons in the background and returns at once. The first lesson asked for
   * goes ahead of everything as an interactive call and is stored as soon as it is ready; the
   * others go ahead of background runs.
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
   * @throws ServiceClosedException if the service is closed
   */
  public Submission submitSurvey(SurveySubmission submission) {
    Check.required(submission, "submission");
    launcher.ensureOpen();
    return submissions.submit(submission, (profile, options) ->
        launcher.start(profile.id(), profile.userIdentifier(), profile.courseSlug(), options, CallPriority.ONBOARDING));
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
    return submissions.status(submissionId);
  }

  // ---------------------------------------------------------------- editing

  /**
   * Saves a learner's personalization of a lesson with content the host wrote, for example from an
   * editor. It is marked {@link PersonalizationStatus#EDITED}, so regeneration keeps it unless
   * forced. The five fields are replaced; the stored content's extra keys (whatever did not map
   * onto the five fields) are kept, with the given content's own extra keys laid over them. Use
   * {@link #replace} to replace the extra keys too.
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
    return store.savePersonalization(Edits.edited(store, profileId, lessonId, content));
  }

  /**
   * Saves a learner's personalization of a lesson as {@link #save} does, but replaces the stored
   * content whole: extra keys the given content does not have are dropped.
   *
   * @param profileId the learner's profile
   * @param lessonId the lesson
   * @param content all five fields filled, and exactly the extra keys to keep
   * @return the stored personalization
   * @throws ValidationException if the content is incomplete, or the lesson belongs to another
   *     course than the profile
   * @throws NotFoundException if the profile or lesson does not exist
   */
  public Personalization replace(UUID profileId, UUID lessonId, PersonalizedContent content) {
    return store.replacePersonalization(Edits.edited(store, profileId, lessonId, content));
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
   * Work on many learners of a course at once (a course run's unit of work): synchronously, or
   * through a provider's batch API.
   *
   * @return the entry points
   */
  public LearnerBatches learnerBatches() {
    return batches;
  }

  /**
   * The most tokens one answer may use (the builder's {@code maxOutputTokens}): with a dry run's
   * prompt estimates, the upper bound of what a run can cost.
   *
   * @return tokens per call
   */
  public int maxOutputTokens() {
    return runs.lessonWork().maxOutputTokens();
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
   * Closes the service. From now on every method that would start work throws {@link
   * ServiceClosedException}. Runs still waiting for their turn fail with it at once. Runs already
   * started go on, within the same limits, until they finish or the builder's {@link
   * PersonalizationServiceBuilder#closeTimeout close timeout} passes; then their calls that have not been answered are
   * abandoned (running ones interrupted), and every run that did not finish stores nothing (its
   * learner keeps the old personalizations, whole). Returns when every run has ended.
   */
  @Override
  public void close() {
    launcher.close();
  }

  // ---------------------------------------------------------------- machinery

  Engine engine() { // for tests
    return engine;
  }

  LessonWork lessonWork() { // for tests
    return runs.lessonWork();
  }
}

package dev.persona.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.persona.LessonResult;
import dev.persona.LessonResult.Outcome;
import dev.persona.NotFoundException;
import dev.persona.PersonalizationService;
import dev.persona.PlannedLesson;
import dev.persona.RegenerateOptions;
import dev.persona.RegenerationReport;
import dev.persona.RunLimit;
import dev.persona.ValidationException;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.llm.LlmBatchProvider;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Course runs as durable jobs that every application node shares, on db-scheduler and the
 * PostgreSQL database Persona already uses (tables from Persona's migrations, V5).
 *
 * <p>{@link #start(String, RunOptions)} records a run and returns at once, however large the course.
 * A coordinator execution then reads the course's learners in user-id order, a page at a time
 * (memory stays flat), and schedules one execution per page; any node's worker picks pages up and
 * regenerates their learners through its {@link PersonalizationService} (fingerprints, kept edits,
 * each learner all or nothing), storing a page's learners in one write. A node that dies is
 * noticed by the others through missed heartbeats, and its pages are executed again: learners whose
 * outcome is recorded are skipped, and the rest find their finished lessons up to date, so nothing
 * is generated or stored twice. {@link #status} and {@link #cancel} work from any node.
 *
 * <pre>{@code
 * CourseRuns runs = CourseRuns.builder()
 *     .dataSource(dataSource).schema("persona")
 *     .service(service)                 // this node's engine (its provider, limits, rate gate)
 *     .prices(prices)                   // optional: cost in status and dollar budgets
 *     .build();
 * runs.startWorker();                   // this node executes pages too
 * UUID run = runs.start("neck-massage", RunOptions.defaults().withBudget(Budget.usd("25")));
 * RunStatus status = runs.status(run);
 * }</pre>
 *
 * <p>Close it before closing the service: {@link #close()} lets the pages it is executing finish.
 */
public final class CourseRuns implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.jobs");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PLAN = "persona-run-plan";
  static final String PAGE = "persona-run-page";
  static final String POLL = "persona-run-batch-poll";
  /** Pages a coordinator execution schedules before handing over to the next one. */
  static final int PAGES_PER_PLAN = 20;

  private final DataSource dataSource;
  private final String table;
  private final PersonalizationService service;
  private final JdbiPersonaStore store;
  private final RunTables tables;
  private final PriceTable prices;
  private final int pageSize;
  private final int threads;
  private final Duration pollingInterval;
  private final Duration heartbeat;
  private final int missedHeartbeats;
  private final String nodeName;
  private final OneTimeTask<String> planTask;
  private final OneTimeTask<String> pageTask;
  private final OneTimeTask<String> pollTask;
  private final BatchPages batches;
  /** What this node knows each run under a budget has spent (a few longs a run). */
  private final java.util.concurrent.ConcurrentHashMap<UUID, BudgetLimit.Spent> spentByRun =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Duration batchPollInterval;
  private final SchedulerClient client;
  private final List<Scheduler> schedulers = new ArrayList<>();

  private CourseRuns(Builder b, DataSource dataSource, PersonalizationService service) {
    this.dataSource = dataSource;
    this.service = service;
    this.store = JdbiPersonaStore.create(dataSource, b.schema);
    this.table = store.schema() + ".persona_scheduled_tasks";
    this.tables = new RunTables(Jdbi.create(dataSource), store.schema());
    this.prices = b.prices;
    this.pageSize = b.pageSize;
    this.threads = b.threads;
    this.pollingInterval = b.pollingInterval;
    this.heartbeat = b.heartbeat;
    this.missedHeartbeats = b.missedHeartbeats;
    this.nodeName = b.nodeName;
    // a failed execution (the database away, the service closing) is tried again, backing off to
    // about an hour between tries; after 30 it is dropped with a warning and the run shows it as remaining
    FailureHandler<String> retry = FailureHandler.<String>maxRetries(30)
        .withBackoff(Duration.ofSeconds(1), 1.5).thenRemove();
    this.planTask = Tasks.oneTime(PLAN, String.class).onFailure(retry).execute(this::plan);
    this.pageTask = Tasks.oneTime(PAGE, String.class).onFailure(retry).execute(this::page);
    this.pollTask = Tasks.oneTime(POLL, String.class).onFailure(retry).execute(this::poll);
    this.batches = new BatchPages(tables, service, b.prices, b.batchProvider, b.batchResubmits, b.batchResubmitWait);
    this.batchPollInterval = b.batchPollInterval;
    this.client = SchedulerClient.Builder.create(dataSource, planTask, pageTask, pollTask).tableName(table)
        .serializer(new StringSerializer()).build();
  }

  /**
   * Starts building.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Makes this node a worker: it executes runs' coordinators and pages, with {@code threads} pages
   * at a time. Idempotent.
   */
  public synchronized void startWorker() {
    if (!schedulers.isEmpty()) {
      return;
    }
    // Two schedulers on the one table: a coordinator that only plans (short executions, never stuck
    // behind long pages) and a worker that only executes pages. Each leaves the other's task alone.
    schedulers.add(scheduler(List.of(planTask, pollTask), 1, nodeName + "/plan"));
    schedulers.add(scheduler(List.of(pageTask), threads, nodeName));
    schedulers.forEach(Scheduler::start);
  }

  private Scheduler scheduler(List<Task<?>> tasks, int threadCount, String name) {
    return Scheduler.create(dataSource, tasks)
        .tableName(table)
        .serializer(new StringSerializer())
        .threads(threadCount)
        .pollingInterval(pollingInterval)
        .heartbeatInterval(heartbeat)
        .missedHeartbeatsLimit(missedHeartbeats)
        .schedulerName(new SchedulerName.Fixed(name))
        .pollUsingLockAndFetch(0.5, 1.0)
        .enableImmediateExecution()
        .deleteUnresolvedAfter(Duration.ofDays(36_500)) // the other scheduler's executions are not orphans
        .shutdownMaxWait(Duration.ofMinutes(2))
        .build();
  }

  /**
   * Starts a run over every learner of a course. Returns at once; any worker node does the work.
   *
   * @param courseSlug the course
   * @param options force and budget
   * @return the run's id
   * @throws NotFoundException if the course does not exist
   * @throws ValidationException if a dollar budget is set and the service's model has no price
   */
  public UUID start(String courseSlug, RunOptions options) {
    if (options == null) {
      throw ValidationException.of("options", "is required");
    }
    requireCourse(courseSlug);
    Budget budget = options.budget();
    if (budget != null && budget.micros() != null && prices.price(service.model()).isEmpty()) {
      throw ValidationException.of("budget", "is in dollars, but the price table has no price for model '"
          + service.model() + "'");
    }
    if (options.batch() && !batches.configured()) {
      throw ValidationException.of("batch", "batch mode needs a batch provider: CourseRuns.builder().batchProvider(...)");
    }
    UUID id = UUID.randomUUID();
    tables.insertRun(id, courseSlug, options);
    client.scheduleIfNotExists(planTask.instance(id + "/plan/0", planData(id, 0, null)), Instant.now());
    LOG.info("course run {} of course '{}' started", id, courseSlug);
    return id;
  }

  /**
   * A run's progress and spending.
   *
   * @param runId the run
   * @return the status
   * @throws NotFoundException if there is no such run
   */
  public RunStatus status(UUID runId) {
    if (runId == null) {
      throw ValidationException.of("runId", "is required");
    }
    RunTables.Run r = tables.run(runId).orElseThrow(() -> new NotFoundException("no course run " + runId));
    long[] n = tables.outcomes(runId);
    return new RunStatus(r.id(), r.course(), r.state(), r.planned(), r.learners(), n[0], n[1], n[2], r.calls(),
        r.inputTokens(), r.cachedTokens(), r.outputTokens(), r.costMicros(), r.createdAt(), r.finishedAt(),
        r.batchRequests());
  }

  /**
   * Cancels a run: no further page starts; pages in progress finish, and what they store is whole.
   *
   * @param runId the run
   * @return whether it was running
   */
  public boolean cancel(UUID runId) {
    if (runId == null) {
      throw ValidationException.of("runId", "is required");
    }
    boolean cancelled = tables.end(runId, RunState.CANCELLED);
    if (cancelled) {
      LOG.info("course run {} cancelled", runId);
    }
    return cancelled;
  }

  /**
   * What a run would do now: learners, calls, tokens and the most it would cost. Reads every
   * learner (a page at a time) and plans each, without a call.
   *
   * @param courseSlug the course
   * @param force whether the run would force
   * @return the estimate
   * @throws NotFoundException if the course does not exist
   */
  public RunEstimate estimate(String courseSlug, boolean force) {
    requireCourse(courseSlug);
    long learners = 0;
    long calls = 0;
    long prompt = 0;
    String after = null;
    while (true) {
      List<Profile> page = store.profiles(courseSlug, after, pageSize);
      for (Profile p : page) {
        learners++;
        for (PlannedLesson l : service.dryRun(p.userIdentifier(), courseSlug, force).lessons()) {
          if (l.action() == PlannedLesson.Action.GENERATE) {
            calls++;
            prompt += l.estimatedPromptTokens();
          }
        }
      }
      if (page.size() < pageSize) {
        break;
      }
      after = page.get(page.size() - 1).userIdentifier();
    }
    long output = calls * service.maxOutputTokens();
    Long cost = prices.costMicros(service.model(), new TokenUsage(prompt, 0, output)).orElse(null);
    return new RunEstimate(learners, calls, prompt, output, cost);
  }

  /** Stops this node's worker, letting the pages it is executing finish. The runs go on elsewhere. */
  @Override
  public synchronized void close() {
    schedulers.forEach(Scheduler::stop);
    schedulers.clear();
  }

  // ---------------------------------------------------------------- executions

  private void plan(TaskInstance<String> instance, ExecutionContext ctx) {
    JsonNode d = read(instance.getData());
    UUID run = UUID.fromString(d.path("run").asText());
    RunTables.Run r = tables.run(run).orElse(null);
    if (r == null || r.state() != RunState.RUNNING) {
      return;
    }
    int page = d.path("page").asInt();
    String after = d.path("after").isTextual() ? d.path("after").asText() : null;
    for (int i = 0; i < PAGES_PER_PLAN; i++) {
      List<Profile> profiles = store.profiles(r.course(), after, pageSize);
      if (!profiles.isEmpty()) {
        List<String> users = profiles.stream().map(Profile::userIdentifier).toList();
        tables.page(run, page, users.size());
        ctx.getSchedulerClient().scheduleIfNotExists(pageTask.instance(run + "/" + page,
            pageData(run, page, users, r.batch() ? "submit" : "sync").toString()), Instant.now());
        after = users.get(users.size() - 1);
        page++;
      }
      if (profiles.size() < pageSize) {
        tables.planned(run);
        LOG.info("course run {}: every learner scheduled ({} pages)", run, page);
        return;
      }
    }
    ctx.getSchedulerClient().scheduleIfNotExists(planTask.instance(run + "/plan/" + page, planData(run, page, after)),
        Instant.now());
  }

  private void page(TaskInstance<String> instance, ExecutionContext ctx) {
    JsonNode d = read(instance.getData());
    UUID run = UUID.fromString(d.path("run").asText());
    int page = d.path("page").asInt();
    String mode = d.path("mode").asText("sync");
    RunTables.Run r = tables.run(run).orElse(null);
    if (r == null) {
      return;
    }
    // batches already out were reserved within the budget: a run that reached it still takes them in
    boolean batchesOut = !mode.equals("sync") && batches.hasParts(run, page);
    if (r.state() != RunState.RUNNING && !(r.state() == RunState.BUDGET_REACHED && batchesOut)) {
      spentByRun.remove(run); // pages still executing keep theirs
      batches.cancel(run, page);
      tables.finishPage(run, page, List.of(), prices, service.model()); // its learners stay "remaining"
      return;
    }
    List<String> users = new ArrayList<>();
    d.path("users").forEach(u -> users.add(u.asText()));
    Set<String> done = new HashSet<>(tables.alreadyDone(run, users));
    List<String> todo = users.stream().filter(u -> !done.contains(u)).toList();
    BudgetLimit budget = null;
    Budget b = r.budget();
    if (b != null) {
      long[] committed = tables.committed(run, page); // spent on every node, and other pages' batches out
      if (mode.equals("sync") && BudgetLimit.reached(b, committed[0] + committed[2], committed[1] + committed[3])) {
        tables.end(run, RunState.BUDGET_REACHED);
        tables.finishPage(run, page, List.of(), prices, service.model());
        return;
      }
      budget = new BudgetLimit(b, tables, run, page, spentByRun.computeIfAbsent(run, k -> new BudgetLimit.Spent()),
          committed, prices, service.model());
    }
    RegenerateOptions options = RegenerateOptions.defaults().withForce(r.force());
    RunLimit limit = budget == null ? RunLimit.NONE : budget;
    List<RegenerationReport> reports;
    long batchRequests = 0;
    TokenUsage batchUsage = TokenUsage.ZERO;
    if (mode.equals("submit")) {
      BatchPages.Submitted submitted = batches.submit(r, page, todo);
      if (submitted == BatchPages.Submitted.OUT) {
        ctx.getSchedulerClient().scheduleIfNotExists(pollTask.instance(run + "/" + page + "/poll/1",
            pollData(run, page, todo, 1)), Instant.now().plus(batchPollInterval));
        return; // the poller takes it from here
      }
      if (submitted == BatchPages.Submitted.WAIT) {
        int n = d.path("n").asInt(0) + 1;
        ctx.getSchedulerClient().scheduleIfNotExists(pageTask.instance(run + "/" + page + "/submit/" + n,
            pageData(run, page, users, "submit").put("n", n).toString()),
            Instant.now().plus(batchPollInterval));
        return;
      }
      if (tables.run(run).map(x -> x.state() != RunState.RUNNING).orElse(true)) {
        tables.finishPage(run, page, List.of(), prices, service.model()); // the budget ended the run
        return;
      }
    }
    if (mode.equals("ingest")) {
      BatchPages.Ingest in = batches.results(run, page);
      batchRequests = in.requests();
      batchUsage = in.usage();
      reports = service.learnerBatches().regenerate(r.course(), todo, options, limit, in.results()).join();
    } else {
      reports = service.learnerBatches().regenerate(r.course(), todo, options, limit).join();
    }
    List<RunTables.Outcome> outcomes = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (RegenerationReport report : reports) {
      reported.add(report.userIdentifier());
      String outcome = report.count(Outcome.NOT_SENT) > 0 ? "not_sent"
          : report.count(Outcome.FAILED) > 0 ? "failed" : "done";
      int calls = report.lessons().stream().mapToInt(LessonResult::attempts).sum();
      outcomes.add(new RunTables.Outcome(report.userIdentifier(), outcome, calls, report.usage()));
    }
    for (String user : todo) {
      if (!reported.contains(user)) { // the learner left the course meanwhile: nothing to do
        outcomes.add(new RunTables.Outcome(user, "done", 0, TokenUsage.ZERO));
      }
    }
    if (budget != null && budget.refused() && tables.end(run, RunState.BUDGET_REACHED)) {
      LOG.info("course run {}: budget reached", run); // before the page is finished, which may finish the run
    }
    tables.finishPage(run, page, outcomes, prices, service.model(), batchRequests, batchUsage);
  }

  private void poll(TaskInstance<String> instance, ExecutionContext ctx) {
    JsonNode d = read(instance.getData());
    UUID run = UUID.fromString(d.path("run").asText());
    int page = d.path("page").asInt();
    int n = d.path("n").asInt();
    List<String> users = new ArrayList<>();
    d.path("users").forEach(u -> users.add(u.asText()));
    RunTables.Run r = tables.run(run).orElse(null);
    if (r == null) {
      return;
    }
    if (r.state() != RunState.RUNNING && r.state() != RunState.BUDGET_REACHED) {
      batches.cancel(run, page);
      tables.finishPage(run, page, List.of(), prices, service.model());
      return;
    }
    if (batches.poll(r, page)) {
      ctx.getSchedulerClient().scheduleIfNotExists(pageTask.instance(run + "/" + page + "/ingest",
          pageData(run, page, users, "ingest").toString()), Instant.now());
    } else {
      ctx.getSchedulerClient().scheduleIfNotExists(pollTask.instance(run + "/" + page + "/poll/" + (n + 1),
          pollData(run, page, users, n + 1)), Instant.now().plus(batchPollInterval));
    }
  }

  private void requireCourse(String courseSlug) {
    if (store.findCourse(courseSlug).isEmpty()) {
      throw new NotFoundException("no course '" + courseSlug + "'");
    }
  }

  private static String planData(UUID run, int page, @Nullable String after) {
    ObjectNode o = JSON.createObjectNode().put("run", run.toString()).put("page", page);
    if (after != null) {
      o.put("after", after);
    }
    return o.toString();
  }

  private static ObjectNode pageData(UUID run, int page, List<String> users, String mode) {
    ObjectNode o = JSON.createObjectNode().put("run", run.toString()).put("page", page).put("mode", mode);
    users.forEach(o.putArray("users")::add);
    return o;
  }

  private static String pollData(UUID run, int page, List<String> users, int n) {
    ObjectNode o = JSON.createObjectNode().put("run", run.toString()).put("page", page).put("n", n);
    users.forEach(o.putArray("users")::add);
    return o.toString();
  }

  private static JsonNode read(String data) {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds {@link CourseRuns}; the data source and the service are required. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private String schema = "public";
    private @Nullable PersonalizationService service;
    private PriceTable prices = PriceTable.none();
    private int pageSize = 50;
    private int threads = 2;
    private Duration pollingInterval = Duration.ofSeconds(2);
    private Duration heartbeat = Duration.ofSeconds(5);
    private int missedHeartbeats = 4;
    private String nodeName = defaultNodeName();
    private @Nullable LlmBatchProvider batchProvider;
    private Duration batchPollInterval = Duration.ofMinutes(1);
    private int batchResubmits = 6;
    private Duration batchResubmitWait = Duration.ofMinutes(10);

    private Builder() {}

    private static String defaultNodeName() {
      String host = System.getenv().getOrDefault("HOSTNAME", "node");
      return host + "-" + ProcessHandle.current().pid();
    }

    /**
     * The PostgreSQL database (the one Persona's store uses, migrated to V5 or later).
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      if (dataSource == null) {
        throw ValidationException.of("dataSource", "is required");
      }
      this.dataSource = dataSource;
      return this;
    }

    /**
     * The schema Persona's tables are in; {@code public} by default.
     *
     * @param schema a lower-case identifier
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /**
     * The engine this node generates with.
     *
     * @param service the service
     * @return this builder
     */
    public Builder service(PersonalizationService service) {
      if (service == null) {
        throw ValidationException.of("service", "is required");
      }
      this.service = service;
      return this;
    }

    /**
     * Prices, for costs in status and dollar budgets.
     *
     * @param prices the table
     * @return this builder
     */
    public Builder prices(PriceTable prices) {
      if (prices == null) {
        throw ValidationException.of("prices", "is required");
      }
      this.prices = prices;
      return this;
    }

    /**
     * Learners per page (one execution, one write); 50 by default.
     *
     * @param pageSize from 1 to 500
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 500) {
        throw ValidationException.of("pageSize", "must be from 1 to 500");
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Pages this node executes at once; 2 by default. The service's own limits still bound calls.
     *
     * @param threads from 1 to 64
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1 || threads > 64) {
        throw ValidationException.of("threads", "must be from 1 to 64");
      }
      this.threads = threads;
      return this;
    }

    /**
     * How often an idle worker looks for work; 2 seconds by default.
     *
     * @param interval positive
     * @return this builder
     */
    public Builder pollingInterval(Duration interval) {
      this.pollingInterval = positive(interval, "pollingInterval");
      return this;
    }

    /**
     * How often a worker says it is alive while executing; after {@code missed} silent intervals its
     * executions are taken over by another node. 5 seconds and 4 by default (a dead node's pages
     * restart after about 20 seconds).
     *
     * @param interval positive
     * @param missed at least 4 (db-scheduler's minimum)
     * @return this builder
     */
    public Builder heartbeat(Duration interval, int missed) {
      this.heartbeat = positive(interval, "heartbeat");
      if (missed < 4) {
        throw ValidationException.of("missed", "must be at least 4");
      }
      this.missedHeartbeats = missed;
      return this;
    }

    /**
     * The provider's batch API, for runs started in batch mode ({@link RunOptions#inBatches()}). Its
     * model should be the service's.
     *
     * @param provider the batch provider
     * @return this builder
     */
    public Builder batchProvider(LlmBatchProvider provider) {
      if (provider == null) {
        throw ValidationException.of("batchProvider", "is required");
      }
      this.batchProvider = provider;
      return this;
    }

    /**
     * How often a page's batches are checked; 1 minute by default (batches take minutes to hours).
     *
     * @param interval positive
     * @return this builder
     */
    public Builder batchPollInterval(Duration interval) {
      this.batchPollInterval = positive(interval, "batchPollInterval");
      return this;
    }

    /**
     * How often a batch that fails as a whole on a rate limit is submitted again, and the first wait
     * before that (doubling each time, at most 2 hours); 6 times from 10 minutes by default, about
     * 6.5 hours in all. OpenAI fails a batch with {@code token_limit_exceeded} while other batches
     * hold the model's enqueued-token allowance, which frees as they finish. After the last attempt
     * the part's lessons go the synchronous way. Other whole-batch failures go that way at once.
     *
     * @param times from 0 to 20
     * @param firstWait positive
     * @return this builder
     */
    public Builder batchResubmits(int times, Duration firstWait) {
      if (times < 0 || times > 20) {
        throw ValidationException.of("times", "must be from 0 to 20");
      }
      this.batchResubmitWait = positive(firstWait, "firstWait");
      this.batchResubmits = times;
      return this;
    }

    /**
     * This node's name in the executions table; host name and process id by default.
     *
     * @param name the name
     * @return this builder
     */
    public Builder nodeName(String name) {
      if (name == null || name.isBlank() || name.length() > 100) {
        throw ValidationException.of("nodeName", "must be 1 to 100 characters");
      }
      this.nodeName = name.strip();
      return this;
    }

    /**
     * Builds the runs.
     *
     * @return the runs
     */
    public CourseRuns build() {
      DataSource ds = dataSource;
      PersonalizationService s = service;
      if (ds == null || s == null) {
        throw ValidationException.of("builder", "dataSource and service are required");
      }
      return new CourseRuns(this, ds, s);
    }

    private static Duration positive(@Nullable Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw ValidationException.of(what, "must be positive");
      }
      return d;
    }
  }
}

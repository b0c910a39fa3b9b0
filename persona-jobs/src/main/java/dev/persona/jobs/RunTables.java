package dev.persona.jobs;

import dev.persona.llm.TokenUsage;
import dev.persona.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * The run tables of migration V5: runs, their pages and their learners' outcomes. Every statement is
 * a constant with the schema filled in once; values are always bound.
 */
final class RunTables {

  /** A learner's outcome in a run, with what it spent. */
  record Outcome(String user, String outcome, int calls, TokenUsage usage) {}

  /**
   * A part of a page in batch mode: its learners, the attempt, and the batch once submitted. A
   * part with a submission time and no batch may have been submitted by an execution that died.
   */
  record PageBatch(UUID run, int page, int part, List<String> learners, int attempt, @Nullable String batchId,
      int requests, @Nullable Instant submittedAt, @Nullable Instant retryAt) {

    /** The batch's key at the provider: unique per run, page, part and attempt. */
    String key() {
      return run + "/" + page + "/" + part + "/" + attempt;
    }
  }

  private final Jdbi jdbi;
  private final String insertRun;
  private final String findRun;
  private final String setState;
  private final String finishIfDone;
  private final String markPlanned;
  private final String insertPage;
  private final String finishPage;
  private final String learnersDone;
  private final String insertLearner;
  private final String addSpending;
  private final String counts;
  private final String insertBatch;
  private final String batchSubmitting;
  private final String batchSubmitted;
  private final String batchRetry;
  private final String dropBatch;
  private final String outstandingOf;
  private final String committed;
  private final String lockCommitted;
  private final String addSpent;
  private final String pageBatches;
  private final String addBatchSpending;
  private final String pageOpen;

  RunTables(Jdbi jdbi, String schema) {
    this.jdbi = jdbi;
    String s = schema + ".";
    insertRun = "INSERT INTO " + s + "persona_runs (id, course_slug, state, force, budget_tokens, budget_micros, batch) "
        + "VALUES (:id, :course, 'running', :force, :tokens, :micros, :batch)";
    insertBatch = "INSERT INTO " + s + "persona_run_batches (run_id, page, part, learners, requests, submitted_at, "
        + "estimated_tokens, estimated_micros) VALUES (:id, :page, :part, :learners, :requests, now(), :tokens, :micros) "
        + "ON CONFLICT DO NOTHING";
    outstandingOf = "SELECT coalesce(sum(estimated_tokens), 0) AS tokens, coalesce(sum(estimated_micros), 0) AS micros "
        + "FROM " + s + "persona_run_batches WHERE run_id = :id AND page = :page";
    String held = "(SELECT coalesce(sum(b.estimated_%1$s), 0) FROM " + s + "persona_run_batches b JOIN " + s
        + "persona_run_pages p ON p.run_id = b.run_id AND p.page = b.page WHERE b.run_id = r.id AND b.page <> :page "
        + "AND NOT p.done)";
    String commitment = "r.spent_tokens, r.spent_micros, " + String.format(Locale.ROOT, held, "tokens")
        + " AS held_tokens, " + String.format(Locale.ROOT, held, "micros") + " AS held_micros";
    committed = "SELECT " + commitment + " FROM " + s + "persona_runs r WHERE r.id = :id";
    lockCommitted = committed + " FOR UPDATE";
    addSpent = "UPDATE " + s + "persona_runs r SET spent_tokens = spent_tokens + :tokens, "
        + "spent_micros = spent_micros + :micros WHERE r.id = :id RETURNING " + commitment;
    String part = " WHERE run_id = :id AND page = :page AND part = :part AND attempt = :attempt";
    batchSubmitting = "UPDATE " + s + "persona_run_batches SET submitted_at = now(), retry_at = NULL, "
        + "requests = :requests" + part + " AND batch_id IS NULL";
    batchSubmitted = "UPDATE " + s + "persona_run_batches SET batch_id = :batch" + part + " AND batch_id IS NULL";
    batchRetry = "UPDATE " + s + "persona_run_batches SET attempt = attempt + 1, batch_id = NULL, submitted_at = NULL, "
        + "retry_at = :at" + part;
    dropBatch = "DELETE FROM " + s + "persona_run_batches" + part + " AND batch_id IS NULL";
    pageBatches = "SELECT part, learners, attempt, batch_id, requests, submitted_at, retry_at FROM " + s
        + "persona_run_batches WHERE run_id = :id AND page = :page ORDER BY part";
    addBatchSpending = "UPDATE " + s + "persona_runs SET batch_requests = batch_requests + :requests, "
        + "spent_tokens = spent_tokens + :input + :output, spent_micros = spent_micros + :cost, "
        + "input_tokens = input_tokens + :input, cached_tokens = cached_tokens + :cached, "
        + "output_tokens = output_tokens + :output, cost_micros = cost_micros + :cost, updated_at = now() WHERE id = :id";
    findRun = "SELECT r.*, (SELECT coalesce(sum(learners), 0) FROM " + s + "persona_run_pages p WHERE p.run_id = r.id)"
        + " AS learners FROM " + s + "persona_runs r WHERE r.id = :id";
    setState = "UPDATE " + s + "persona_runs SET state = :state, updated_at = now(), finished_at = now() "
        + "WHERE id = :id AND state = 'running'";
    finishIfDone = "UPDATE " + s + "persona_runs r SET state = 'done', updated_at = now(), finished_at = now() "
        + "WHERE r.id = :id AND r.state = 'running' AND r.planned AND NOT EXISTS (SELECT 1 FROM " + s
        + "persona_run_pages p WHERE p.run_id = r.id AND NOT p.done)";
    markPlanned = "UPDATE " + s + "persona_runs SET planned = true, updated_at = now() WHERE id = :id";
    insertPage = "INSERT INTO " + s + "persona_run_pages (run_id, page, learners) VALUES (:id, :page, :learners) "
        + "ON CONFLICT DO NOTHING";
    finishPage = "UPDATE " + s + "persona_run_pages SET done = true WHERE run_id = :id AND page = :page";
    learnersDone = "SELECT user_identifier FROM " + s + "persona_run_learners WHERE run_id = :id "
        + "AND user_identifier = ANY(:users)";
    insertLearner = "INSERT INTO " + s + "persona_run_learners (run_id, user_identifier, outcome, calls) "
        + "VALUES (:id, :user, :outcome, :calls) ON CONFLICT DO NOTHING";
    addSpending = "UPDATE " + s + "persona_runs SET calls = calls + :calls, input_tokens = input_tokens + :input, "
        + "cached_tokens = cached_tokens + :cached, output_tokens = output_tokens + :output, "
        + "cost_micros = cost_micros + :cost, updated_at = now() WHERE id = :id";
    pageOpen = "SELECT NOT done FROM " + s + "persona_run_pages WHERE run_id = :id AND page = :page FOR UPDATE";
    counts = "SELECT outcome, count(*) AS n FROM " + s + "persona_run_learners WHERE run_id = :id GROUP BY outcome";
  }

  void insertRun(UUID id, String course, RunOptions options) {
    Budget b = options.budget();
    write(h -> h.createUpdate(insertRun).bind("id", id).bind("course", course).bind("force", options.force())
        .bind("tokens", b == null ? null : b.tokens()).bind("micros", b == null ? null : b.micros())
        .bind("batch", options.batch()).execute());
  }

  /** A run's row: state, budget and spending so far. */
  record Run(UUID id, String course, RunState state, boolean force, @Nullable Long budgetTokens,
      @Nullable Long budgetMicros, boolean planned, long learners, long calls, long inputTokens, long cachedTokens,
      long outputTokens, long costMicros, Instant createdAt, @Nullable Instant finishedAt, boolean batch,
      long batchRequests) {

    long tokens() {
      return inputTokens + outputTokens;
    }

    @Nullable Budget budget() {
      return budgetTokens == null && budgetMicros == null ? null : new Budget(budgetTokens, budgetMicros);
    }
  }

  Optional<Run> run(UUID id) {
    return read(h -> h.createQuery(findRun).bind("id", id).map((rs, ctx) -> run(rs)).findOne());
  }

  private static Run run(ResultSet rs) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    return new Run(rs.getObject("id", UUID.class), rs.getString("course_slug"),
        RunState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)), rs.getBoolean("force"),
        (Long) rs.getObject("budget_tokens"), (Long) rs.getObject("budget_micros"), rs.getBoolean("planned"),
        rs.getLong("learners"), rs.getLong("calls"), rs.getLong("input_tokens"), rs.getLong("cached_tokens"),
        rs.getLong("output_tokens"), rs.getLong("cost_micros"), rs.getTimestamp("created_at").toInstant(),
        finished == null ? null : finished.toInstant(), rs.getBoolean("batch"), rs.getLong("batch_requests"));
  }

  /** Ends a running run with a state; false when it had already ended. */
  boolean end(UUID id, RunState state) {
    return write(h -> h.createUpdate(setState).bind("id", id).bind("state", state.name().toLowerCase(Locale.ROOT))
        .execute()) > 0;
  }

  void page(UUID id, int page, int learners) {
    write(h -> h.createUpdate(insertPage).bind("id", id).bind("page", page).bind("learners", learners).execute());
  }

  void planned(UUID id) {
    write(h -> {
      h.createUpdate(markPlanned).bind("id", id).execute();
      return h.createUpdate(finishIfDone).bind("id", id).execute();
    });
  }

  List<String> alreadyDone(UUID id, List<String> users) {
    return read(h -> h.createQuery(learnersDone).bind("id", id).bindArray("users", String.class, users)
        .mapTo(String.class).list());
  }

  /**
   * Records a page's outcomes and spending in one transaction: a learner's outcome is written once,
   * and only the learners written now add to the run's spending, so a page executed twice counts once.
   */
  void finishPage(UUID id, int page, List<Outcome> outcomes, PriceTable prices, String model) {
    finishPage(id, page, outcomes, prices, model, 0, TokenUsage.ZERO);
  }

  /**
   * As above, with the page's batch spending: added only when the page was not finished before, so
   * a page ingested twice pays once.
   */
  void finishPage(UUID id, int page, List<Outcome> outcomes, PriceTable prices, String model, long batchRequests,
      TokenUsage batchUsage) {
    write(h -> {
      boolean first = h.createQuery(pageOpen).bind("id", id).bind("page", page).mapTo(Boolean.class).findOne()
          .orElse(false);
      if (first && batchRequests > 0) {
        addBatchSpending(h, id, batchRequests, batchUsage, prices.batchCostMicros(model, batchUsage).orElse(0L));
      }
      long calls = 0;
      TokenUsage usage = TokenUsage.ZERO;
      PreparedBatch batch = h.prepareBatch(insertLearner);
      for (Outcome o : outcomes) {
        batch.bind("id", id).bind("user", o.user()).bind("outcome", o.outcome()).bind("calls", o.calls()).add();
      }
      int[] inserted = outcomes.isEmpty() ? new int[0] : batch.execute();
      for (int i = 0; i < inserted.length; i++) {
        if (inserted[i] > 0) {
          calls += outcomes.get(i).calls();
          usage = usage.plus(outcomes.get(i).usage());
        }
      }
      long cost = prices.costMicros(model, usage).orElse(0L);
      h.createUpdate(addSpending).bind("id", id).bind("calls", calls).bind("input", usage.promptTokens())
          .bind("cached", usage.cachedPromptTokens()).bind("output", usage.completionTokens()).bind("cost", cost)
          .execute();
      h.createUpdate(finishPage).bind("id", id).bind("page", page).execute();
      return h.createUpdate(finishIfDone).bind("id", id).execute();
    });
  }

  /** A part to record: its number, learners, request count, and upper bound in tokens and micro-dollars. */
  record NewPart(int part, List<String> learners, int requests, long boundTokens, long boundMicros) {}

  /** What became of recording a page's parts. */
  enum Reservation {
    /** Recorded. */
    RECORDED,
    /** Not recorded: the budget cannot hold them until other pages' batches are taken in. */
    WAIT,
    /** Not recorded: the budget cannot hold them and nothing else is out. */
    NO_ROOM
  }

  /**
   * Records a page's parts, about to be submitted (attempt 1, submission time now), with upper
   * bounds of what they will cost. Under a budget, the run's row is locked and the parts are
   * recorded only if what the run has spent, plus the bounds of every batch not yet taken in, plus
   * theirs, fits; otherwise nothing is written.
   */
  Reservation parts(UUID id, int page, List<NewPart> parts, @Nullable Budget budget) {
    return write(h -> {
      if (budget != null) {
        // spent, and other pages' bounds: the run's row locked, so reservations are taken one at a time
        long[] c = h.createQuery(lockCommitted).bind("id", id).bind("page", page).map(RunTables::commitment).one();
        long[] mine = outstandingOf(h, id, page);
        long tokens = parts.stream().mapToLong(NewPart::boundTokens).sum();
        long micros = parts.stream().mapToLong(NewPart::boundMicros).sum();
        Long maxTokens = budget.tokens();
        Long maxMicros = budget.micros();
        if ((maxTokens != null && c[0] + c[2] + mine[0] + tokens > maxTokens)
            || (maxMicros != null && c[1] + c[3] + mine[1] + micros > maxMicros)) {
          return c[2] > 0 || c[3] > 0 ? Reservation.WAIT : Reservation.NO_ROOM;
        }
      }
      for (NewPart p : parts) {
        h.createUpdate(insertBatch).bind("id", id).bind("page", page).bind("part", p.part())
            .bindArray("learners", String.class, p.learners()).bind("requests", p.requests())
            .bind("tokens", p.boundTokens()).bind("micros", p.boundMicros()).execute();
      }
      return Reservation.RECORDED;
    });
  }

  private long[] outstandingOf(Handle h, UUID id, int page) {
    return h.createQuery(outstandingOf).bind("id", id).bind("page", page)
        .map((rs, ctx) -> new long[] {rs.getLong("tokens"), rs.getLong("micros")}).one();
  }

  /**
   * What a run has committed: spent so far on every node (tokens, micro-dollars), and the bounds of
   * batches not yet taken in but one page's (tokens, micro-dollars).
   */
  long[] committed(UUID id, int exceptPage) {
    return read(h -> h.createQuery(committed).bind("id", id).bind("page", exceptPage).map(RunTables::commitment).one());
  }

  /** Adds one call's spending to the run's, and returns what the run has committed now (as above). */
  long[] addSpent(UUID id, int page, long tokens, long micros) {
    return write(h -> h.createQuery(addSpent).bind("id", id).bind("page", page).bind("tokens", tokens)
        .bind("micros", micros).map(RunTables::commitment).one());
  }

  private static long[] commitment(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
    return new long[] {rs.getLong("spent_tokens"), rs.getLong("spent_micros"), rs.getLong("held_tokens"),
        rs.getLong("held_micros")};
  }

  /** Records that a part's attempt is about to be submitted again (after a wait). */
  void submitting(PageBatch b, int requests) {
    write(h -> bindPart(h.createUpdate(batchSubmitting), b).bind("requests", requests).execute());
  }

  /** Records the batch a part's attempt made. */
  void submitted(PageBatch b, String batchId) {
    write(h -> bindPart(h.createUpdate(batchSubmitted), b).bind("batch", batchId).execute());
  }

  /** Makes a part wait until {@code at}, then be submitted as its next attempt. */
  void retryLater(PageBatch b, Instant at) {
    write(h -> bindPart(h.createUpdate(batchRetry), b).bind("at", Timestamp.from(at)).execute());
  }

  /** Forgets a part that has nothing left to ask (its learners went up to date or left meanwhile). */
  void drop(PageBatch b) {
    write(h -> bindPart(h.createUpdate(dropBatch), b).execute());
  }

  private static org.jdbi.v3.core.statement.Update bindPart(org.jdbi.v3.core.statement.Update u, PageBatch b) {
    return u.bind("id", b.run()).bind("page", b.page()).bind("part", b.part()).bind("attempt", b.attempt());
  }

  List<PageBatch> batches(UUID id, int page) {
    return read(h -> h.createQuery(pageBatches).bind("id", id).bind("page", page).map((rs, ctx) -> {
      Timestamp submitted = rs.getTimestamp("submitted_at");
      Timestamp retry = rs.getTimestamp("retry_at");
      return new PageBatch(id, page, rs.getInt("part"), List.of((String[]) rs.getArray("learners").getArray()),
          rs.getInt("attempt"), rs.getString("batch_id"), rs.getInt("requests"),
          submitted == null ? null : submitted.toInstant(), retry == null ? null : retry.toInstant());
    }).list());
  }

  /** What a page's batches cost (their answers' tokens at batch prices), added once with the page's outcomes. */
  void addBatchSpending(Handle h, UUID id, long requests, TokenUsage usage, long costMicros) {
    h.createUpdate(addBatchSpending).bind("id", id).bind("requests", requests).bind("input", usage.promptTokens())
        .bind("cached", usage.cachedPromptTokens()).bind("output", usage.completionTokens()).bind("cost", costMicros)
        .execute();
  }

  /** Learners by outcome: done, failed, not_sent. */
  long[] outcomes(UUID id) {
    long[] n = new long[3];
    read(h -> h.createQuery(counts).bind("id", id).map((rs, ctx) -> {
      String o = rs.getString("outcome");
      n[o.equals("done") ? 0 : o.equals("failed") ? 1 : 2] = rs.getLong("n");
      return o;
    }).list());
    return n;
  }

  private <T> T read(java.util.function.Function<Handle, T> work) {
    try {
      return jdbi.withHandle(work::apply);
    } catch (JdbiException e) {
      throw new StoreException("reading course runs failed (" + e.getClass().getSimpleName()
          + "); were Persona's migrations run on this schema?", e);
    }
  }

  private <T> T write(java.util.function.Function<Handle, T> work) {
    try {
      return jdbi.inTransaction(work::apply);
    } catch (JdbiException e) {
      throw new StoreException("writing course runs failed (" + e.getClass().getSimpleName()
          + "); were Persona's migrations run on this schema?", e);
    }
  }
}

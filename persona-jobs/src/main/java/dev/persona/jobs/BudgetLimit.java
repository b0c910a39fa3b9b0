package dev.persona.jobs;

import dev.persona.RunLimit;
import dev.persona.llm.TokenUsage;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's budget as one page on one node sees it: what the run has spent on every node, call by
 * call, as this node last learned it (shared by this node's pages of the run, refreshed from the
 * database whenever one of them has a call answered), plus the bounds of other pages' batches not yet
 * taken in. Asking is free (it is asked under the engine's scheduler lock); each answer costs one
 * update. So a run passes its budget by about the calls in flight on every node when it is reached.
 */
final class BudgetLimit implements RunLimit {

  static final String REASON = "the run's budget is reached";
  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.jobs");

  /** What a node knows a run has spent, shared by its pages of the run. */
  static final class Spent {
    final AtomicLong tokens = new AtomicLong();
    final AtomicLong micros = new AtomicLong();
  }

  private final @Nullable Long maxTokens;
  private final @Nullable Long maxMicros;
  private final RunTables tables;
  private final UUID run;
  private final int page;
  private final PriceTable prices;
  private final String model;
  private final Spent spent;
  private volatile long heldTokens;
  private volatile long heldMicros;
  private volatile boolean refused;

  /**
   * @param committed from {@link RunTables#committed}: spent tokens, micro-dollars; held tokens, micro-dollars
   */
  BudgetLimit(Budget budget, RunTables tables, UUID run, int page, Spent spent, long[] committed, PriceTable prices,
      String model) {
    this.maxTokens = budget.tokens();
    this.maxMicros = budget.micros();
    this.tables = tables;
    this.run = run;
    this.page = page;
    this.prices = prices;
    this.model = model;
    this.spent = spent;
    learn(committed);
  }

  private void learn(long[] committed) {
    spent.tokens.accumulateAndGet(committed[0], Math::max);
    spent.micros.accumulateAndGet(committed[1], Math::max);
    heldTokens = committed[2];
    heldMicros = committed[3];
  }

  static boolean reached(Budget budget, long tokens, long micros) {
    Long t = budget.tokens();
    Long m = budget.micros();
    return (t != null && tokens >= t) || (m != null && micros >= m);
  }

  @Override
  public @Nullable String refusal() {
    Long t = maxTokens;
    Long m = maxMicros;
    if ((t != null && spent.tokens.get() + heldTokens >= t) || (m != null && spent.micros.get() + heldMicros >= m)) {
      refused = true;
      return REASON;
    }
    return null;
  }

  @Override
  public void spent(TokenUsage usage) {
    long cost = prices.costMicros(model, usage).orElse(0L);
    // counted here at once: the engine starts the next call while this one's spending is being written
    spent.tokens.addAndGet(usage.totalTokens());
    spent.micros.addAndGet(cost);
    try {
      learn(tables.addSpent(run, page, usage.totalTokens(), cost));
    } catch (RuntimeException e) {
      // the database is away: this node's count goes on, and the page's outcomes are recorded when it is back
      LOG.warn("course run {}: could not record a call's spending ({}); counting it on this node", run,
          e.getClass().getSimpleName());
    }
  }

  boolean refused() {
    return refused;
  }
}

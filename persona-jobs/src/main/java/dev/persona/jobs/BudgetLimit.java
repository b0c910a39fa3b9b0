package dev.persona.jobs;

import dev.persona.RunLimit;
import dev.persona.llm.TokenUsage;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A run's budget as seen by one page on one node: what the whole run had spent when the page
 * started, plus what this page spends. Other nodes' pages spend meanwhile too, so a run may pass
 * its budget by at most the calls in flight on every node when it is reached.
 */
final class BudgetLimit implements RunLimit {

  static final String REASON = "the run's budget is reached";

  private final @Nullable Long maxTokens;
  private final @Nullable Long maxMicros;
  private final PriceTable prices;
  private final String model;
  private final AtomicLong tokens;
  private final AtomicLong micros;
  private volatile boolean refused;

  BudgetLimit(Budget budget, long spentTokens, long spentMicros, PriceTable prices, String model) {
    this.maxTokens = budget.tokens();
    this.maxMicros = budget.micros();
    this.prices = prices;
    this.model = model;
    this.tokens = new AtomicLong(spentTokens);
    this.micros = new AtomicLong(spentMicros);
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
    if ((t != null && tokens.get() >= t) || (m != null && micros.get() >= m)) {
      refused = true;
      return REASON;
    }
    return null;
  }

  @Override
  public void spent(TokenUsage usage) {
    tokens.addAndGet(usage.totalTokens());
    micros.addAndGet(prices.costMicros(model, usage).orElse(0L));
  }

  boolean refused() {
    return refused;
  }
}

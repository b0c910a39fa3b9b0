package dev.persona.testkit;

import dev.persona.llm.LlmRequest;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How {@link OpenAiCompatibleServer} runs batches ({@code /v1/files}, {@code /v1/batches}): how long
 * they take, in what order lines come back, and which lines are malformed, failed or expired.
 * Settings apply to batches created after they are set. Thread-safe.
 */
public final class BatchBehaviour {

  private volatile int pollsBeforeDone = 1;
  private volatile boolean outOfOrder = true;
  private volatile int malformedEvery;
  private volatile int failEvery;
  private volatile int expireEvery;
  private volatile @Nullable String batchError;
  private volatile @Nullable Function<LlmRequest, String> answer;
  private int failNext;
  private @Nullable String failNextCode;
  private int loseNext;

  BatchBehaviour() {}

  /**
   * How many status reads a batch stays in progress; 1 by default.
   *
   * @param polls 0 or more
   * @return this
   */
  public BatchBehaviour pollsBeforeDone(int polls) {
    this.pollsBeforeDone = Math.max(0, polls);
    return this;
  }

  /**
   * Whether output lines come back in another order than the input's; true by default.
   *
   * @param shuffled whether to
   * @return this
   */
  public BatchBehaviour outOfOrder(boolean shuffled) {
    this.outOfOrder = shuffled;
    return this;
  }

  /**
   * Every {@code n}-th request's output line is not JSON; 0 (the default) for none.
   *
   * @param n the period
   * @return this
   */
  public BatchBehaviour malformedEvery(int n) {
    this.malformedEvery = Math.max(0, n);
    return this;
  }

  /**
   * Every {@code n}-th request fails with a 500 in the error file; 0 for none.
   *
   * @param n the period
   * @return this
   */
  public BatchBehaviour failEvery(int n) {
    this.failEvery = Math.max(0, n);
    return this;
  }

  /**
   * Every {@code n}-th request expires ({@code batch_expired}) and the batch ends {@code expired};
   * 0 for none.
   *
   * @param n the period
   * @return this
   */
  public BatchBehaviour expireEvery(int n) {
    this.expireEvery = Math.max(0, n);
    return this;
  }

  /**
   * Every batch fails as a whole with this code, for example {@code token_limit_exceeded}; {@code
   * null} (the default) for none.
   *
   * @param code the error code
   * @return this
   */
  public BatchBehaviour failWholeBatch(@Nullable String code) {
    this.batchError = code;
    return this;
  }

  /**
   * The next {@code count} batches created fail as a whole with this code (for example {@code
   * token_limit_exceeded}, which OpenAI reports while other batches hold the model's enqueued
   * tokens); later ones run normally.
   *
   * @param count how many
   * @param code the error code
   * @return this
   */
  public synchronized BatchBehaviour failNextBatches(int count, String code) {
    this.failNext = Math.max(0, count);
    this.failNextCode = code;
    return this;
  }

  /**
   * The next {@code count} batch creations make the batch but answer 500, as when the answer is
   * lost on the way: the caller cannot know the batch exists unless it looks.
   *
   * @param count how many
   * @return this
   */
  public synchronized BatchBehaviour loseNextCreateAnswers(int count) {
    this.loseNext = Math.max(0, count);
    return this;
  }

  /**
   * The assistant's text for each request; by default the server's next scripted reply's text.
   *
   * @param answer from the request (messages as sent) to the text
   * @return this
   */
  public BatchBehaviour answer(Function<LlmRequest, String> answer) {
    this.answer = answer;
    return this;
  }

  synchronized @Nullable String nextBatchError() {
    if (failNext > 0) {
      failNext--;
      return failNextCode;
    }
    return null;
  }

  synchronized boolean loseCreateAnswer() {
    if (loseNext > 0) {
      loseNext--;
      return true;
    }
    return false;
  }

  int pollsBeforeDone() {
    return pollsBeforeDone;
  }

  boolean outOfOrder() {
    return outOfOrder;
  }

  int malformedEvery() {
    return malformedEvery;
  }

  int failEvery() {
    return failEvery;
  }

  int expireEvery() {
    return expireEvery;
  }

  @Nullable String batchError() {
    return batchError;
  }

  @Nullable Function<LlmRequest, String> answer() {
    return answer;
  }
}

package dev.persona.llm;

import org.jspecify.annotations.Nullable;

/**
 * Where a batch stands.
 *
 * @param state the state
 * @param total requests in the batch
 * @param completed requests answered
 * @param failed requests that failed
 * @param error why the whole batch failed (for example a token limit), or {@code null}
 */
public record BatchStatus(State state, int total, int completed, int failed, @Nullable LlmException error) {

  /** A batch's state. */
  public enum State {
    /** Being validated, run or finalized. */
    IN_PROGRESS,
    /** Every request has an answer or an error. */
    COMPLETED,
    /** The batch as a whole failed; no request was run. See {@link BatchStatus#error()}. */
    FAILED,
    /** The completion window passed: some requests may have answers, the rest expired. */
    EXPIRED,
    /** Cancelled: some requests may have answers. */
    CANCELLED;

    /**
     * Whether the batch will not change any more.
     *
     * @return true for every state but {@link #IN_PROGRESS}
     */
    public boolean isFinal() {
      return this != IN_PROGRESS;
    }
  }

  /** Validates the status. */
  public BatchStatus {
    if (state == null) {
      throw new IllegalArgumentException("a batch status needs its state");
    }
    if (total < 0 || completed < 0 || failed < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}

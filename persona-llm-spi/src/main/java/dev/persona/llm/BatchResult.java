package dev.persona.llm;

import org.jspecify.annotations.Nullable;

/**
 * One request's outcome in a finished batch: an answer or an error, never both.
 *
 * @param id the request's id
 * @param response the answer, or {@code null}
 * @param error what went wrong (failed, expired, unreadable), or {@code null}
 */
public record BatchResult(String id, @Nullable LlmResponse response, @Nullable LlmException error) {

  /** Validates that exactly one of answer and error is present. */
  public BatchResult {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a batch result needs its request id");
    }
    if ((response == null) == (error == null)) {
      throw new IllegalArgumentException("a batch result has an answer or an error, not both or neither");
    }
  }

  /**
   * An answer.
   *
   * @param id the request's id
   * @param response the answer
   * @return the result
   */
  public static BatchResult answered(String id, LlmResponse response) {
    return new BatchResult(id, response, null);
  }

  /**
   * An error.
   *
   * @param id the request's id
   * @param error what went wrong
   * @return the result
   */
  public static BatchResult failed(String id, LlmException error) {
    return new BatchResult(id, null, error);
  }
}

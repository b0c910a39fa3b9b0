package dev.persona.llm;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A provider call failed. The {@link Kind kind} tells the caller what to do next.
 *
 * <p>Messages must never contain an API key, request text or a learner's answers; a provider puts
 * the HTTP status and the vendor's error code there, no more.
 */
public class LlmException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, and so whether a retry can help. */
  public enum Kind {
    /** Too many requests; retryable, after {@link #retryAfter()} when the provider said. */
    RATE_LIMITED(true),
    /** The call took longer than its timeout; retryable. */
    TIMEOUT(true),
    /** The provider is down, overloaded, answered 5xx, or the connection broke; retryable. */
    UNAVAILABLE(true),
    /** The API key is missing, wrong or lacks permission; never retried. */
    AUTHENTICATION(false),
    /** The account has no credit or quota left; never retried. */
    QUOTA_EXHAUSTED(false),
    /** The prompt does not fit the model's context window; never retried as is. */
    CONTEXT_TOO_LONG(false),
    /** The provider rejected the request as malformed or unsupported; never retried. */
    INVALID_REQUEST(false),
    /** The provider's content filter refused the request or the answer; never retried. */
    CONTENT_FILTERED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /**
     * Whether the same request may succeed if sent again later.
     *
     * @return {@code true} for {@link #RATE_LIMITED}, {@link #TIMEOUT} and {@link #UNAVAILABLE}
     */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param kind what went wrong
   * @param message what happened, without secrets or request text
   */
  public LlmException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  /**
   * Creates the exception.
   *
   * @param kind what went wrong
   * @param message what happened, without secrets or request text
   * @param retryAfter how long the provider asked the caller to wait, or {@code null}
   * @param cause the underlying failure, or {@code null}
   */
  public LlmException(
      Kind kind, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(kind + ": " + message, cause);
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative");
    }
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  /**
   * What went wrong.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether a retry may help; the same as {@code kind().retryable()}.
   *
   * @return whether the call is worth retrying
   */
  public boolean retryable() {
    return kind.retryable();
  }

  /**
   * How long the provider asked the caller to wait before retrying, when it said.
   *
   * @return the delay, or empty
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

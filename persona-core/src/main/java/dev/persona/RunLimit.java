package dev.persona;

import dev.persona.llm.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * A limit on one run's provider calls, for example a budget: asked before each call starts, told
 * what each answered call used. When it refuses, no further call of the run is sent, and every
 * learner of the run whose lessons were not all done keeps what was stored before, whole.
 * Implementations must be thread-safe; {@link #refusal()} is called once per call, so keep it cheap.
 */
public interface RunLimit {

  /** No limit. */
  RunLimit NONE = () -> null;

  /**
   * Why no further call of the run may start.
   *
   * @return the reason, or {@code null} while calls may start
   */
  @Nullable String refusal();

  /**
   * A call of the run was answered.
   *
   * @param usage the tokens it used
   */
  default void spent(TokenUsage usage) {}
}

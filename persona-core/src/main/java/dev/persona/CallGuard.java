package dev.persona;

import dev.persona.llm.TokenUsage;
import org.jspecify.annotations.Nullable;

/** Whether the run a call belongs to still wants it, and what it spent. */
interface CallGuard {
  CallGuard NONE = () -> null;

  /** Why no further call of the run may start, or {@code null} when it may. */
  @Nullable String refusal();

  /** A call of the run got an answer that used these tokens. */
  default void spent(TokenUsage usage) {}

  /** A host's limit as a guard. */
  static CallGuard of(RunLimit limit) {
    if (limit == RunLimit.NONE) {
      return NONE;
    }
    return new CallGuard() {
      @Override
      public @Nullable String refusal() {
        return limit.refusal();
      }

      @Override
      public void spent(TokenUsage usage) {
        limit.spent(usage);
      }
    };
  }
}

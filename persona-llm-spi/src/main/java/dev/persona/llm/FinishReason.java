package dev.persona.llm;

/** Why the model stopped writing. */
public enum FinishReason {
  /** The model finished its answer. */
  STOP,
  /** The answer hit {@link LlmRequest#maxOutputTokens()} and is cut off. */
  LENGTH,
  /** The provider's content filter withheld or cut the answer. */
  CONTENT_FILTER,
  /** Any other reason, or none reported. */
  OTHER
}

package dev.persona.llm;

/**
 * Tokens a call used, as the provider reported them.
 *
 * @param promptTokens tokens in the request, including cached ones
 * @param cachedPromptTokens the part of {@code promptTokens} served from the provider's prompt cache
 * @param completionTokens tokens in the answer
 */
public record TokenUsage(long promptTokens, long cachedPromptTokens, long completionTokens) {

  /** No tokens: for providers that do not report usage. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0, 0);

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative or more prompt tokens are cached than sent
   */
  public TokenUsage {
    if (promptTokens < 0 || cachedPromptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
    if (cachedPromptTokens > promptTokens) {
      throw new IllegalArgumentException("cachedPromptTokens exceeds promptTokens");
    }
  }

  /**
   * All tokens of the call.
   *
   * @return prompt plus completion tokens
   */
  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /**
   * The sum of two usages.
   *
   * @param other the usage to add
   * @return a new usage with every count added
   */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        promptTokens + other.promptTokens,
        cachedPromptTokens + other.cachedPromptTokens,
        completionTokens + other.completionTokens);
  }
}

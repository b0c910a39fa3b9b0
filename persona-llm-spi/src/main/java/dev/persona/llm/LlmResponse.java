package dev.persona.llm;

/**
 * A model's answer.
 *
 * @param text the answer text; may be empty, never {@code null}
 * @param model the model that actually answered, as the provider reported it
 * @param usage the tokens the call used
 * @param finishReason why the model stopped
 */
public record LlmResponse(String text, String model, TokenUsage usage, FinishReason finishReason) {

  /**
   * Validates the response.
   *
   * @throws IllegalArgumentException if a component is {@code null} or the model is blank
   */
  public LlmResponse {
    if (text == null) {
      throw new IllegalArgumentException("text is required");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is required");
    }
    if (usage == null) {
      throw new IllegalArgumentException("usage is required");
    }
    if (finishReason == null) {
      throw new IllegalArgumentException("finishReason is required");
    }
  }

  /** Shows the length of the text, not the text. */
  @Override
  public String toString() {
    return "LlmResponse[" + text.length() + " chars, model=" + model + ", usage=" + usage
        + ", finishReason=" + finishReason + "]";
  }
}

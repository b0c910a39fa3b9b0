package dev.persona.llm;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A chat request.
 *
 * @param messages the conversation, at least one message, copied
 * @param responseFormat the JSON schema the answer should follow, or {@code null} for free text
 * @param temperature sampling temperature, {@code 0.0} to {@code 2.0}
 * @param maxOutputTokens the most tokens the answer may use, at least 1
 * @param timeout how long the provider may take for this call, positive
 */
public record LlmRequest(
    List<LlmMessage> messages,
    @Nullable ResponseFormat responseFormat,
    double temperature,
    int maxOutputTokens,
    Duration timeout) {

  /**
   * Validates and copies the request.
   *
   * @throws IllegalArgumentException if a value is missing or out of range
   */
  public LlmRequest {
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("at least one message is required");
    }
    messages = List.copyOf(messages);
    if (!(temperature >= 0.0 && temperature <= 2.0)) {
      throw new IllegalArgumentException("temperature must be within [0, 2], was " + temperature);
    }
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be positive, was " + maxOutputTokens);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /**
   * A request with one system and one user message, no schema, temperature 0.7, 1,000 output
   * tokens and a 60 second timeout: handy in tests and examples.
   *
   * @param system the system message
   * @param user the user message
   * @return the request
   */
  public static LlmRequest of(String system, String user) {
    return new LlmRequest(
        List.of(LlmMessage.system(system), LlmMessage.user(user)),
        null,
        0.7,
        1000,
        Duration.ofSeconds(60));
  }
}

package dev.persona;

import dev.persona.llm.LlmException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The engine could not produce valid personalized content for a lesson: the provider failed for
 * good, or every answer broke the content rules. Whatever was stored before stays as it was.
 */
public class GenerationException extends PersonaException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, without survey or content text
   * @param cause the provider failure, or {@code null}
   */
  public GenerationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * The provider failure behind this one, if a provider failed.
   *
   * @return the provider's exception, or empty when the output broke the rules
   */
  public Optional<LlmException> providerFailure() {
    return getCause() instanceof LlmException e ? Optional.of(e) : Optional.empty();
  }
}

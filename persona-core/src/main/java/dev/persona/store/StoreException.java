package dev.persona.store;

import dev.persona.PersonaException;
import org.jspecify.annotations.Nullable;

/**
 * A storage operation failed. When a write fails, the store is left as it was before the call.
 * Subclasses name the common causes so hosts can answer them without parsing messages.
 */
public class StoreException extends PersonaException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, by identifiers only
   * @param cause the driver's exception, or {@code null}
   */
  public StoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

package dev.persona.store;

import org.jspecify.annotations.Nullable;

/**
 * The store could not be reached or the connection broke. The operation did not take effect; it
 * may succeed if tried again later.
 */
public class StoreUnavailableException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the driver's exception, or {@code null}
   */
  public StoreUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

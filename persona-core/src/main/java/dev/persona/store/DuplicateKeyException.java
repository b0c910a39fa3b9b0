package dev.persona.store;

import org.jspecify.annotations.Nullable;

/** A write would break a unique key, such as a second course with the same slug. */
public class DuplicateKeyException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which key, by name and identifiers only
   * @param cause the driver's exception, or {@code null}
   */
  public DuplicateKeyException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

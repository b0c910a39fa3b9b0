package dev.persona.store;

import org.jspecify.annotations.Nullable;

/** A write refers to a row that does not exist, such as a lesson of an unknown course. */
public class MissingReferenceException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which reference, by identifiers only
   * @param cause the driver's exception, or {@code null}
   */
  public MissingReferenceException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

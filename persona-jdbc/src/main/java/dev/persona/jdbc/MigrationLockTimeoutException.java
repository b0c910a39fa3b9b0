package dev.persona.jdbc;

import dev.persona.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * A migration could not lock a table within the lock timeout, because another transaction held it
 * (a long report, an idle transaction left open). The migration was rolled back whole and changed
 * nothing; the live system was held up for at most the lock timeout. Run the migration again when
 * the table is free, or with a longer lock timeout.
 */
public class MigrationLockTimeoutException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which migration, and what to retry
   * @param cause the driver's exception, or {@code null}
   */
  public MigrationLockTimeoutException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

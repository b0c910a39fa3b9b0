package dev.persona.store;

/**
 * A conditional write lost a race: the data it was based on changed in the meantime (for example,
 * the learner re-submitted the survey while personalizations from the old answers were being
 * written). Nothing was written.
 */
public class ConcurrentUpdateException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what changed, by identifiers only
   */
  public ConcurrentUpdateException(String message) {
    super(message, null);
  }
}

package dev.persona;

/**
 * The {@link PersonalizationService} was closed: it takes no new work. Runs that had started when
 * it closed finish within the close timeout or store nothing; see {@link PersonalizationService#close()}.
 */
public class ServiceClosedException extends PersonaException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused
   */
  public ServiceClosedException(String message) {
    super(message);
  }
}

package dev.persona;

/** A course, lesson, profile or personalization named by the caller does not exist. */
public class NotFoundException extends PersonaException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was looked for, by identifier only
   */
  public NotFoundException(String message) {
    super(message);
  }
}

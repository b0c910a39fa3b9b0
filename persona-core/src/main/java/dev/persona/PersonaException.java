package dev.persona;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception Persona throws. Unchecked.
 *
 * <p>Subclasses say what went wrong: {@link ValidationException} (bad input), {@link
 * NotFoundException} (an id, slug or number that names nothing), {@link GenerationException} (the
 * model could not produce valid content) and {@link dev.persona.store.StoreException} (storage). No
 * message ever contains survey answers, personalized content or an API key.
 */
public class PersonaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   */
  public PersonaException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param cause the underlying failure
   */
  public PersonaException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}

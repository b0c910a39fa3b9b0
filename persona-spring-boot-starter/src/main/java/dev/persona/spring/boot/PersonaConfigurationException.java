package dev.persona.spring.boot;

import dev.persona.PersonaException;

/** Persona's settings cannot make a working service; the message says which setting and what to do. */
public final class PersonaConfigurationException extends PersonaException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public PersonaConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   * @param cause the builder's refusal
   */
  public PersonaConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}

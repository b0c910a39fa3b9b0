package dev.persona.model;

/** A language Persona writes content in. */
public enum Language {
  /** Russian, the original course platform's language. */
  RUSSIAN("ru"),
  /** English. */
  ENGLISH("en");

  private final String code;

  Language(String code) {
    this.code = code;
  }

  /**
   * The ISO 639-1 code.
   *
   * @return {@code ru} or {@code en}
   */
  public String code() {
    return code;
  }
}

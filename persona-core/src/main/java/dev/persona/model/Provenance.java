package dev.persona.model;

import dev.persona.internal.Check;
import dev.persona.llm.TokenUsage;

/**
 * How a personalization was made.
 *
 * @param fingerprint what it was made from: prompt version, model, survey and lesson material (see
 *     the text {@code p=<prompt>;m=<model>;s=<learner hash>;l=<lesson hash>})
 * @param model the model that answered
 * @param promptVersion the prompt's version
 * @param usage the tokens it took, over every attempt
 */
public record Provenance(String fingerprint, String model, String promptVersion, TokenUsage usage) {

  /**
   * Validates the provenance.
   *
   * @throws dev.persona.ValidationException if a value is missing or blank
   */
  public Provenance {
    Check.text(fingerprint, "provenance.fingerprint", 500);
    Check.text(model, "provenance.model", 200);
    Check.text(promptVersion, "provenance.promptVersion", 200);
    Check.required(usage, "provenance.usage");
  }
}

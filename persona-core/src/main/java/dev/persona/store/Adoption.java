package dev.persona.store;

import dev.persona.internal.Check;
import dev.persona.model.Provenance;
import java.util.UUID;

/**
 * A fingerprint to stamp onto a personalization written before Persona, so that it counts as made
 * from the current prompt, model, learner and lesson until one of them really changes.
 *
 * @param profileId the learner's profile
 * @param lessonId the lesson
 * @param provenance what to record; its fingerprint is the current one
 */
public record Adoption(UUID profileId, UUID lessonId, Provenance provenance) {

  /**
   * Validates the adoption.
   *
   * @throws dev.persona.ValidationException if a value is missing
   */
  public Adoption {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    Check.required(provenance, "provenance");
  }
}

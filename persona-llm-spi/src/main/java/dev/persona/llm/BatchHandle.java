package dev.persona.llm;

/**
 * A submitted batch, as the provider names it.
 *
 * @param id the provider's batch id
 */
public record BatchHandle(String id) {

  /** Validates the id. */
  public BatchHandle {
    if (id == null || id.isBlank() || id.length() > 200) {
      throw new IllegalArgumentException("a batch id is 1 to 200 characters");
    }
  }
}

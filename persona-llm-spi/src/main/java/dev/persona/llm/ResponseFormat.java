package dev.persona.llm;

/**
 * Asks for structured output that follows a JSON schema.
 *
 * <p>Providers that support it send the schema to the model (OpenAI's {@code response_format}
 * {@code json_schema}); others may fall back to plain JSON mode. Callers must still validate the
 * answer: a schema is a request, not a guarantee.
 *
 * @param name a short identifier for the schema, {@code [a-zA-Z0-9_-]{1,64}}
 * @param jsonSchema the JSON Schema, as JSON text
 * @param strict whether the provider should enforce the schema exactly when it can
 */
public record ResponseFormat(String name, String jsonSchema, boolean strict) {

  /**
   * Validates the format.
   *
   * @throws IllegalArgumentException if the name is not a valid identifier or the schema is blank
   */
  public ResponseFormat {
    if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("name must match [a-zA-Z0-9_-]{1,64}");
    }
    if (jsonSchema == null || jsonSchema.isBlank()) {
      throw new IllegalArgumentException("jsonSchema is required");
    }
  }
}

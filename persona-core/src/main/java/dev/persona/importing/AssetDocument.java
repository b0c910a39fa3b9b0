package dev.persona.importing;

import dev.persona.internal.Check;
import dev.persona.model.JsonValue;

/**
 * A lesson's asset in an import document.
 *
 * @param type what it is, for example {@code video}
 * @param url an absolute http(s) URL
 * @param metadata free-form JSON; {@code {}} when there is none
 */
public record AssetDocument(String type, String url, JsonValue metadata) {

  /**
   * Validates the asset.
   *
   * @throws dev.persona.ValidationException naming the field
   */
  public AssetDocument {
    Check.identifier(type, "type", 100);
    Check.identifier(url, "url", 4000);
    Check.required(metadata, "metadata");
  }
}

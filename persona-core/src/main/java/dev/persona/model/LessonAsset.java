package dev.persona.model;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.UUID;

/**
 * A file or link attached to a lesson: a row of {@code lesson_assets}.
 *
 * @param id the primary key
 * @param lessonId the lesson
 * @param assetType what it is, for example {@code video} or {@code pdf}
 * @param url where it is; an absolute {@code http} or {@code https} URL
 * @param metadata free-form JSON; {@code {}} when there is none
 */
public record LessonAsset(UUID id, UUID lessonId, String assetType, String url, JsonValue metadata) {

  /**
   * Validates the asset.
   *
   * @throws ValidationException if a value is missing or the URL is not an absolute http(s) URL
   */
  public LessonAsset {
    Check.id(id, "lessonAsset.id");
    Check.id(lessonId, "lessonAsset.lessonId");
    Check.identifier(assetType, "lessonAsset.assetType", 100);
    Check.identifier(url, "lessonAsset.url", 4000);
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw ValidationException.of("lessonAsset.url", "must be an absolute http or https URL");
      }
    } catch (URISyntaxException e) {
      throw ValidationException.of("lessonAsset.url", "is not a valid URL");
    }
    Check.required(metadata, "lessonAsset.metadata");
  }

  /**
   * A new asset with a random id and no metadata.
   *
   * @param lessonId the lesson
   * @param assetType what it is
   * @param url where it is
   * @return the asset
   */
  public static LessonAsset of(UUID lessonId, String assetType, String url) {
    return new LessonAsset(UUID.randomUUID(), lessonId, assetType, url, JsonValue.emptyObject());
  }
}

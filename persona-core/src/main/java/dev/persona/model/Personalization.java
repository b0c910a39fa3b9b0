package dev.persona.model;

import dev.persona.internal.Check;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One lesson personalized for one learner: a row of {@code personalized_lesson_descriptions},
 * unique per (profile, lesson).
 *
 * @param id the primary key
 * @param profileId the learner's profile
 * @param lessonId the lesson
 * @param content the five fields
 * @param status where the content came from
 * @param provenance how it was generated, or {@code null} for edited content and rows written by
 *     the original system
 * @param updatedAt when the store last wrote it, or {@code null} before it is stored
 */
public record Personalization(
    UUID id,
    UUID profileId,
    UUID lessonId,
    PersonalizedContent content,
    PersonalizationStatus status,
    @Nullable Provenance provenance,
    @Nullable Instant updatedAt) {

  /**
   * Validates the personalization.
   *
   * @throws dev.persona.ValidationException if a required value is missing
   */
  public Personalization {
    Check.id(id, "personalization.id");
    Check.id(profileId, "personalization.profileId");
    Check.id(lessonId, "personalization.lessonId");
    Check.required(content, "personalization.content");
    Check.required(status, "personalization.status");
  }

  /**
   * Content saved by the host, with a random id.
   *
   * @param profileId the profile
   * @param lessonId the lesson
   * @param content the content
   * @return an {@link PersonalizationStatus#EDITED} personalization
   */
  public static Personalization edited(UUID profileId, UUID lessonId, PersonalizedContent content) {
    return new Personalization(UUID.randomUUID(), profileId, lessonId, content,
        PersonalizationStatus.EDITED, null, null);
  }
}

package dev.persona.model;

import dev.persona.internal.Check;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A course: a row of {@code courses}.
 *
 * @param id the primary key
 * @param slug the course's unique, stable key, as host applications and learners' profiles name it
 * @param title the course title
 * @param description an optional description
 */
public record Course(UUID id, String slug, String title, @Nullable String description) {

  /** The longest slug accepted. */
  public static final int MAX_SLUG_LENGTH = 200;

  /**
   * Validates the course.
   *
   * @throws dev.persona.ValidationException if the id is missing, the slug is blank, too long or
   *     has surrounding whitespace or control characters, or the title is blank
   */
  public Course {
    Check.id(id, "course.id");
    Check.identifier(slug, "course.slug", MAX_SLUG_LENGTH);
    Check.text(title, "course.title", 1000);
    description = Check.optionalText(description, "course.description", 20_000);
  }

  /**
   * A new course with a random id.
   *
   * @param slug the unique key
   * @param title the title
   * @return the course
   */
  public static Course of(String slug, String title) {
    return new Course(UUID.randomUUID(), slug, title, null);
  }

  /**
   * This course with another description.
   *
   * @param description the description, or {@code null}
   * @return a new course
   */
  public Course withDescription(@Nullable String description) {
    return new Course(id, slug, title, description);
  }
}

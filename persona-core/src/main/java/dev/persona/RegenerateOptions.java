package dev.persona;

import dev.persona.internal.Check;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Options for a regeneration.
 *
 * @param force regenerate every lesson, even unchanged and edited ones
 * @param listener hears about each lesson as it finishes
 * @param priorityLesson a lesson to generate first and store at once, without waiting for the
 *     others (for a learner who is about to open it), or {@code null}
 */
public record RegenerateOptions(boolean force, ProgressListener listener, @Nullable UUID priorityLesson) {

  private static final RegenerateOptions DEFAULTS = new RegenerateOptions(false, ProgressListener.NONE, null);

  /**
   * Validates the options.
   *
   * @throws ValidationException if the listener is missing
   */
  public RegenerateOptions {
    Check.required(listener, "listener");
  }

  /**
   * No force, no listener, no priority lesson.
   *
   * @return the defaults
   */
  public static RegenerateOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with force on or off.
   *
   * @param force whether to regenerate everything
   * @return new options
   */
  public RegenerateOptions withForce(boolean force) {
    return new RegenerateOptions(force, listener, priorityLesson);
  }

  /**
   * These options with a listener.
   *
   * @param listener the listener
   * @return new options
   */
  public RegenerateOptions withListener(ProgressListener listener) {
    return new RegenerateOptions(force, listener, priorityLesson);
  }

  /**
   * These options with a priority lesson.
   *
   * @param lessonId the lesson to do first, or {@code null}
   * @return new options
   */
  public RegenerateOptions withPriorityLesson(@Nullable UUID lessonId) {
    return new RegenerateOptions(force, listener, lessonId);
  }
}

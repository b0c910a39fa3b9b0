package dev.persona;

import dev.persona.internal.Check;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where a survey submission's personalization stands.
 *
 * @param id the submission
 * @param userIdentifier the learner
 * @param courseSlug the course
 * @param state running, done or failed
 * @param report the report, once done
 * @param failure why it failed, by exception type and identifiers only, once failed
 */
public record SubmissionStatus(UUID id, String userIdentifier, String courseSlug, State state,
    @Nullable RegenerationReport report, @Nullable String failure) {

  /** Where a submission stands. */
  public enum State {
    /** Lessons are being personalized. */
    RUNNING,
    /** Finished; see the report (individual lessons may still have failed). */
    DONE,
    /** The run itself failed, for example because the store could not be read. */
    FAILED
  }

  /**
   * Validates the status.
   *
   * @throws ValidationException if a value is missing
   */
  public SubmissionStatus {
    Check.id(id, "id");
    Check.required(state, "state");
  }
}

package dev.persona.store;

import dev.persona.internal.Check;
import dev.persona.model.Personalization;
import java.util.List;
import java.util.UUID;

/**
 * What became of one {@link LearnerSet}.
 *
 * @param profileId the learner's profile
 * @param status whether the set was stored, and if not, why
 * @param personalizations the stored rows in the set's order when stored (an edited row kept in
 *     place of its item), else empty
 */
public record SetResult(UUID profileId, Status status, List<Personalization> personalizations) {

  /** Whether a set was stored. */
  public enum Status {
    /** Every row was written (or kept, where the host had edited it). */
    STORED,
    /** The learner's name or answers changed since the set was made: nothing was written. */
    SUPERSEDED,
    /** The profile no longer exists: nothing was written. */
    PROFILE_MISSING,
    /** A lesson of the set no longer exists: nothing was written. */
    LESSON_MISSING
  }

  /**
   * Validates and copies.
   *
   * @throws dev.persona.ValidationException if a value is missing
   */
  public SetResult {
    Check.id(profileId, "profileId");
    Check.required(status, "status");
    personalizations = List.copyOf(Check.required(personalizations, "personalizations"));
  }

  /**
   * A set that was not written.
   *
   * @param profileId the profile
   * @param status why
   * @return the result
   */
  public static SetResult notStored(UUID profileId, Status status) {
    return new SetResult(profileId, status, List.of());
  }
}

package dev.persona;

import dev.persona.internal.Check;
import dev.persona.model.Profile;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A survey submission that was accepted: the stored profile, and the personalization running in
 * the background.
 *
 * @param id the submission's id, for {@link PersonalizationService#submissionStatus}
 * @param profile the learner's profile as stored
 * @param answersChanged whether the name or answers differ from what was stored before (a new
 *     learner counts as changed); when false, the regeneration finds nothing to do
 * @param report completes with the regeneration's report
 */
public record Submission(UUID id, Profile profile, boolean answersChanged, CompletableFuture<RegenerationReport> report) {

  /**
   * Validates the submission.
   *
   * @throws ValidationException if a value is missing
   */
  public Submission {
    Check.id(id, "id");
    Check.required(profile, "profile");
    Check.required(report, "report");
  }
}

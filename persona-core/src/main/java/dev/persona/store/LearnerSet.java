package dev.persona.store;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.model.Personalization;
import dev.persona.model.Profile;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One learner's personalizations to write together, all or nothing.
 *
 * @param profileId the learner's profile
 * @param basedOn the profile as it was read before generating; when not {@code null}, the set is
 *     written only if the stored profile still has this name and these answers
 * @param personalizations the rows, each of this profile, at most one per lesson
 * @param keepEdited whether to leave rows the host edited as they are
 */
public record LearnerSet(UUID profileId, @Nullable Profile basedOn, List<Personalization> personalizations,
    boolean keepEdited) {

  /**
   * Validates and copies the set.
   *
   * @throws ValidationException if an item is missing, belongs to another profile, or repeats a
   *     lesson, or {@code basedOn} is another profile
   */
  public LearnerSet {
    Check.id(profileId, "profileId");
    personalizations = List.copyOf(Check.required(personalizations, "personalizations"));
    Set<UUID> lessons = new HashSet<>();
    for (int i = 0; i < personalizations.size(); i++) {
      Personalization p = Check.required(personalizations.get(i), "personalizations[" + i + "]");
      if (!p.profileId().equals(profileId)) {
        throw ValidationException.of("personalizations[" + i + "]", "belongs to another profile");
      }
      if (!lessons.add(p.lessonId())) {
        throw ValidationException.of("personalizations[" + i + "]", "repeats lesson " + p.lessonId());
      }
    }
    if (basedOn != null && !basedOn.id().equals(profileId)) {
      throw ValidationException.of("basedOn", "is another profile");
    }
  }

  /**
   * Whether the stored profile still has the name and answers this set was made from: the rule
   * every store applies before writing the set.
   *
   * @param stored the profile as stored now
   * @return true when there is no {@code basedOn}, or it matches
   */
  public boolean answersMatch(Profile stored) {
    Check.required(stored, "stored");
    return basedOn == null
        || (Objects.equals(stored.name(), basedOn.name()) && stored.survey().equals(basedOn.survey()));
  }

  /**
   * The lesson ids of the set.
   *
   * @return the ids, in order
   */
  public List<UUID> lessonIds() {
    return personalizations.stream().map(Personalization::lessonId).toList();
  }

  /**
   * Checks a batch of sets: at most one per profile.
   *
   * @param sets the sets
   * @return the same list, copied
   * @throws ValidationException if a set is missing or two are for one profile
   */
  public static List<LearnerSet> checkBatch(List<LearnerSet> sets) {
    List<LearnerSet> copy = List.copyOf(Check.required(sets, "sets"));
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < copy.size(); i++) {
      if (!seen.add(copy.get(i).profileId())) {
        throw ValidationException.of("sets[" + i + "]", "repeats profile " + copy.get(i).profileId());
      }
    }
    return copy;
  }
}

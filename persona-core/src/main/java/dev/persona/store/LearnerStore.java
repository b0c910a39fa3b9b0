package dev.persona.store;

import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Learners (one profile per learner and course) and their personalizations.
 *
 * <p>Semantics (PostgreSQL's; stated as tests by {@code LearnerStoreContract} in persona-testkit):
 *
 * <ul>
 *   <li>A profile is unique per (user identifier, course slug) and needs its course; a
 *       personalization is unique per (profile, lesson) and needs both. Deleting a profile deletes
 *       its personalizations.
 *   <li><b>Extra keys survive.</b> Writing a personalization replaces its five fields, status and
 *       provenance; the extra keys of the stored content (what did not map onto the five fields,
 *       as {@link dev.persona.model.PersonalizedContent#read} reads it) are kept, and the written
 *       content's own extra keys are laid over them. Only {@link #replacePersonalization} replaces
 *       the content whole.
 *   <li>{@link #saveLearnerSets} writes many learners at once; each learner's set is all or nothing,
 *       and is written only if the learner's name and answers are still those it was made from.
 *   <li>Every method is atomic and thread-safe.
 * </ul>
 */
public interface LearnerStore {

  /** The most profiles {@link #profiles(String, String, int)} returns at once. */
  int MAX_PAGE = 10_000;

  /**
   * Inserts a profile, or updates the name and survey of the profile with the same (user
   * identifier, course slug), which keeps its id.
   *
   * @param profile the profile
   * @return the stored profile (with the existing id when there was one)
   * @throws MissingReferenceException if no course has the profile's slug
   */
  Profile saveProfile(Profile profile);

  /**
   * Finds a learner's profile for a course.
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @return the profile or empty
   */
  Optional<Profile> findProfile(String userIdentifier, String courseSlug);

  /**
   * Finds a profile by id.
   *
   * @param profileId the id
   * @return the profile or empty
   */
  Optional<Profile> findProfile(UUID profileId);

  /**
   * One page of a course's learners, by user identifier: those after {@code afterUser} (keyset
   * paging, so memory stays flat however many learners a course has).
   *
   * @param courseSlug the course
   * @param afterUser the last user identifier of the previous page, or {@code null} for the first
   * @param limit the most profiles to return, from 1 to {@value #MAX_PAGE}
   * @return the page; shorter than {@code limit} only at the end
   */
  List<Profile> profiles(String courseSlug, @Nullable String afterUser, int limit);

  /**
   * Every learner of a course, by user identifier, read page by page. For large courses prefer
   * {@link #profiles(String, String, int)}.
   *
   * @param courseSlug the course
   * @return the profiles
   */
  default List<Profile> profiles(String courseSlug) {
    List<Profile> all = new ArrayList<>();
    String after = null;
    while (true) {
      List<Profile> page = profiles(courseSlug, after, 1000);
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
      after = page.get(page.size() - 1).userIdentifier();
    }
  }

  /**
   * How many learners a course has.
   *
   * @param courseSlug the course
   * @return the count
   */
  long countProfiles(String courseSlug);

  /**
   * Deletes a profile with its personalizations.
   *
   * @param profileId the profile
   * @return whether it existed
   */
  boolean deleteProfile(UUID profileId);

  /**
   * A learner's personalization of a lesson.
   *
   * @param profileId the profile
   * @param lessonId the lesson
   * @return the personalization or empty
   */
  Optional<Personalization> findPersonalization(UUID profileId, UUID lessonId);

  /**
   * All of a learner's personalizations.
   *
   * @param profileId the profile
   * @return the personalizations, in no particular order
   */
  List<Personalization> personalizations(UUID profileId);

  /**
   * Inserts a personalization, or updates the one for the same (profile, lesson), which keeps its
   * id: the five fields, status and provenance are replaced, the stored extra keys are kept.
   *
   * @param personalization the personalization
   * @return the stored row
   * @throws MissingReferenceException if the profile or lesson does not exist
   */
  Personalization savePersonalization(Personalization personalization);

  /**
   * Inserts a personalization, or replaces the one for the same (profile, lesson) whole, extra keys
   * included; the row keeps its id.
   *
   * @param personalization the personalization
   * @return the stored row
   * @throws MissingReferenceException if the profile or lesson does not exist
   */
  Personalization replacePersonalization(Personalization personalization);

  /**
   * Writes many learners' sets in one operation. Each set is written whole, or not at all: not
   * when its learner's name or answers changed since {@link LearnerSet#basedOn()} ({@link
   * SetResult.Status#SUPERSEDED}), nor when its profile or one of its lessons is gone. With {@link
   * LearnerSet#keepEdited()}, an item whose stored row the host edited leaves that row as it is and
   * returns it in the item's place. Extra keys are kept as {@link #savePersonalization} keeps them.
   *
   * @param sets the sets, at most one per profile
   * @return one result per set, in order
   * @throws dev.persona.ValidationException if two sets are for the same profile
   */
  List<SetResult> saveLearnerSets(List<LearnerSet> sets);

  /**
   * Writes one learner's set; see {@link #saveLearnerSets}.
   *
   * @param set the set
   * @return the stored rows, in the set's order
   * @throws ConcurrentUpdateException if the learner's answers changed; nothing is written
   * @throws MissingReferenceException if the profile or a lesson does not exist; nothing is written
   */
  default List<Personalization> saveLearnerSet(LearnerSet set) {
    SetResult r = saveLearnerSets(List.of(set)).get(0);
    return switch (r.status()) {
      case STORED -> r.personalizations();
      case SUPERSEDED -> throw new ConcurrentUpdateException("profile " + set.profileId()
          + " changed since its personalizations were generated");
      case PROFILE_MISSING -> throw new MissingReferenceException("profile " + set.profileId() + " does not exist", null);
      case LESSON_MISSING -> throw new MissingReferenceException("a lesson of the set does not exist", null);
    };
  }

  /**
   * Stamps provenance onto personalizations that have none (rows written before Persona), without
   * touching their content, status or extra keys. A row that has provenance by now, was edited by
   * the host, or is gone is left alone.
   *
   * @param adoptions the rows to stamp
   * @return how many rows were stamped
   */
  int adoptPersonalizations(List<Adoption> adoptions);

  /**
   * Deletes a learner's personalization of a lesson.
   *
   * @param profileId the profile
   * @param lessonId the lesson
   * @return whether it existed
   */
  boolean deletePersonalization(UUID profileId, UUID lessonId);

  /**
   * A learner's course: the profile, the course, and every lesson in order with its personalization
   * or none, read in one consistent step (one round trip for a database).
   *
   * @param userIdentifier the learner
   * @param courseSlug the course
   * @return the course, or empty when the learner has no profile for it
   */
  Optional<PersonalizedCourse> personalizedCourse(String userIdentifier, String courseSlug);
}

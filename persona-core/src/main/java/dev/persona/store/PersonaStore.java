package dev.persona.store;

import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.Profile;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where Persona keeps courses, lessons, learners and their personalizations.
 *
 * <p>Semantics every implementation must meet (PostgreSQL's, stated as tests by {@code
 * PersonaStoreContract} in persona-testkit):
 *
 * <ul>
 *   <li>Unique keys: course slug; lesson (course, number) and (course, external id); one description
 *       per lesson; profile (user identifier, course slug); personalization (profile, lesson). A
 *       write that breaks one throws {@link DuplicateKeyException} and changes nothing.
 *   <li>References: a lesson needs its course, a profile its course (by slug), a personalization
 *       its profile and lesson; otherwise {@link MissingReferenceException}.
 *   <li>Cascades: deleting a course deletes its lessons and profiles; deleting a lesson deletes its
 *       description, assets and personalizations; deleting a profile deletes its personalizations.
 *   <li>Atomicity: every method either takes full effect or none. Batch writes are all or nothing.
 *   <li>Thread safety: every method may be called from any thread.
 * </ul>
 *
 * <p>Failures are {@link StoreException}s; {@link StoreUnavailableException} means the store could
 * not be reached and nothing changed.
 */
public interface PersonaStore {

  // ---- courses ----

  /**
   * Inserts a course, or updates the one with the same id.
   *
   * @param course the course
   * @throws DuplicateKeyException if another course has the slug
   */
  void saveCourse(Course course);

  /**
   * Finds a course by slug.
   *
   * @param slug the slug
   * @return the course or empty
   */
  Optional<Course> findCourse(String slug);

  /**
   * Finds a course by id.
   *
   * @param courseId the id
   * @return the course or empty
   */
  Optional<Course> findCourseById(UUID courseId);

  /**
   * Every course, by slug.
   *
   * @return the courses
   */
  List<Course> courses();

  /**
   * Deletes a course with its lessons, their descriptions, assets and personalizations, and the
   * course's profiles.
   *
   * @param courseId the course
   * @return whether it existed
   */
  boolean deleteCourse(UUID courseId);

  // ---- lessons ----

  /**
   * Inserts a lesson, or updates the one with the same id (keeping its personalizations).
   *
   * @param lesson the lesson
   * @throws MissingReferenceException if its course does not exist
   * @throws DuplicateKeyException if another lesson of the course has its number or external id
   */
  void saveLesson(Lesson lesson);

  /**
   * Finds a lesson.
   *
   * @param lessonId the id
   * @return the lesson or empty
   */
  Optional<Lesson> findLesson(UUID lessonId);

  /**
   * A course's lessons, by number.
   *
   * @param courseId the course
   * @return the lessons; empty for an unknown course
   */
  List<Lesson> lessons(UUID courseId);

  /**
   * Deletes a lesson with its description, assets and personalizations.
   *
   * @param lessonId the lesson
   * @return whether it existed
   */
  boolean deleteLesson(UUID lessonId);

  /**
   * Inserts or replaces a lesson's description (at most one per lesson; an existing one keeps its
   * id).
   *
   * @param description the description
   * @throws MissingReferenceException if the lesson does not exist
   */
  void saveLessonDescription(LessonDescription description);

  /**
   * A lesson's description.
   *
   * @param lessonId the lesson
   * @return the description or empty
   */
  Optional<LessonDescription> findLessonDescription(UUID lessonId);

  /**
   * Inserts an asset, or updates the one with the same id.
   *
   * @param asset the asset
   * @throws MissingReferenceException if the lesson does not exist
   */
  void saveLessonAsset(LessonAsset asset);

  /**
   * A lesson's assets, in insertion order.
   *
   * @param lessonId the lesson
   * @return the assets
   */
  List<LessonAsset> lessonAssets(UUID lessonId);

  // ---- profiles ----

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
  Optional<Profile> findProfileById(UUID profileId);

  /**
   * A course's learners, by user identifier.
   *
   * @param courseSlug the course
   * @return the profiles
   */
  List<Profile> profiles(String courseSlug);

  /**
   * Deletes a profile with its personalizations.
   *
   * @param profileId the profile
   * @return whether it existed
   */
  boolean deleteProfile(UUID profileId);

  // ---- personalizations ----

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
   * Inserts a personalization, or replaces the content, status and provenance of the one for the
   * same (profile, lesson), which keeps its id.
   *
   * @param personalization the personalization
   * @return the stored row
   * @throws MissingReferenceException if the profile or lesson does not exist
   */
  Personalization upsertPersonalization(Personalization personalization);

  /**
   * Upserts a batch of one profile's personalizations in one atomic step, optionally only if the
   * learner's data has not changed since the batch was generated from it.
   *
   * @param profileId the profile every item belongs to
   * @param basedOn the profile as it was read before generating; when not {@code null}, the write
   *     happens only if the stored profile still has the same name and survey
   * @param batch the personalizations; each keyed by (profile, lesson)
   * @return the stored rows, in batch order
   * @throws ConcurrentUpdateException if {@code basedOn} no longer matches; nothing is written
   * @throws MissingReferenceException if the profile or a lesson does not exist; nothing is written
   */
  default List<Personalization> savePersonalizations(
      UUID profileId, @Nullable Profile basedOn, List<Personalization> batch) {
    return savePersonalizations(profileId, basedOn, batch, false);
  }

  /**
   * As {@link #savePersonalizations(UUID, Profile, List)}, and optionally without overwriting
   * content the host edited: with {@code keepEdited}, an item whose stored row is {@link
   * dev.persona.model.PersonalizationStatus#EDITED} leaves that row as it is (decided per row,
   * atomically, so an edit saved while the batch was being generated survives), and the stored
   * row is returned in the item's place.
   *
   * @param profileId the profile every item belongs to
   * @param basedOn the profile as read before generating, or {@code null}
   * @param batch the personalizations
   * @param keepEdited whether to keep rows the host edited
   * @return the stored rows, in batch order
   * @throws ConcurrentUpdateException if {@code basedOn} no longer matches; nothing is written
   * @throws MissingReferenceException if the profile or a lesson does not exist; nothing is written
   */
  List<Personalization> savePersonalizations(
      UUID profileId, @Nullable Profile basedOn, List<Personalization> batch, boolean keepEdited);

  /**
   * Makes a profile's personalizations exactly the given set, in one atomic step: rows for lessons
   * not in the set are deleted, the others upserted.
   *
   * @param profileId the profile every item belongs to
   * @param personalizations the new set
   * @throws MissingReferenceException if the profile or a lesson does not exist; nothing changes
   */
  void replacePersonalizations(UUID profileId, List<Personalization> personalizations);

  /**
   * Deletes a learner's personalization of a lesson.
   *
   * @param profileId the profile
   * @param lessonId the lesson
   * @return whether it existed
   */
  boolean deletePersonalization(UUID profileId, UUID lessonId);

  // ---- transactions ----

  /**
   * Runs several operations as one: they all take effect, or, if {@code work} throws, none does.
   * Use the store passed to {@code work} for every operation inside; calls to this store from
   * inside {@code work} are outside the transaction. Other threads see the changes only when
   * {@code work} returns. Calls may nest; a nested call joins the outer transaction.
   *
   * @param work the operations; its exception is rethrown after the rollback
   * @param <T> the result type
   * @return what {@code work} returned
   */
  <T> T inTransaction(Function<PersonaStore, T> work);

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

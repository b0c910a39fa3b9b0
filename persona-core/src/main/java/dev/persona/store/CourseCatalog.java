package dev.persona.store;

import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Courses and what belongs to them: lessons, one description per lesson, and assets. What an
 * operator imports and the engine reads.
 *
 * <p>Semantics (PostgreSQL's; stated as tests by {@code CourseCatalogContract} in persona-testkit):
 * unique keys are the course slug, a lesson's (course, number) and (course, external id), and one
 * description per lesson; a write that breaks one throws {@link DuplicateKeyException} and changes
 * nothing. A lesson needs its course, and a description or asset its lesson ({@link
 * MissingReferenceException} otherwise). Deleting a lesson deletes its description, assets and
 * personalizations; deleting a course deletes its lessons, but is refused while learners have
 * profiles for it ({@link CourseInUseException}). Every method is atomic and thread-safe.
 */
public interface CourseCatalog {

  /**
   * Inserts a course, or updates the one with the same id. Renaming its slug carries its learners'
   * profiles along.
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
  Optional<Course> findCourse(UUID courseId);

  /**
   * Every course, by slug.
   *
   * @return the courses
   */
  List<Course> courses();

  /**
   * Deletes a course with its lessons and everything that belongs to them. Learners' profiles are
   * never deleted with a course: delete them first.
   *
   * @param courseId the course
   * @return whether it existed
   * @throws CourseInUseException if learners still have profiles for the course; nothing is deleted
   */
  boolean deleteCourse(UUID courseId);

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
   * Inserts or replaces a lesson's description (one per lesson; an existing one keeps its id).
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
}

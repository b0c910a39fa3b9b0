package dev.persona.store;

/**
 * A course cannot be deleted while learners have profiles for it; nothing was deleted. Delete the
 * profiles first (their personalizations go with them).
 */
public class CourseInUseException extends StoreException {

  private static final long serialVersionUID = 1L;

  private final long learners;

  /**
   * Creates the exception.
   *
   * @param courseSlug the course
   * @param learners how many profiles it has
   */
  public CourseInUseException(String courseSlug, long learners) {
    super("course '" + courseSlug + "' still has " + learners + " learner profile(s); delete them first", null);
    this.learners = learners;
  }

  /**
   * How many learner profiles the course has.
   *
   * @return the count
   */
  public long learners() {
    return learners;
  }
}

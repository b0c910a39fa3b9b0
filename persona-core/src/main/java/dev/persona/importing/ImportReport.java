package dev.persona.importing;

import dev.persona.internal.Check;
import java.util.List;
import java.util.UUID;

/**
 * What an import did.
 *
 * @param courseId the course
 * @param courseCreated whether the course was new
 * @param courseUpdated whether an existing course's title or description changed
 * @param lessons one line per lesson of the document, in document order
 * @param untouched lessons of the course that the document does not mention, left as they were
 */
public record ImportReport(UUID courseId, boolean courseCreated, boolean courseUpdated, List<Line> lessons,
    List<UUID> untouched) {

  /** What happened to a lesson. */
  public enum Change {
    /** A new lesson. */
    CREATED,
    /** An existing lesson changed in place; it kept its id and its personalizations. */
    UPDATED,
    /** Nothing changed. */
    UNCHANGED
  }

  /**
   * One lesson's line.
   *
   * @param lessonId the lesson's id
   * @param number its number now
   * @param key its key, or {@code null}
   * @param change what happened
   * @param what what changed, for example {@code [number 4 -> 11, transcript]}
   */
  public record Line(UUID lessonId, int number, @org.jspecify.annotations.Nullable String key, Change change,
      List<String> what) {

    /** Copies the list. */
    public Line {
      what = List.copyOf(what);
    }
  }

  /**
   * Validates and copies.
   *
   * @throws dev.persona.ValidationException if a value is missing
   */
  public ImportReport {
    Check.id(courseId, "courseId");
    lessons = List.copyOf(lessons);
    untouched = List.copyOf(untouched);
  }

  /**
   * How many lessons had a change.
   *
   * @param change the change
   * @return the count
   */
  public long count(Change change) {
    return lessons.stream().filter(l -> l.change() == change).count();
  }

  /**
   * Whether the import changed anything.
   *
   * @return false when importing the same document again
   */
  public boolean changedAnything() {
    return courseCreated || courseUpdated || lessons.stream().anyMatch(l -> l.change() != Change.UNCHANGED);
  }
}

package dev.persona;

/**
 * Hears about a regeneration as it goes. It may be called from several threads at once and must
 * not block for long; exceptions it throws are logged and ignored.
 */
@FunctionalInterface
public interface ProgressListener {

  /** A listener that does nothing. */
  ProgressListener NONE = (result, finished, total) -> {};

  /**
   * A lesson is finished (generated, kept, skipped or failed). Results that are generated are
   * reported before they are stored; the final report says whether storing succeeded.
   *
   * @param result the lesson's result
   * @param finished lessons finished so far in this learner's run, this one included
   * @param total lessons in this learner's run
   */
  void onLesson(LessonResult result, int finished, int total);
}

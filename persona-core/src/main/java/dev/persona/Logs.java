package dev.persona;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * Logs with the run, course and learner in the MDC ({@code persona.run}, {@code persona.course},
 * {@code persona.user}), so a host's log pattern can show them. Values the host had under those keys
 * are restored afterwards. Messages name learners by user id and lessons by number; they never carry
 * survey or content text.
 */
final class Logs {

  static final String RUN = "persona.run";
  static final String COURSE = "persona.course";
  static final String USER = "persona.user";

  private Logs() {}

  static void warn(Logger log, @Nullable String run, String course, String user, String message, Object... args) {
    if (log.isWarnEnabled()) {
      withContext(run, course, user, l -> l.warn(message, args), log);
    }
  }

  static void debug(Logger log, @Nullable String run, String course, String user, String message, Object... args) {
    if (log.isDebugEnabled()) {
      withContext(run, course, user, l -> l.debug(message, args), log);
    }
  }

  private static void withContext(
      @Nullable String run, String course, String user, Consumer<Logger> action, Logger log) {
    String oldRun = MDC.get(RUN);
    String oldCourse = MDC.get(COURSE);
    String oldUser = MDC.get(USER);
    try {
      put(RUN, run);
      put(COURSE, course);
      put(USER, user);
      action.accept(log);
    } finally {
      put(RUN, oldRun);
      put(COURSE, oldCourse);
      put(USER, oldUser);
    }
  }

  private static void put(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}

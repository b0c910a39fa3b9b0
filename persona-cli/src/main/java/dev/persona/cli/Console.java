package dev.persona.cli;

import java.io.PrintWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The CLI's standard error: log lines (Persona logs through SLF4J, routed here through
 * java.util.logging) and, on a terminal only, a progress bar that only goes forward. A log line
 * clears the bar, prints above it, and redraws it, so warnings never land inside the bar.
 */
final class Console {

  private final PrintWriter err;
  private final boolean terminal;
  private final Object lock = new Object();
  private int total;
  private int done;
  private String unit = "lessons";
  private boolean barShown;

  Console(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** Routes java.util.logging (and so SLF4J) to this console: warnings and above, or info with verbose. */
  void captureLogs(boolean verbose) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(verbose ? Level.INFO : Level.WARNING);
    SimpleFormatter format = new SimpleFormatter();
    root.addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (isLoggable(r)) {
          String level = r.getLevel().intValue() >= Level.WARNING.intValue() ? "WARN" : "INFO";
          line(level + " " + r.getLoggerName() + ": " + format.formatMessage(r));
        }
      }

      @Override
      public void flush() {
        err.flush();
      }

      @Override
      public void close() {
        err.flush();
      }
    });
  }

  void startProgress(int totalLessons) {
    startProgress(totalLessons, "lessons");
  }

  void startProgress(int totalItems, String itemName) {
    synchronized (lock) {
      unit = itemName;
      total = totalItems;
      done = 0;
      draw();
    }
  }

  /** One more lesson finished; the count never goes backwards. */
  void lessonDone() {
    synchronized (lock) {
      done = Math.min(total, done + 1);
      draw();
    }
  }

  /** Moves the bar to {@code finished} of {@code total}; it never goes backwards. */
  void progressTo(int finished, int newTotal) {
    synchronized (lock) {
      total = Math.max(total, newTotal);
      done = Math.min(total, Math.max(done, finished));
      draw();
    }
  }

  void endProgress() {
    synchronized (lock) {
      if (barShown) {
        err.println();
        err.flush();
        barShown = false;
      }
      total = 0;
    }
  }

  /** A line above the bar. */
  void line(String text) {
    synchronized (lock) {
      clear();
      err.println(text);
      draw();
      err.flush();
    }
  }

  private void clear() {
    if (barShown) {
      err.print("\r" + " ".repeat(72) + "\r");
      barShown = false;
    }
  }

  private void draw() {
    if (!terminal || total <= 0) {
      return;
    }
    int width = 30;
    int filled = Math.min(width, done * width / total);
    err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total + " " + unit);
    err.flush();
    barShown = true;
  }
}

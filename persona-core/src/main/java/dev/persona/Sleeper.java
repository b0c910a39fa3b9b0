package dev.persona;

import java.time.Duration;

/** Waits. Tests replace it to record waits instead of sleeping. */
interface Sleeper {

  Sleeper SYSTEM = d -> {
    long nanos = d.toNanos();
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  };

  void sleep(Duration duration) throws InterruptedException;
}

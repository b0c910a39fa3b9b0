package dev.persona;

import dev.persona.llm.LlmException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The account-wide circuit: a quota or authentication failure means every other call is doomed
 * too, so the circuit opens and calls fail at once without being sent. After the cool-down one
 * probe call may go; its answer closes the circuit, another quota or authentication failure opens
 * it again. Not thread-safe: the scheduler guards it.
 */
final class CircuitBreaker {

  /** Where the circuit stands. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final long coolDownNanos;
  private State state = State.CLOSED;
  private LlmException.@Nullable Kind cause;
  private long openedAt;
  private boolean probeInFlight;

  CircuitBreaker(Duration coolDown) {
    this.coolDownNanos = coolDown.toNanos();
  }

  static boolean trips(LlmException.Kind kind) {
    return kind == LlmException.Kind.QUOTA_EXHAUSTED || kind == LlmException.Kind.AUTHENTICATION;
  }

  State state(long now) {
    if (state == State.OPEN && now - openedAt >= coolDownNanos) {
      state = State.HALF_OPEN;
      probeInFlight = false;
    }
    return state;
  }

  /** Whether a new call must be refused without being queued. */
  boolean refuses(long now) {
    return state(now) == State.OPEN;
  }

  /** Whether a queued call may start now. */
  boolean admits(long now) {
    State s = state(now);
    return s == State.CLOSED || (s == State.HALF_OPEN && !probeInFlight);
  }

  /** A call starts; returns whether it is the probe. */
  boolean starting(long now) {
    if (state(now) == State.HALF_OPEN) {
      probeInFlight = true;
      return true;
    }
    return false;
  }

  void trip(LlmException.Kind kind, long now) {
    state = State.OPEN;
    cause = kind;
    openedAt = now;
    probeInFlight = false;
  }

  /** A call got an answer; a probe's answer closes the circuit. */
  void answered(boolean probe) {
    if (probe) {
      state = State.CLOSED;
      cause = null;
      probeInFlight = false;
    }
  }

  /** A probe failed for a reason that says nothing about the account: another probe may go. */
  void probeInconclusive(boolean probe) {
    if (probe) {
      probeInFlight = false;
    }
  }

  /** Why calls are refused, in words, with the time left; for reports. */
  String reason(long now) {
    long left = Math.max(0, coolDownNanos - (now - openedAt));
    return "not sent: the provider answered " + cause + ", so the circuit is open for every call"
        + (state(now) == State.OPEN ? " (next probe in " + Duration.ofNanos(left).toSeconds() + " s)" : "");
  }

  LlmException.@Nullable Kind cause() {
    return cause;
  }
}

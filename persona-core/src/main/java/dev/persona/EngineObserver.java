package dev.persona;

import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.TokenUsage;

/**
 * Hears what the engine does, for metrics and traces: every provider call, every lesson's outcome,
 * every learner's run, and (once, at start) live views of the scheduler's queue, calls in flight
 * and circuit. {@code persona-micrometer} implements it with Micrometer, after OpenTelemetry's
 * GenAI conventions; set it with {@link PersonalizationServiceBuilder#observer}.
 *
 * <p>Every method has a default that does nothing. Implementations are called from many threads
 * and must be quick; an exception they throw is logged and ignored. Nothing passed here carries
 * survey text, content or keys.
 */
public interface EngineObserver {

  /** Observes nothing. */
  EngineObserver NONE = new EngineObserver() {};

  /**
   * The service started.
   *
   * @param state live views of the engine, for gauges
   */
  default void engineStarted(EngineState state) {}

  /**
   * A provider call is about to be sent.
   *
   * @param call what is sent
   * @return what to tell when the call ends
   */
  default CallObservation callStarting(CallStart call) {
    return CallObservation.NONE;
  }

  /**
   * A learner's run starts.
   *
   * @param courseSlug the course
   * @param kind {@code interactive}, {@code onboarding} or {@code background}
   */
  default void runStarted(String courseSlug, String kind) {}

  /**
   * A lesson of a run (or one asked for on demand) is settled.
   *
   * @param courseSlug the course
   * @param outcome what happened
   */
  default void lessonFinished(String courseSlug, LessonResult.Outcome outcome) {}

  /**
   * A learner's run ended.
   *
   * @param report what it did
   */
  default void runFinished(RegenerationReport report) {}

  /**
   * A provider call about to be sent.
   *
   * @param model the model the service records
   * @param operation the GenAI operation, {@code chat}
   * @param priority {@code interactive}, {@code onboarding} or {@code background}
   * @param estimatedTokens the prompt's estimated tokens plus the most the answer may use
   */
  record CallStart(String model, String operation, String priority, long estimatedTokens) {}

  /** The end of one provider call. */
  interface CallObservation {

    /** Tells nothing. */
    CallObservation NONE = new CallObservation() {};

    /**
     * The provider answered.
     *
     * @param responseModel the model that answered
     * @param usage the tokens it reported
     * @param finishReason why it stopped
     */
    default void answered(String responseModel, TokenUsage usage, FinishReason finishReason) {}

    /**
     * The call failed (a timeout included) or was abandoned.
     *
     * @param kind what went wrong
     */
    default void failed(LlmException.Kind kind) {}
  }

  /** Live views of the engine's state. */
  interface EngineState {

    /**
     * Calls waiting to start.
     *
     * @return the count
     */
    int queuedCalls();

    /**
     * Calls running now.
     *
     * @return the count
     */
    int callsInFlight();

    /**
     * The concurrency bound.
     *
     * @return the bound
     */
    int maxConcurrency();

    /**
     * Whether the circuit refuses calls (open after a quota or authentication failure).
     *
     * @return true while open
     */
    boolean circuitOpen();

    /**
     * Learners' runs in progress.
     *
     * @return the count
     */
    int activeRuns();
  }
}

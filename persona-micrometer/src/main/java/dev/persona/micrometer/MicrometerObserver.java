package dev.persona.micrometer;

import dev.persona.EngineObserver;
import dev.persona.LessonResult;
import dev.persona.RegenerationReport;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Objects;

/**
 * Reports Persona's engine to Micrometer, named and tagged after OpenTelemetry's GenAI semantic
 * conventions:
 *
 * <ul>
 *   <li>an observation {@value #OPERATION} per provider call (a span where tracing is set up),
 *       contextual name {@code chat <model>}, with {@code gen_ai.operation.name}, {@code
 *       gen_ai.request.model}, {@code gen_ai.response.model}, {@code gen_ai.response.finish_reasons},
 *       {@code error.type} and {@code persona.priority};
 *   <li>a timer {@value #DURATION} and a distribution summary {@value #TOKENS} tagged {@code
 *       gen_ai.token.type} ({@code input}, {@code output}; cached input tokens are tagged {@code
 *       input} with {@code persona.cached=true} as well);
 *   <li>counters {@code persona.lessons} (by {@code outcome}) and {@code persona.runs} (by {@code
 *       kind}), and gauges {@code persona.calls.queued}, {@code persona.calls.in_flight}, {@code
 *       persona.calls.max}, {@code persona.circuit.open} and {@code persona.runs.active}.
 * </ul>
 *
 * <pre>{@code
 * PersonalizationService.builder()...observer(new MicrometerObserver(observationRegistry, meterRegistry))
 * }</pre>
 *
 * <p>No tag carries a learner, a course's content or survey text: course slugs and model names only.
 */
public final class MicrometerObserver implements EngineObserver {

  /** The observation of one provider call. */
  public static final String OPERATION = "gen_ai.client.operation";
  /** The timer of provider calls. */
  public static final String DURATION = "gen_ai.client.operation.duration";
  /** The distribution of tokens per call. */
  public static final String TOKENS = "gen_ai.client.token.usage";

  private final ObservationRegistry observations;
  private final MeterRegistry meters;

  /**
   * Creates the observer.
   *
   * @param observations where observations go (spans, and timers through its handlers)
   * @param meters where the GenAI meters, counters and gauges go
   */
  public MicrometerObserver(ObservationRegistry observations, MeterRegistry meters) {
    this.observations = Objects.requireNonNull(observations, "observations");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  @Override
  public void engineStarted(EngineState state) {
    Gauge.builder("persona.calls.queued", state, EngineState::queuedCalls)
        .description("Provider calls waiting to start").strongReference(true).register(meters);
    Gauge.builder("persona.calls.in_flight", state, EngineState::callsInFlight)
        .description("Provider calls running").strongReference(true).register(meters);
    Gauge.builder("persona.calls.max", state, EngineState::maxConcurrency)
        .description("The bound on provider calls in flight").strongReference(true).register(meters);
    Gauge.builder("persona.circuit.open", state, s -> s.circuitOpen() ? 1 : 0)
        .description("1 while the provider's circuit refuses calls after a quota or authentication failure")
        .strongReference(true).register(meters);
    Gauge.builder("persona.runs.active", state, EngineState::activeRuns)
        .description("Learners' runs in progress").strongReference(true).register(meters);
  }

  @Override
  public CallObservation callStarting(CallStart call) {
    Observation observation = Observation.createNotStarted(OPERATION, observations)
        .contextualName(call.operation() + " " + call.model())
        .lowCardinalityKeyValue("gen_ai.operation.name", call.operation())
        .lowCardinalityKeyValue("gen_ai.request.model", call.model())
        .lowCardinalityKeyValue("persona.priority", call.priority())
        .start();
    Timer.Sample sample = Timer.start(meters);
    Tags base = Tags.of("gen_ai.operation.name", call.operation(), "gen_ai.request.model", call.model());
    return new CallObservation() {
      @Override
      public void answered(String responseModel, TokenUsage usage, FinishReason finishReason) {
        String finish = finishReason.name().toLowerCase(Locale.ROOT);
        observation.lowCardinalityKeyValue("gen_ai.response.model", responseModel)
            .lowCardinalityKeyValue("gen_ai.response.finish_reasons", finish)
            .highCardinalityKeyValue("gen_ai.usage.input_tokens", Long.toString(usage.promptTokens()))
            .highCardinalityKeyValue("gen_ai.usage.output_tokens", Long.toString(usage.completionTokens()))
            .stop();
        Tags tags = base.and("gen_ai.response.model", responseModel);
        sample.stop(Timer.builder(DURATION).description("Duration of GenAI client operations")
            .tags(tags).register(meters));
        tokens(tags.and("gen_ai.token.type", "input", "persona.cached", "false"),
            usage.promptTokens() - usage.cachedPromptTokens());
        tokens(tags.and("gen_ai.token.type", "input", "persona.cached", "true"), usage.cachedPromptTokens());
        tokens(tags.and("gen_ai.token.type", "output", "persona.cached", "false"), usage.completionTokens());
      }

      @Override
      public void failed(LlmException.Kind kind) {
        String error = kind.name().toLowerCase(Locale.ROOT);
        observation.lowCardinalityKeyValue("error.type", error).stop();
        sample.stop(Timer.builder(DURATION).description("Duration of GenAI client operations")
            .tags(base.and("error.type", error)).register(meters));
      }
    };
  }

  @Override
  public void runStarted(String courseSlug, String kind) {
    Counter.builder("persona.runs").description("Learners' runs started").tag("kind", kind).register(meters)
        .increment();
  }

  @Override
  public void lessonFinished(String courseSlug, LessonResult.Outcome outcome) {
    Counter.builder("persona.lessons").description("Lessons settled, by outcome")
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).tag("course", courseSlug).register(meters)
        .increment();
  }

  @Override
  public void runFinished(RegenerationReport report) {
    Timer.builder("persona.runs.duration").description("How long learners' runs took")
        .tag("complete", Boolean.toString(report.isComplete())).register(meters).record(report.elapsed());
  }

  private void tokens(Tags tags, long count) {
    if (count > 0) {
      DistributionSummary.builder(TOKENS).description("Tokens used per GenAI client operation").baseUnit("token")
          .tags(tags).register(meters).record((double) count);
    }
  }
}

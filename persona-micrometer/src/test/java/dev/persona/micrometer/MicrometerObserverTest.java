package dev.persona.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.PersonalizationService;
import dev.persona.RegenerationReport;
import dev.persona.llm.LlmException;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.template.TemplateLlmProvider;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

/** The observer against Micrometer's own test registries, with a real engine run. */
final class MicrometerObserverTest {

  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private InMemoryPersonaStore storeWithThreeLessons() {
    InMemoryPersonaStore store = new InMemoryPersonaStore();
    Course c = Course.of("neck", "Массаж шеи");
    store.saveCourse(c);
    for (int i = 1; i <= 3; i++) {
      store.saveLesson(Lesson.of(c.id(), i, "Тема " + i).withSummary("О теме номер " + i + " подробно."));
    }
    store.saveProfile(Profile.of("anna", "neck", "Анна", Survey.builder().motivation("hobby").fears("harm_client").build()));
    return store;
  }

  @Test
  void everyCall_isAnObservation_andAGenAiTimerAndTokenDistribution() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().withModel(TemplateLlmProvider.MODEL)
        .otherwise(new TemplateLlmProvider()::complete);
    try (PersonalizationService service = PersonalizationService.builder().store(storeWithThreeLessons())
        .provider(llm).observer(new MicrometerObserver(observations, meters)).build()) {
      RegenerationReport r = service.regenerate("anna", "neck");
      assertThat(r.isComplete()).isTrue();
      assertThat(meters.get("persona.calls.max").gauge().value()).isEqualTo(4.0);
      assertThat(meters.get("persona.calls.queued").gauge().value()).isZero();
    }

    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.OPERATION, 3)
        .forAllObservationsWithNameEqualTo(MicrometerObserver.OPERATION, o -> o
            .hasContextualNameEqualTo("chat " + TemplateLlmProvider.MODEL)
            .hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
            .hasLowCardinalityKeyValue("gen_ai.request.model", TemplateLlmProvider.MODEL)
            .hasLowCardinalityKeyValue("gen_ai.response.model", TemplateLlmProvider.MODEL)
            .hasLowCardinalityKeyValue("gen_ai.response.finish_reasons", "stop")
            .hasLowCardinalityKeyValue("persona.priority", "background"));

    Timer duration = meters.get(MicrometerObserver.DURATION).tag("gen_ai.request.model", TemplateLlmProvider.MODEL)
        .tag("gen_ai.operation.name", "chat").timer();
    assertThat(duration.count()).isEqualTo(3);
    DistributionSummary input = meters.get(MicrometerObserver.TOKENS).tag("gen_ai.token.type", "input")
        .tag("persona.cached", "false").summary();
    DistributionSummary output = meters.get(MicrometerObserver.TOKENS).tag("gen_ai.token.type", "output").summary();
    assertThat(input.count()).isEqualTo(3);
    assertThat(input.totalAmount()).isPositive();
    assertThat(output.totalAmount()).isPositive();
    assertThat(meters.get("persona.lessons").tag("outcome", "generated").counter().count()).isEqualTo(3);
    assertThat(meters.get("persona.runs").tag("kind", "background").counter().count()).isEqualTo(1);
  }

  @Test
  void aFailedCall_isTaggedWithItsErrorType_andTheCircuitGaugeShowsIt() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().otherwise(r -> {
      throw new LlmException(LlmException.Kind.QUOTA_EXHAUSTED, "HTTP 429 insufficient_quota");
    });
    try (PersonalizationService service = PersonalizationService.builder().store(storeWithThreeLessons())
        .provider(llm).maxConcurrency(1).observer(new MicrometerObserver(observations, meters)).build()) {
      RegenerationReport r = service.regenerate("anna", "neck");
      assertThat(r.isComplete()).isFalse();
      assertThat(meters.get("persona.circuit.open").gauge().value()).isEqualTo(1.0);
    }
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.OPERATION, 1)
        .hasObservationWithNameEqualTo(MicrometerObserver.OPERATION)
        .that().hasBeenStarted().hasBeenStopped().hasLowCardinalityKeyValue("error.type", "quota_exhausted");
    assertThat(meters.get(MicrometerObserver.DURATION).tag("error.type", "quota_exhausted").timer().count()).isEqualTo(1);
    assertThat(meters.get("persona.lessons").tag("outcome", "not_sent").counter().count()).isEqualTo(2);
    assertThat(meters.get("persona.lessons").tag("outcome", "failed").counter().count()).isEqualTo(1);
  }
}

package dev.persona.jobs;

import dev.persona.PersonalizationService;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A course with learners, and nodes: a service with a slow template provider, and its CourseRuns. */
final class JobsFixture {

  static final String COURSE = "neck";
  static final int LESSONS = 12;

  private JobsFixture() {}

  /** The template writer behind a fixed latency, counting calls. */
  static final class SlowTemplate implements LlmProvider {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final TemplateLlmProvider writer = new TemplateLlmProvider();
    private final long latencyMillis;

    SlowTemplate(long latencyMillis) {
      this.latencyMillis = latencyMillis;
    }

    @Override
    public String model() {
      return writer.model();
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
      calls.incrementAndGet();
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(latencyMillis);
        return writer.complete(request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new dev.persona.llm.LlmException(dev.persona.llm.LlmException.Kind.UNAVAILABLE, "interrupted");
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  static void course(PersonaStore store, int learners) {
    Course c = Course.of(COURSE, "Массаж шеи");
    store.saveCourse(c);
    for (int i = 1; i <= LESSONS; i++) {
      store.saveLesson(Lesson.of(c.id(), i, "Тема " + i).withSummary("Как работать с шеей, шаг " + i + "."));
    }
    for (int i = 0; i < learners; i++) {
      store.saveProfile(Profile.of(String.format("u%05d", i), COURSE, "Ученик",
          Survey.builder().motivation("help_others").fears("harm_client").build()));
    }
  }

  static PersonalizationService service(PersonaStore store, LlmProvider provider) {
    return PersonalizationService.builder().store(store).provider(provider).maxConcurrency(8)
        .callTimeout(Duration.ofSeconds(30)).build();
  }

  static CourseRuns.Builder runs(DataSource ds, String schema, PersonalizationService service, String node) {
    return CourseRuns.builder().dataSource(ds).schema(schema).service(service).pageSize(10).threads(2)
        .pollingInterval(Duration.ofMillis(200)).heartbeat(Duration.ofMillis(500), 4).nodeName(node);
  }

  static JdbiPersonaStore store(DataSource ds, String schema) {
    return JdbiPersonaStore.create(ds, schema);
  }
}

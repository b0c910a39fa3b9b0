package dev.persona.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.PersonalizationService;
import dev.persona.RegenerationReport;
import dev.persona.ServiceClosedException;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.micrometer.MicrometerObserver;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.postgres.PostgresExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter in Boot's own context runner, on a real PostgreSQL and a real OpenAI-compatible server on loopback. */
final class PersonaAutoConfigurationTest {

  @RegisterExtension
  static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  /** What the server answers to every call: content that meets the default Russian rules. */
  static final PersonalizedContent VALID = PersonalizedContent.of(
      "Анна, этот урок покажет, как бережно снимать напряжение в шее.",
      "Вы хотите помогать людям. Здесь вы увидите приёмы разминания и поглаживания,"
          + " которые снимают напряжение без боли, и поймёте, как следить за реакцией человека.",
      "Сразу после урока попросите близкого сесть ровно и найдите у него самую напряжённую мышцу.",
      "Учусь снимать напряжение в шее, и у меня уже получается! #массаж",
      "Пять минут пересмотрите ключевой фрагмент, десять минут отработайте приём на близком,"
          + " пять минут запишите, что получилось.");

  private OpenAiCompatibleServer server;

  private final ApplicationContextRunner boot = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PersonaAutoConfiguration.class));

  @BeforeEach
  void startServer() throws Exception {
    server = OpenAiCompatibleServer.start();
    server.otherwise(OpenAiCompatibleServer.Reply.answer(VALID.toJson().toJson()));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A host without JDBC at all. */
  private final ApplicationContextRunner noJdbc = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PersonaAutoConfiguration.class));

  private String[] postgres(String schema) {
    return new String[] {"spring.datasource.url=" + PG.jdbcUrl(), "persona.jdbc.schema=" + schema};
  }

  private static void seed(PersonaStore store) {
    Course c = Course.of("neck", "Массаж шеи");
    store.saveCourse(c);
    for (int i = 1; i <= 3; i++) {
      store.saveLesson(Lesson.of(c.id(), i, "Тема " + i).withSummary("О теме номер " + i + " подробно и по шагам."));
    }
    store.saveProfile(Profile.of("anna", "neck", "Анна", Survey.builder().motivation("hobby").fears("harm_client").build()));
  }

  @Test
  void propertiesAlone_giveAWorkingService_onPostgres_withTheOpenAiProviderOverHttp() {
    String schema = PG.emptySchema();
    boot.withPropertyValues(postgres(schema))
        .withPropertyValues("persona.openai.model=gpt-test", "persona.openai.base-url=" + server.baseUrl(),
            "persona.openai.api-key=sk-test-key", "persona.engine.max-concurrency=2")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(PersonalizationService.class)
              .hasSingleBean(JdbiPersonaStore.class);
          PersonaStore store = context.getBean(PersonaStore.class);
          seed(store);
          RegenerationReport r = context.getBean(PersonalizationService.class).regenerate("anna", "neck");
          assertThat(r.isComplete()).as(r.toString()).isTrue();
          assertThat(server.received()).hasSize(3)
              .allSatisfy(x -> assertThat(x.header("authorization")).isEqualTo("Bearer sk-test-key"));
        });
    // what the context wrote is in PostgreSQL, read by a store of its own
    JdbiPersonaStore fresh = JdbiPersonaStore.create(PG.dataSource(), schema);
    Profile anna = fresh.findProfile("anna", "neck").orElseThrow();
    assertThat(fresh.personalizations(anna.id())).hasSize(3);
  }

  @Test
  void migrations_runByDefault_andCanBeTurnedOff() throws SQLException {
    String on = PG.emptySchema();
    boot.withPropertyValues(postgres(on)).withPropertyValues("persona.template-writer=true")
        .run(context -> assertThat(context).hasNotFailed());
    assertThat(tableExists(on, PersonaMigrations.HISTORY_TABLE)).isTrue();

    String off = PG.emptySchema();
    boot.withPropertyValues(postgres(off)).withPropertyValues("persona.template-writer=true", "persona.jdbc.migrate=false")
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PersonalizationService.class));
    assertThat(tableExists(off, PersonaMigrations.HISTORY_TABLE)).isFalse();
    assertThat(tableExists(off, "profiles")).isFalse();
  }

  @Test
  void withoutAProvider_startUpFails_sayingWhichPropertyToSet() {
    boot.withPropertyValues(postgres(PG.emptySchema())).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().isInstanceOf(PersonaConfigurationException.class)
          .hasMessageContaining("persona.openai.model").hasMessageContaining("persona.template-writer=true");
    });
  }

  @Test
  void withoutADataSource_startUpFails_unlessTheMemoryStoreIsChosen() {
    ApplicationContextRunner templates = noJdbc.withPropertyValues("persona.template-writer=true");
    templates.run(context -> assertThat(context.getStartupFailure()).rootCause()
        .isInstanceOf(PersonaConfigurationException.class).hasMessageContaining("spring.datasource.url")
        .hasMessageContaining("persona.store=memory"));
    templates.withPropertyValues("persona.store=memory").run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(InMemoryPersonaStore.class);
      seed(context.getBean(PersonaStore.class));
      assertThat(context.getBean(PersonalizationService.class).regenerate("anna", "neck").isComplete()).isTrue();
    });
  }

  @Test
  void badProperties_failStartUp_namingTheProperty_andNeverTheKey() {
    boot.withPropertyValues(postgres(PG.emptySchema())).withPropertyValues("persona.openai.model=m",
        "persona.openai.base-url=http://llm.internal.example/v1", "persona.openai.api-key=sk-secret-123")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("plain HTTP")
            .hasMessageNotContaining("sk-secret-123"));
    boot.withPropertyValues(postgres(PG.emptySchema())).withPropertyValues("persona.template-writer=true",
        "persona.engine.max-concurrency=0")
        .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("persona.engine"));
  }

  @Test
  void theApplicationsOwnBeans_win() {
    ScriptedLlmProvider own = ScriptedLlmProvider.create().otherwise(new TemplateLlmProvider()::complete);
    InMemoryPersonaStore ownStore = new InMemoryPersonaStore();
    noJdbc.withPropertyValues("persona.openai.model=ignored")
        .withBean(LlmProvider.class, () -> own).withBean(PersonaStore.class, () -> ownStore)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(LlmProvider.class)).isSameAs(own);
          assertThat(context.getBean(PersonaStore.class)).isSameAs(ownStore);
          seed(ownStore);
          context.getBean(PersonalizationService.class).regenerate("anna", "neck");
          assertThat(own.requests()).hasSize(3);
        });
  }

  @Test
  void closingTheContext_closesTheService() {
    AtomicReference<PersonalizationService> service = new AtomicReference<>();
    noJdbc.withPropertyValues("persona.store=memory", "persona.template-writer=true")
        .run(context -> service.set(context.getBean(PersonalizationService.class)));
    assertThatThrownBy(() -> service.get().regenerate("anna", "neck")).isInstanceOf(ServiceClosedException.class);
  }

  @Test
  void withBootsMetricsAndObservations_everyCallIsMeasuredUnderTheGenAiNames() {
    ApplicationContextRunner withMetrics = boot.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        ObservationAutoConfiguration.class));
    withMetrics.withPropertyValues(postgres(PG.emptySchema())).withPropertyValues("persona.openai.model=gpt-test",
        "persona.openai.base-url=" + server.baseUrl()).run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(MicrometerObserver.class);
          seed(context.getBean(PersonaStore.class));
          context.getBean(PersonalizationService.class).regenerate("anna", "neck");
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertThat(meters.get(MicrometerObserver.DURATION).tag("gen_ai.request.model", "gpt-test")
              .tag("gen_ai.operation.name", "chat").timer().count()).isEqualTo(3);
          assertThat(meters.get(MicrometerObserver.TOKENS).tag("gen_ai.token.type", "output").summary().totalAmount())
              .isPositive();
          assertThat(meters.get("persona.lessons").tag("outcome", "generated").counter().count()).isEqualTo(3);
        });
    withMetrics.withPropertyValues(postgres(PG.emptySchema())).withPropertyValues("persona.template-writer=true",
        "persona.observations.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerObserver.class));
  }

  @Test
  void theGeneratedMetadata_describesEveryProperty() throws Exception {
    String json;
    try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated by spring-boot-configuration-processor").isNotNull();
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(json).contains("\"persona.openai.model\"", "\"persona.openai.api-key\"", "\"persona.jdbc.migrate\"",
        "\"persona.jdbc.schema\"", "\"persona.store\"", "\"persona.template-writer\"", "\"persona.engine.language\"",
        "\"persona.engine.requests-per-minute\"", "\"persona.observations.enabled\"");
  }

  private static boolean tableExists(String schema, String table) throws SQLException {
    DataSource ds = PG.dataSource();
    try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, schema, table, null)) {
      return rs.next();
    }
  }
}

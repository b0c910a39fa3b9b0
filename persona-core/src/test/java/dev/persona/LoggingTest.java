package dev.persona;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.persona.LessonResult.Outcome;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.model.Course;
import dev.persona.store.InMemoryPersonaStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What the engine logs: learners by user id, lessons by number, run/course/user in the MDC, never survey or content text. */
final class LoggingTest {

  private static final String CONTENT_MARKER = "ТАЙНЫЙ-ОТВЕТ-МОДЕЛИ";

  /** Copies each event's MDC when it is logged, as logback's asynchronous appenders do. */
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent e) {
      e.prepareForDeferredProcessing();
      super.append(e);
    }
  };
  private final Logger root = (Logger) LoggerFactory.getLogger("dev.persona");
  private InMemoryPersonaStore store;

  @BeforeEach
  void attach() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.DEBUG);
    store = new InMemoryPersonaStore();
    Course course = Samples.course(store, "massage");
    Samples.lessons(store, course);
    Samples.profile(store, course, "anna");
  }

  @AfterEach
  void detach() {
    root.detachAppender(appender);
    root.setLevel(null);
    MDC.clear();
  }

  @Test
  void aFailedLesson_isLoggedWithRunCourseAndUserInTheMdc_andNoSurveyOrAnswerText() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .otherwise(r -> new dev.persona.llm.LlmResponse("{\"summary_short\":\"" + CONTENT_MARKER + "\"}", "m",
            dev.persona.llm.TokenUsage.ZERO, dev.persona.llm.FinishReason.STOP));
    try (PersonalizationService service = PersonalizationService.builder().store(store).provider(llm)
        .fallback(FallbackPolicy.none()).build()) {
      RegenerationReport report = service.regenerate("anna", "massage");
      assertThat(report.lessons()).extracting(LessonResult::outcome).containsOnly(Outcome.FAILED);
    }

    List<ILoggingEvent> failures = appender.list.stream()
        .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("lesson ")).toList();
    assertThat(failures).isNotEmpty();
    ILoggingEvent first = failures.get(0);
    assertThat(first.getFormattedMessage()).contains("of user 'anna' in course 'massage' failed");
    assertThat(first.getMDCPropertyMap()).containsEntry("persona.course", "massage")
        .containsEntry("persona.user", "anna").containsKey("persona.run");
    assertThat(failures).extracting(e -> e.getMDCPropertyMap().get("persona.run")).containsOnly(
        first.getMDCPropertyMap().get("persona.run"));

    ILoggingEvent summary = appender.list.stream()
        .filter(e -> e.getFormattedMessage().startsWith("regenerated user 'anna'")).findFirst().orElseThrow();
    assertThat(summary.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(summary.getMDCPropertyMap()).containsEntry("persona.run", first.getMDCPropertyMap().get("persona.run"));

    dev.persona.model.Survey survey = Samples.survey();
    List<String> surveyTexts = new java.util.ArrayList<>(List.of(survey.targetClients(), survey.skillsWanted(),
        survey.wowResult(), survey.practiceModel()));
    surveyTexts.addAll(survey.motivation());
    surveyTexts.addAll(survey.fears());
    surveyTexts.forEach(text -> assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(text)));
    assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(CONTENT_MARKER)
        || e.getFormattedMessage().contains("Анна"));
  }

  @Test
  void theHostsOwnMdcValues_areRestoredAfterAPersonaLogLine() {
    MDC.put("persona.user", "host-value");
    org.slf4j.Logger log = LoggerFactory.getLogger("dev.persona.engine");

    Logs.warn(log, "r1", "massage", "anna", "lesson {} failed", 3);

    assertThat(appender.list).last().satisfies(e ->
        assertThat(e.getMDCPropertyMap()).containsEntry("persona.user", "anna").containsEntry("persona.run", "r1"));
    assertThat(MDC.get("persona.user")).isEqualTo("host-value");
    assertThat(MDC.get("persona.run")).isNull();
    assertThat(MDC.get("persona.course")).isNull();
  }
}

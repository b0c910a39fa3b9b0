package dev.persona.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.LessonResult.Outcome;
import dev.persona.PersonalizationService;
import dev.persona.RegenerationReport;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.testkit.OpenAiCompatibleServer;
import dev.persona.testkit.OpenAiCompatibleServer.Reply;
import org.junit.jupiter.api.Test;

/** The whole engine through the OpenAI provider, over real HTTP on loopback. */
final class EngineOverHttpTest {

  private static final String ANSWER = PersonalizedContent.of(
      "Анна, этот урок покажет, как бережно снимать напряжение в шее.",
      "Вы хотите помогать офисным работникам. Здесь вы увидите приёмы разминания, которые снимают напряжение без боли.",
      "Сразу после урока попросите мужа сесть ровно и найдите самую напряжённую мышцу.",
      "Учусь снимать напряжение в шее, и у меня уже получается! #массаж",
      "Пять минут пересмотрите ключевой фрагмент, десять минут отработайте приём, пять минут запишите итог.")
      .toJson().toJson();

  @Test
  void aCourseIsPersonalizedOverHttp_honouringARateLimit() throws Exception {
    InMemoryPersonaStore store = new InMemoryPersonaStore();
    Course course = Course.of("neck", "Шея");
    store.saveCourse(course);
    for (int i = 1; i <= 3; i++) {
      store.saveLesson(Lesson.of(course.id(), i, "Тема " + (char) ('А' + i)).withSummary("Описание темы про шею."));
    }
    store.saveProfile(Profile.of("anna", "neck", "Анна", Survey.builder().motivation("help_others").build()));
    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
      server.enqueue(Reply.error(429, "requests", "rate_limit_exceeded").withHeader("retry-after-ms", "50"));
      server.otherwise(Reply.answer(ANSWER));
      OpenAiLlmProvider provider = OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey("sk-test").model("gpt-test").build();
      try (PersonalizationService service = PersonalizationService.builder().store(store).provider(provider)
          .maxConcurrency(1).build()) {
        RegenerationReport r = service.regenerate("anna", "neck");
        assertThat(r.count(Outcome.GENERATED)).isEqualTo(3);
        assertThat(r.usage().cachedPromptTokens()).isEqualTo(30);
        assertThat(server.received()).hasSize(4);
        assertThat(server.received().get(1).body().path("response_format").path("json_schema").path("schema")
            .path("required")).hasSize(5);
        assertThat(store.personalizations(store.findProfile("anna", "neck").orElseThrow().id()))
            .allSatisfy(p -> assertThat(p.provenance().model()).isEqualTo("test-model-2026-01-01"));
      }
    }
  }
}

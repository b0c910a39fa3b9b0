package dev.persona.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.AdoptionReport;
import dev.persona.LearnerPlan;
import dev.persona.LessonResult.Outcome;
import dev.persona.PersonalizationService;
import dev.persona.PlannedLesson.Action;
import dev.persona.RegenerationReport;
import dev.persona.importing.CourseDocument;
import dev.persona.importing.CourseImporter;
import dev.persona.importing.ImportReport;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.model.JsonValue;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.template.TemplateLlmProvider;
import dev.persona.testkit.postgres.PostgresExtension;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database built from the seed document's own description of the schema, holding its example
 * learner (survey in codes) and a personalization with a key the five fields do not cover, taken
 * over end to end: migrate, import the course with descriptions, read the learner, adopt,
 * regenerate, save. Row counts and the unmapped key are checked at every step.
 */
final class SeedDatabaseEndToEndTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  private static final Pattern SNAKE = Pattern.compile("(?<![\\p{L}\\d_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\\p{L}\\d_])");
  private static final UUID LESSON_5 = UUID.fromString("5b7f8f0e-2222-4a4a-9c9c-000000000005");

  private static String courseDocument(String demoTranscript) {
    StringBuilder lessons = new StringBuilder();
    for (int n = 1; n <= 6; n++) {
      String transcript = n == 5 ? demoTranscript
          : "Занятие номер " + n + ". Разбираем приёмы для шеи и плеч, следим за дыханием клиента.";
      lessons.append(n == 1 ? "" : ",").append("""
          {"number": %d, "title": "%s", "summary": "Тема занятия %d",
           "transcript": "%s",
           "description": {"template": {"👋 Введение": "Описание занятия %d"}}}"""
          .formatted(n, n == 1 ? "Введение" : n == 5 ? "Демонстрация" : "Тема " + n, n, transcript, n));
    }
    return "{\"slug\": \"shvz\", \"title\": \"Массаж ШВЗ\", \"lessons\": [" + lessons + "]}";
  }

  @Test
  void theSeedsDatabase_isTakenOverWhole() throws Exception {
    String schema = PG.emptySchema();
    OriginalSchemaAdoptionTest.runIn(schema, OriginalSchemaAdoptionTest.resource("seed_schema.sql"));
    OriginalSchemaAdoptionTest.runIn(schema, OriginalSchemaAdoptionTest.resource("seed_data.sql"));

    // migrate: adopted whole, nothing lost
    PersonaMigrations.Result migration = PersonaMigrations.migrate(PG.dataSource(), schema);
    assertThat(migration.baselinedOriginalSchema()).isTrue();
    assertThat(OriginalSchemaAdoptionTest.counts(schema)).containsEntry("personalized_lesson_descriptions", 1L)
        .containsEntry("lesson_descriptions", 2L).containsEntry("profiles", 1L);

    // import the course with a description per lesson: lessons 1 and 5 are matched by number, 4 are new
    JdbiPersonaStore store = JdbiPersonaStore.create(PG.dataSource(), schema);
    String demo = "Это урок-демонстрация. Работаем с малой грудной мышцей и клювовидным отростком.";
    ImportReport imported = new CourseImporter(store).importCourse(CourseDocument.parse(courseDocument(demo)));
    assertThat(imported.lessons()).hasSize(6);
    assertThat(OriginalSchemaAdoptionTest.counts(schema)).containsEntry("lessons", 6L)
        .containsEntry("lesson_descriptions", 6L).containsEntry("personalized_lesson_descriptions", 1L);

    // read the seed's example learner: every code is known, nothing left out
    Profile alexey = store.findProfile("21179358", "shvz").orElseThrow();
    assertThat(alexey.survey().unknownCodes()).isEmpty();

    ScriptedLlmProvider llm = ScriptedLlmProvider.create().withModel("template-writer-1 (not an AI)")
        .otherwise(new TemplateLlmProvider()::complete);
    try (PersonalizationService service = PersonalizationService.builder().store(store).provider(llm).build()) {
      // the dry run finds the legacy row adoptable; adoption stamps it without a call
      LearnerPlan plan = service.dryRun("21179358", "shvz", false);
      assertThat(plan.unknownCodes()).isEmpty();
      assertThat(plan.adoptable()).isEqualTo(1);
      assertThat(plan.count(Action.GENERATE)).isEqualTo(6);
      AdoptionReport adopted = service.adopt("21179358", "shvz");
      assertThat(adopted.adopted()).isEqualTo(1);
      assertThat(llm.callCount()).isZero();
      assertThat(service.dryRun("21179358", "shvz", false).count(Action.KEEP)).isEqualTo(1);
      Personalization kept = store.findPersonalization(alexey.id(), LESSON_5).orElseThrow();
      assertThat(kept.content().extras()).containsOnlyKeys("badge");
      assertThat(kept.provenance()).isNotNull();

      // regenerate: five calls, no code in any prompt, the adopted lesson untouched
      RegenerationReport first = service.regenerate("21179358", "shvz");
      assertThat(first.count(Outcome.GENERATED)).isEqualTo(5);
      assertThat(first.count(Outcome.UNCHANGED)).isEqualTo(1);
      assertThat(llm.callCount()).isEqualTo(5);
      for (LlmRequest r : llm.requests()) {
        for (LlmMessage m : r.messages()) {
          SNAKE.matcher(m.content()).results().map(x -> x.group()).forEach(token ->
              assertThat(token).isIn("summary_short", "why_watch", "quick_action", "social_share", "homework_20m",
                  "lesson_material", "learner_survey"));
        }
      }
      assertThat(llm.requests().get(0).messages().get(2).content())
          .contains("Офисные работники", "Навредить клиенту", "Техники снятия боли");

      // the lesson changes: regeneration replaces the five fields and keeps the unmapped key
      new CourseImporter(store).importCourse(CourseDocument.parse(courseDocument(demo + " Добавлен новый приём.")));
      RegenerationReport second = service.regenerate("21179358", "shvz");
      assertThat(second.count(Outcome.GENERATED)).isEqualTo(1);
      Personalization regenerated = store.findPersonalization(alexey.id(), LESSON_5).orElseThrow();
      assertThat(regenerated.content().summaryShort()).isNotEqualTo(kept.content().summaryShort());
      assertThat(regenerated.content().extras()).containsOnlyKeys("badge");

      // the host saves an edit: the five fields change, the unmapped key stays
      PersonalizedContent edit = new PersonalizedContent("Правка редактора: кратко о демонстрации.",
          regenerated.content().whyWatch(), regenerated.content().quickAction(), regenerated.content().socialShare(),
          regenerated.content().homework20m(), Map.of());
      service.save(alexey.id(), LESSON_5, edit);
      Personalization saved = store.findPersonalization(alexey.id(), LESSON_5).orElseThrow();
      assertThat(saved.content().summaryShort()).startsWith("Правка редактора");
      assertThat(saved.content().extras()).containsEntry("badge", JsonValue.parse("{\"level\":1}"));
    }
    assertThat(OriginalSchemaAdoptionTest.counts(schema)).containsEntry("profiles", 1L).containsEntry("lessons", 6L)
        .containsEntry("lesson_descriptions", 6L).containsEntry("personalized_lesson_descriptions", 6L);
  }
}

package dev.persona.examples;

import dev.persona.LessonResult;
import dev.persona.PersonalizationService;
import dev.persona.PlannedLesson;
import dev.persona.RegenerationReport;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.util.List;

/** The README's first program: a course, a learner, and every call a host makes. */
public final class GettingStarted {

  private GettingStarted() {}

  /**
   * Runs it.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PersonaStore store = new InMemoryPersonaStore(); // or JdbiPersonaStore.create(dataSource) on PostgreSQL

    // 1. a course, its lessons and a learner (or import a course document: new CourseImporter(store))
    Course course = Course.of("neck-massage", "Массаж шеи и плеч");
    store.saveCourse(course);
    Lesson intro = Lesson.of(course.id(), 1, "Знакомство с курсом")
        .withSummary("Как устроены занятия и что понадобится для практики.")
        .withTranscript("Добрый день! Сегодня знакомимся с курсом: двенадцать занятий, от анатомии до сеанса.");
    Lesson muscles = Lesson.of(course.id(), 2, "Мышцы шеи")
        .withSummary("Где лежат трапециевидная и лестничные мышцы и как их найти.")
        .withTranscript("Найдём трапециевидную мышцу: она начинается у основания черепа и идёт к плечу.");
    store.saveLesson(intro);
    store.saveLesson(muscles);
    Profile anna = store.saveProfile(Profile.of("user-42", "neck-massage", "Анна", Survey.builder()
        .motivation("new_profession")
        .targetClients("офисные работники")
        .fears("harm_client")
        .wowResult("первые платные клиенты к концу курса")
        .build()));

    try (PersonalizationService service = PersonalizationService.builder()
        .store(store)
        .provider(new TemplateLlmProvider()) // offline, not an AI; or OpenAiLlmProvider, LangChain4jLlmProvider
        .maxConcurrency(8)
        .build()) {

      // 2. everything missing or stale for one learner, generated first, then stored in one step
      RegenerationReport report = service.regenerate("user-42", "neck-massage");
      System.out.println(report.counts());

      // 3. what a lesson page shows: every lesson in order, in one store call
      PersonalizedCourse view = service.personalizedCourse("user-42", "neck-massage").orElseThrow();
      view.lessons().forEach(l -> System.out.println(l.number() + ". " + l.findPersonalization()
          .map(p -> p.content().summaryShort()).orElse("(not personalized yet)")));

      // 4. one lesson on demand, ahead of every background call
      LessonResult second = service.personalizeLesson("user-42", "neck-massage", 2);
      System.out.println(second.outcome() + ": " + second.reason());

      // 5. a dry run: what would be regenerated, and why
      List<PlannedLesson> plan = service.plan("user-42", "neck-massage", false);
      plan.forEach(p -> System.out.println(p.lessonNumber() + " " + p.action() + " (" + p.reason() + ")"));

      // 6. the editor's save and delete (the original POST and DELETE /api/personalizations)
      PersonalizedContent edited = PersonalizedContent.parse("""
          {"summary_short": "Анна, здесь вы узнаете, как устроен курс.",
           "why_watch": "Вы хотите новую профессию: этот урок показывает путь от анатомии до сеанса.",
           "quick_action": "Запишите, на ком будете практиковаться.",
           "social_share": "Начинаю курс массажа шеи! #обучение",
           "homework_20m": "Двадцать минут: пересмотрите план курса и подготовьте место для практики."}""");
      service.save(anna.id(), intro.id(), edited);
      service.delete(anna.id(), intro.id());
    }
  }
}

package dev.persona;

import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.PersonaStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Sample data written for these tests, and the way to the original system's fixtures. */
public final class Samples {

  private Samples() {}

  static final String[][] LESSONS = {
    {"Знакомство с курсом", "Что вы освоите и как устроены занятия."},
    {"Мышцы шеи и плеч", "Какие мышцы мы прорабатываем и где они находятся."},
    {"Диагностика клиента", "Как расспросить клиента и оценить осанку."},
    {"Триггерные точки", "Что такое триггерные точки и как их найти."},
    {"Демонстрация базового сеанса", "Полный сеанс от начала до конца."},
    {"Повторяем базовый сеанс", "Выполняем приёмы вместе с преподавателем."},
    {"Работа с трапециевидной мышцей", "Разминание и растяжение верхней части трапеции."},
    {"Повторяем работу с трапецией", "Отрабатываем приёмы в своём темпе."},
    {"Лестничные мышцы", "Как бережно работать с передней поверхностью шеи."},
    {"Повторяем работу с шеей", "Закрепляем технику на модели."},
    {"Постизометрическая релаксация", "Мягкая техника расслабления мышц."},
    {"Итоговый сеанс", "Соединяем все приёмы в один сеанс."},
  };

  public static Course course(PersonaStore store, String slug) {
    Course c = Course.of(slug, "Массаж шейно-воротниковой зоны");
    store.saveCourse(c);
    return c;
  }

  public static List<Lesson> lessons(PersonaStore store, Course course) {
    List<Lesson> out = new ArrayList<>();
    for (int i = 0; i < LESSONS.length; i++) {
      Lesson l = Lesson.of(course.id(), i + 1, LESSONS[i][0]).withSummary(LESSONS[i][1])
          .withTranscript("Добрый день. Сегодня тема: " + LESSONS[i][0].toLowerCase(java.util.Locale.ROOT) + ". " + LESSONS[i][1]
              + " Следите за дыханием клиента и работайте корпусом, а не только руками.");
      store.saveLesson(l);
      out.add(l);
    }
    return out;
  }

  public static Survey survey() {
    return Survey.builder()
        .motivation("help_others", "additional_income")
        .fears("harm_client")
        .targetClients("офисные работники с болями в шее")
        .skillsWanted("снимать напряжение и головную боль")
        .wowResult("первые платные клиенты к концу курса")
        .practiceModel("муж")
        .build();
  }

  public static Profile profile(PersonaStore store, Course course, String user) {
    return store.saveProfile(Profile.of(user, course.slug(), "Анна", survey()));
  }

  /** Content that meets the default Russian rules; the marker makes it distinguishable. */
  public static PersonalizedContent validContent(String marker) {
    return PersonalizedContent.of(
        "Анна, этот урок покажет, как бережно снимать напряжение в шее (" + marker + ").",
        "Вы хотите помогать офисным работникам. Здесь вы увидите приёмы разминания и поглаживания,"
            + " которые снимают напряжение без боли, и поймёте, как следить за реакцией человека.",
        "Сразу после урока попросите мужа сесть ровно и найдите у него самую напряжённую мышцу.",
        "Учусь снимать напряжение в шее, и у меня уже получается! #массаж",
        "Пять минут пересмотрите ключевой фрагмент, десять минут отработайте приём на муже,"
            + " пять минут запишите, что получилось.");
  }

  public static String validJson(String marker) {
    return validContent(marker).toJson().toJson();
  }

  /** The original system's fixtures, or a visible skip when they are not on this machine. */
  public static Path fixtures() {
    Optional<Path> found = findFixtures();
    if (found.isEmpty()) {
      System.err.println("[persona tests] SKIPPED a test that reads the original fixtures:"
          + " ../shared/fixtures/original is not on this machine (set PERSONA_FIXTURES)");
    }
    Assumptions.assumeTrue(found.isPresent(),
        "SKIPPED: ../shared/fixtures/original is not on this machine; set PERSONA_FIXTURES to run this test");
    return found.orElseThrow();
  }

  public static Optional<Path> findFixtures() {
    String env = System.getenv("PERSONA_FIXTURES");
    if (env != null && Files.isDirectory(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/fixtures/original");
      if (Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}

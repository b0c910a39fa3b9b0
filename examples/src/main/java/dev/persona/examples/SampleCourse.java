package dev.persona.examples;

import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Survey;
import dev.persona.store.PersonaStore;
import java.util.ArrayList;
import java.util.List;

/** A small course written for the examples: titles and summaries in our own words. */
final class SampleCourse {

  static final String SLUG = "neck-massage";

  private static final String[][] LESSONS = {
    {"Знакомство с курсом", "Как устроены занятия, что понадобится и каким будет результат через двенадцать уроков."},
    {"Мышцы шеи и плечевого пояса", "Где лежат трапециевидная, лестничные и грудино-ключично-сосцевидная мышцы и как их найти пальцами."},
    {"Расспрос и осмотр клиента", "Какие вопросы задать до сеанса, как оценить осанку и когда от массажа лучше отказаться."},
    {"Триггерные точки", "Откуда берутся болезненные уплотнения в мышцах и как их бережно находить."},
    {"Показ базового сеанса", "Преподаватель проводит сеанс целиком: поглаживание, растирание, разминание, завершение."},
    {"Базовый сеанс вместе с преподавателем", "Повторяем каждый приём в своём темпе и следим за положением корпуса."},
    {"Работа с верхней частью трапеции", "Разминание и мягкое растяжение мышцы, которая чаще всего устаёт у офисных работников."},
    {"Трапеция: отработка", "Закрепляем приёмы на модели и учимся дозировать давление."},
    {"Передняя поверхность шеи", "Как безопасно работать рядом с сосудами и что нельзя делать ни в коем случае."},
    {"Шея: отработка", "Соединяем приёмы для передней и задней поверхности шеи в одну последовательность."},
    {"Постизометрическая релаксация", "Техника, при которой мышца расслабляется после лёгкого напряжения самого клиента."},
    {"Итоговый сеанс", "Собираем всё вместе: от расспроса клиента до рекомендаций после сеанса."},
  };

  private SampleCourse() {}

  /** Saves the course and its twelve lessons, reusing what a previous run stored. */
  static Course install(PersonaStore store) {
    Course course = store.findCourse(SLUG).orElseGet(() -> {
      Course c = Course.of(SLUG, "Массаж шеи и плеч").withDescription("Учебный курс для примеров Persona.");
      store.saveCourse(c);
      return c;
    });
    List<Lesson> existing = store.lessons(course.id());
    for (int i = 0; i < LESSONS.length; i++) {
      int number = i + 1;
      Lesson lesson = existing.stream().filter(l -> l.number() == number).findFirst()
          .orElseGet(() -> Lesson.of(course.id(), number, LESSONS[number - 1][0]))
          .withTitle(LESSONS[i][0]).withSummary(LESSONS[i][1]);
      store.saveLesson(lesson);
    }
    return course;
  }

  static List<String> titles() {
    List<String> out = new ArrayList<>();
    for (String[] l : LESSONS) {
      out.add(l[0]);
    }
    return out;
  }

  /** A learner who wants a new profession and worries about hurting someone. */
  static Survey marina() {
    return Survey.builder()
        .motivation("new_profession", "additional_income")
        .targetClients("офисные работники с болью в шее")
        .skillsWanted("снимать напряжение и головную боль")
        .fears("harm_client", "lack_confidence")
        .wowResult("первые пять платных клиентов к концу курса")
        .practiceModel("муж")
        .build();
  }

  /** A learner who wants to help their family. */
  static Survey oleg() {
    return Survey.builder()
        .motivation("help_family")
        .targetClients("родители")
        .skillsWanted("расслабляющий массаж после работы")
        .fears("wrong_technique")
        .wowResult("мама перестанет жаловаться на шею")
        .practiceModel("family")
        .build();
  }
}

package dev.persona;

import dev.persona.model.Language;
import dev.persona.model.Lesson;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import java.util.Optional;

final class Fallbacks {

  private Fallbacks() {}

  static Optional<PersonalizedContent> fromSummary(Lesson lesson, Profile profile, Language language) {
    String title = lesson.title().strip();
    String summary = lesson.summary() == null ? null : lesson.summary().strip();
    if (language == Language.ENGLISH) {
      return Optional.of(PersonalizedContent.of(
          summary != null ? summary : "This lesson is about: " + title + ".",
          "Watch the lesson \"" + title + "\" to the end: it builds the skills the rest of the course relies on.",
          "Right after watching, write down the one technique from the lesson you want to try first.",
          "Learning something new today: \"" + title + "\".",
          "Spend 20 minutes on the lesson \"" + title + "\": 5 minutes to rewatch the key part, 10 minutes"
              + " to practise, 5 minutes to note what worked and what to ask."));
    }
    return Optional.of(PersonalizedContent.of(
        summary != null ? summary : "Этот урок посвящён теме: " + title + ".",
        "Посмотрите урок «" + title + "» до конца: в нём навыки, на которые опирается весь курс.",
        "Сразу после просмотра запишите один приём из урока, который хотите попробовать первым.",
        "Сегодня изучаю новое: «" + title + "».",
        "Уделите уроку «" + title + "» 20 минут: 5 минут пересмотрите ключевой фрагмент, 10 минут"
            + " потренируйтесь, 5 минут запишите, что получилось и какие остались вопросы."));
  }
}

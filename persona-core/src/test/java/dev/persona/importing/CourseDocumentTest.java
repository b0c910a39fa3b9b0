package dev.persona.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.persona.ValidationException;
import dev.persona.ValidationException.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CourseDocumentTest {

  private static String doc(String lessons) {
    return "{\"slug\":\"neck\",\"title\":\"Массаж шеи\",\"lessons\":[" + lessons + "]}";
  }

  private static List<String> fields(String json) {
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> CourseDocument.parse(json));
    assertThat(e).as(json).isNotNull();
    return e.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void aWellFormedDocument_isRead() {
    CourseDocument d = CourseDocument.parse(doc("{\"number\":1,\"title\":\"Введение\",\"summary\":\"О курсе\"},"
        + "{\"number\":2,\"title\":\"Разминание\",\"transcript\":\"Добрый день\"}"));
    assertThat(d.slug()).isEqualTo("neck");
    assertThat(d.lessons()).extracting(LessonDocument::number).containsExactly(1, 2);
  }

  @Test
  void lessonNumbers_mustBeWholeNumbers_neverRoundedOrReadFromText() {
    for (String n : List.of("1.9", "1e3", "\"3\"", "true", "null", "2147483648", "[1]")) {
      assertThat(fields(doc("{\"number\":" + n + ",\"title\":\"Урок\"}"))).as(n).containsExactly("lessons[0].number");
    }
    assertThat(fields(doc("{\"number\":0,\"title\":\"Урок\"}"))).containsExactly("lessons[0].number");
    assertThat(fields(doc("{\"number\":1,\"title\":\"a\"},{\"number\":1,\"title\":\"b\"}"))).containsExactly(
        "lessons[1].number");
  }

  @Test
  void texts_mustBeStrings() {
    assertThat(fields(doc("{\"number\":1,\"title\":123,\"summary\":4.5}"))).containsExactlyInAnyOrder(
        "lessons[0].title", "lessons[0].summary");
    assertThat(fields("{\"slug\":7,\"title\":\"t\",\"lessons\":[]}")).containsExactly("slug");
  }

  @Test
  void tooManyLessons_isRefusedBeforeAnyLessonIsRead() {
    String many = String.join(",", java.util.Collections.nCopies(CourseDocument.MAX_LESSONS + 1, "{}"));
    assertThat(fields(doc(many))).containsExactly("lessons");
  }
}

package dev.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.model.JsonValue;
import dev.persona.model.Survey;
import org.junit.jupiter.api.Test;

final class SurveySubmissionTest {

  private static ValidationException invalid(String json) {
    try {
      SurveySubmission.fromJson(JsonValue.parse(json));
    } catch (ValidationException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void theOriginalBody_isRead_withoutStoringItsIdentificationInTheSurvey() {
    SurveySubmission s = SurveySubmission.fromJson(JsonValue.parse("""
        {"uid": "21179358", "real_name": " Алексей ", "course": "taping-basics", "first_lesson": "2",
         "motivation": ["professional_development", "additional_income"], "fears": ["harm_client"],
         "practice_model": "на маме", "experience": "none"}"""));
    assertThat(s.userIdentifier()).isEqualTo("21179358");
    assertThat(s.name()).isEqualTo("Алексей");
    assertThat(s.courseSlug()).isEqualTo("taping-basics");
    assertThat(s.firstLesson()).isEqualTo(2);
    assertThat(s.survey().motivation()).containsExactly("professional_development", "additional_income");
    assertThat(s.survey().extras()).containsOnlyKeys("experience");
  }

  @Test
  void aMissingUid_isAnError_notAGeneratedGuest() {
    assertThat(invalid("{\"course\":\"c\",\"real_name\":\"Анна\"}").errors())
        .extracting(ValidationException.FieldError::field).containsExactly("uid");
    assertThat(invalid("{\"uid\":null,\"course\":\"c\"}").errors())
        .extracting(ValidationException.FieldError::field).containsExactly("uid");
  }

  @Test
  void anEmailAsName_wrongTypes_andOversizedAnswers_areRefused_namingTheirFields() {
    assertThat(invalid("{\"uid\":\"1\",\"course\":\"c\",\"real_name\":\"anna@example.com\"}").getMessage())
        .contains("real_name looks like an e-mail address").doesNotContain("anna@example.com");
    assertThat(invalid("{\"uid\":\"1\",\"motivation\":{\"x\":1},\"wow_result\":[1]}").errors())
        .extracting(ValidationException.FieldError::field)
        .containsExactlyInAnyOrder("survey.motivation", "survey.wow_result", "course");
    assertThat(invalid("{\"uid\":\"1\",\"course\":\"c\",\"skills_wanted\":\"" + "я".repeat(2001) + "\"}").getMessage())
        .contains("survey.skills_wanted");
    assertThat(invalid("{\"uid\":\"1\",\"course\":\"c\",\"first_lesson\":\"первый\"}").getMessage()).contains("first_lesson");
    // numbers are not text, and a lesson number is whole
    assertThat(invalid("{\"uid\":21179358,\"course\":\"c\",\"real_name\":7,\"fears\":[1],\"wow_result\":2}").errors())
        .extracting(ValidationException.FieldError::field)
        .containsExactlyInAnyOrder("uid", "uid", "real_name", "survey.fears", "survey.wow_result");
    for (String lesson : new String[] {"1.9", "1e3", "-1", "true", "[1]"}) {
      assertThat(invalid("{\"uid\":\"1\",\"course\":\"c\",\"first_lesson\":" + lesson + "}").getMessage())
          .as(lesson).contains("first_lesson");
    }
    assertThatThrownBy(() -> new SurveySubmission("u", "c", null, Survey.empty(), 0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> SurveySubmission.fromJson(JsonValue.parse("[]"))).isInstanceOf(ValidationException.class);
  }

  @Test
  void toString_showsNoAnswers() {
    SurveySubmission s = new SurveySubmission("u1", "c", "Тайное Имя", Survey.builder().wowResult("секрет").build(), null);
    assertThat(s.toString()).contains("u1").doesNotContain("Тайное").doesNotContain("секрет");
  }
}

package dev.persona.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.Samples;
import dev.persona.ValidationException;
import dev.persona.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class SurveyTest {

  @Test
  void builder_mapsLabelsAndLegacyCodesToCanonicalCodes() {
    Survey s = Survey.builder()
        .motivation("Помочь близким", "extra_income", "Новая профессия", "help_others")
        .fears("hurt_client", "Не хватит времени", "НАВРЕДИТЬ КЛИЕНТУ")
        .practiceModel("Друзья")
        .build();
    assertThat(s.motivation()).containsExactly("help_others", "additional_income", "new_profession");
    assertThat(s.fears()).containsExactly("harm_client", "not_enough_time");
    assertThat(s.practiceModel()).isEqualTo("friends");
  }

  @Test
  void fromJson_acceptsAStringWhereAListIsExpected() {
    Survey s = Survey.parse("{\"motivation\":\"Тестирование\",\"fears\":\"Нет страхов\"}");
    assertThat(s.motivation()).containsExactly("Тестирование");
    assertThat(s.fears()).containsExactly("Нет страхов");
  }

  @Test
  void fromJson_splitsACommaSeparatedStringOfKnownCodes_only() {
    assertThat(Survey.parse("{\"fears\":\"harm_client, wrong_technique\"}").fears())
        .containsExactly("harm_client", "wrong_technique");
    assertThat(Survey.parse("{\"fears\":\"боюсь, что не получится\"}").fears())
        .containsExactly("боюсь, что не получится");
  }

  @Test
  void fromJson_keepsFreeTextAndUnknownKeys_andRoundTrips() {
    String json = "{\"motivation\":[\"Хочу помогать людям\"],\"target_clients\":\"офисные работники\","
        + "\"fears\":[],\"uid\":\"21179358\",\"real_name\":\"Алексей\",\"lvl\":null,\"nested\":{\"x\":[1]}}";
    Survey s = Survey.parse(json);
    assertThat(s.motivation()).containsExactly("Хочу помогать людям");
    assertThat(s.extras()).containsOnlyKeys("uid", "real_name", "lvl", "nested");
    assertThat(Survey.fromJson(s.toJson())).isEqualTo(s);
    assertThat(s.toJson().get("nested")).contains(JsonValue.parse("{\"x\":[1]}"));
  }

  @Test
  void fromJson_nullIsTheEmptySurvey_andStoredNumbersBecomeText() {
    assertThat(Survey.fromJson(JsonValue.parse("null"))).isEqualTo(Survey.empty());
    assertThat(Survey.empty().isBlank()).isTrue();
    // what the original system stored is read as it is (a submission is checked more strictly)
    assertThat(Survey.parse("{\"practice_model\":5}").practiceModel()).isEqualTo("5");
    assertThat(Survey.parse("{\"time\":30}").extras()).containsKey("time");
  }

  @Test
  void fromJson_rejectsWrongTypes_namingTheField() {
    assertThatThrownBy(() -> Survey.parse("{\"motivation\":{\"a\":1}}"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("survey.motivation");
    assertThatThrownBy(() -> Survey.parse("{\"fears\":[\"ok\",{\"bad\":1}]}"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("survey.fears[1]");
    assertThatThrownBy(() -> Survey.parse("{\"wow_result\":[\"a\"]}"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("survey.wow_result");
    assertThatThrownBy(() -> Survey.parse("[1,2]")).isInstanceOf(ValidationException.class);
  }

  @Test
  void limits_areEnforced_withoutEchoingTheAnswer() {
    String longText = "секрет".repeat(400);
    assertThatThrownBy(() -> Survey.builder().wowResult(longText).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("survey.wow_result")
        .hasMessageContaining("limit is " + Survey.MAX_TEXT_LENGTH)
        .hasMessageNotContaining("секрет");
    String[] many = new String[Survey.MAX_ITEMS + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = "ответ " + i;
    }
    assertThatThrownBy(() -> Survey.builder().fears(many).build()).hasMessageContaining("survey.fears");
    assertThatThrownBy(() -> Survey.builder().extra("blob", JsonValue.string("x".repeat(70_000))).build())
        .hasMessageContaining("limit is " + Survey.MAX_EXTRAS_LENGTH);
  }

  @Test
  void toString_showsWhatIsAnswered_notTheAnswers() {
    assertThat(Samples.survey().toString()).doesNotContain("муж").doesNotContain("офисные").contains("answered");
  }

  @Test
  void everyExamplePayloadOfTheSurveyReference_parses() throws IOException {
    JsonNode ref = Json.parse(Files.readString(Samples.fixtures().resolve("derived-survey-reference.json")));
    int n = 0;
    for (JsonNode example : ref.get("example_payloads")) {
      Survey s = Survey.fromJson(JsonValue.of(example.get("payload")));
      assertThat(s.isBlank()).isFalse();
      assertThat(Survey.fromJson(s.toJson())).isEqualTo(s);
      n++;
    }
    assertThat(n).isEqualTo(4);
  }

  @Test
  void everyLabelAndLegacyCodeOfTheSurveyReference_isRecognized() throws IOException {
    JsonNode ref = Json.parse(Files.readString(Samples.fixtures().resolve("derived-survey-reference.json")));
    JsonNode current = ref.get("current_form_post_api_survey").get("fields");
    for (String q : new String[] {"motivation", "fears"}) {
      var question = q.equals("fears") ? SurveyVocabulary.Question.FEARS : SurveyVocabulary.Question.MOTIVATION;
      for (Map.Entry<String, JsonNode> e : current.get(q).get("options").properties()) {
        assertThat(SurveyVocabulary.standard().canonical(question, e.getKey())).as(e.getKey()).contains(e.getKey());
        assertThat(SurveyVocabulary.standard().canonical(question, e.getValue().asText())).as(e.getValue().asText()).contains(e.getKey());
        assertThat(SurveyVocabulary.standard().label(question, e.getKey(), Language.RUSSIAN)).contains(e.getValue().asText());
        assertThat(SurveyVocabulary.standard().label(question, e.getKey(), Language.ENGLISH)).isPresent();
      }
      for (Map.Entry<String, JsonNode> e : ref.get("legacy_dictionaries_scripts_show_user_survey_ts").get(q).properties()) {
        assertThat(SurveyVocabulary.standard().canonical(question, e.getKey())).as(e.getKey()).isPresent();
        assertThat(SurveyVocabulary.standard().canonical(question, e.getValue().asText())).as(e.getValue().asText()).isPresent();
      }
    }
    JsonNode seen = ref.get("legacy_codes_without_labels");
    for (JsonNode code : seen.get("personalize_README_fears")) {
      assertThat(SurveyVocabulary.standard().canonical(SurveyVocabulary.Question.FEARS, code.asText())).as(code.asText()).isPresent();
    }
    for (JsonNode code : seen.get("personalize_README_motivation")) {
      assertThat(SurveyVocabulary.standard().canonical(SurveyVocabulary.Question.MOTIVATION, code.asText())).as(code.asText()).isPresent();
    }
    for (JsonNode code : seen.get("seen_in_store_test_users").get("fears")) {
      assertThat(SurveyVocabulary.standard().canonical(SurveyVocabulary.Question.FEARS, code.asText())).as(code.asText()).isPresent();
    }
    for (JsonNode code : seen.get("seen_in_store_test_users").get("motivation")) {
      assertThat(SurveyVocabulary.standard().canonical(SurveyVocabulary.Question.MOTIVATION, code.asText())).as(code.asText()).isPresent();
    }
    for (JsonNode code : seen.get("personalize_README_experience")) {
      assertThat(SurveyVocabulary.standard().canonical(SurveyVocabulary.Question.EXPERIENCE, code.asText())).as(code.asText()).isPresent();
    }
  }

  @Test
  void theRealPhpEraProfiles_allParse_withLabelsStoredAsCodes() throws IOException {
    Path file = Samples.fixtures().resolve("pesonalisev2/store/user_profiles.json");
    JsonNode all = Json.parse(Files.readString(file));
    int n = 0;
    for (Map.Entry<String, JsonNode> e : all.properties()) {
      Survey s = Survey.fromJson(JsonValue.of(e.getValue()));
      assertThat(s.motivation()).allSatisfy(m -> assertThat(m).doesNotContain("Новая профессия"));
      n++;
    }
    assertThat(n).isEqualTo(11);
    Survey second = Survey.fromJson(JsonValue.of(all.get("user_1757557524_46fc98ea")));
    assertThat(second.motivation()).containsExactly("new_profession", "additional_income");
    assertThat(second.fears()).containsExactly("technique_fail");
  }

  @Test
  void theGetCourseProfile_withEmptyFearsAndFearsOther_parses() throws IOException {
    JsonNode doc = Json.parse(Files.readString(Samples.fixtures().resolve("pesonalisev2/store/21179358.json")));
    Survey s = Survey.fromJson(JsonValue.of(doc.get("survey")));
    assertThat(s.fears()).isEmpty();
    assertThat(s.motivation()).containsExactly("additional_income", "help_family");
    assertThat(s.extraText("fears_other")).isPresent();
    assertThat(s.extraText("motivation_other")).isEmpty();
    assertThat(s.extraText("experience")).contains("none");
    JsonNode guest = Json.parse(Files.readString(Samples.fixtures().resolve("pesonalisev2/store/guest.json")));
    assertThat(Survey.fromJson(JsonValue.of(guest)).isBlank()).isTrue();
  }
}

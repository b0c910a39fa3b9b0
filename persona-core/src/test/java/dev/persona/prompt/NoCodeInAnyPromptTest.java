package dev.persona.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.Samples;
import dev.persona.internal.Json;
import dev.persona.llm.LlmMessage;
import dev.persona.model.JsonValue;
import dev.persona.model.Language;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.model.SurveyVocabulary;
import dev.persona.model.SurveyVocabulary.Question;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Builds the prompt for surveys in every form the seed document and the original system's data show,
 * in Russian and English, and asserts that no code reaches a model: the only snake_case tokens in
 * the messages are the answer's five keys and the two data tags of the prompt itself.
 */
final class NoCodeInAnyPromptTest {

  private static final Pattern SNAKE = Pattern.compile("(?<![\\p{L}\\d_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\\p{L}\\d_])");
  private static final Set<String> STRUCTURE = Set.of("summary_short", "why_watch", "quick_action", "social_share",
      "homework_20m", "lesson_material", "learner_survey");
  private static final Lesson LESSON = Lesson.of(UUID.randomUUID(), 5, "Демонстрация базового сеанса")
      .withSummary("Полный сеанс от начала до конца.").withTranscript("Это урок-демонстрация. Работаем корпусом.");

  /** Surveys written for this test in each form the seed and the original system use. */
  private static Map<String, Survey> writtenForms() {
    Map<String, Survey> forms = new LinkedHashMap<>();
    // the seed document's example learner: codes in every question, single answers included
    forms.put("seed example", Survey.parse("""
        {"motivation": ["career_change", "help_others"], "target_clients": "office_workers",
         "skills_wanted": "pain_relief_techniques", "fears": ["hurting_clients"],
         "wow_result": "become_expert_massager", "practice_model": "friend"}"""));
    forms.put("current form", Survey.parse("""
        {"real_name": "Мария", "course": "shvz", "uid": "42", "motivation": ["professional_development",
         "health_improvement"], "target_clients": "соседи по дому", "fears": ["wrong_technique", "lack_confidence",
         "not_enough_time"], "practice_model": "на сестре"}"""));
    forms.put("legacy codes", Survey.parse("""
        {"experience": "self_taught", "motivation": ["new_profession", "extra_income", "help_family",
         "self_development", "upgrade_technique", "new_clients", "health_interest"],
         "fears": ["technique_fail", "no_clients", "hurt_someone", "no_time", "too_difficult", "no_confidence",
         "not_enough_practice", "hurt_client"], "practice_model": "mannequin"}"""));
    forms.put("labels instead of codes", Survey.parse("""
        {"motivation": ["Новая профессия", "Помощь близким"], "fears": ["Не получится техника"],
         "experience": "professional_education"}"""));
    forms.put("strings where lists belong", Survey.parse("""
        {"motivation": "extra_income, help_family", "fears": "harm_client", "practice_model": "pets"}"""));
    forms.put("free text in lists", Survey.parse("""
        {"motivation": ["Хочу помогать людям"], "fears": ["сделать больно клиенту"],
         "motivation_other": "свой кабинет", "fears_other": "no_clients"}"""));
    forms.put("unknown codes everywhere", Survey.parse("""
        {"motivation": ["vip_lifestyle"], "target_clients": "rich_clients", "skills_wanted": "face-lifting",
         "fears": ["tax.office"], "wow_result": "paid_in_full", "practice_model": "my_cat",
         "experience": "semi_pro"}"""));
    return forms;
  }

  /** Surveys read from the original system's data, when ../shared/fixtures/original is on this machine. */
  private static Map<String, Survey> fixtureForms() throws IOException {
    Map<String, Survey> forms = new LinkedHashMap<>();
    Path root = Samples.findFixtures().orElse(null);
    if (root == null) {
      System.err.println("[persona tests] the original fixtures are not on this machine: checking written forms only");
      return forms;
    }
    JsonNode reference = Json.parse(Files.readString(root.resolve("derived-survey-reference.json")));
    int i = 0;
    for (JsonNode example : reference.get("example_payloads")) {
      forms.put("fixture example payload " + i++, Survey.fromJson(JsonValue.of(example.get("payload"))));
    }
    Path store = root.resolve("pesonalisev2/store");
    JsonNode profiles = Json.parse(Files.readString(store.resolve("user_profiles.json")));
    for (var e : profiles.properties()) {
      forms.put("user_profiles.json " + e.getKey(), Survey.fromJson(JsonValue.of(e.getValue())));
    }
    try (Stream<Path> files = Files.list(store)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.endsWith("user_profiles.json")).toList()) {
        JsonNode node = Json.parse(Files.readString(f));
        forms.put(f.getFileName().toString(), Survey.fromJson(JsonValue.of(node.has("survey") ? node.get("survey") : node)));
      }
    }
    return forms;
  }

  private static Set<String> snakeTokens(List<LlmMessage> messages) {
    Set<String> out = new TreeSet<>();
    for (LlmMessage m : messages) {
      Matcher matcher = SNAKE.matcher(m.content());
      while (matcher.find()) {
        out.add(matcher.group());
      }
    }
    return out;
  }

  @Test
  void noSurveyInAnyKnownForm_sendsACodeToTheModel_inEitherLanguage() throws IOException {
    Map<String, Survey> forms = writtenForms();
    forms.putAll(fixtureForms());
    assertThat(forms.size()).isGreaterThanOrEqualTo(7);
    for (var e : forms.entrySet()) {
      for (Prompt prompt : List.of(Prompt.russian(), Prompt.english())) {
        Profile p = Profile.of("u1", "shvz", "Алексей", e.getValue());
        List<LlmMessage> messages = prompt.messages(new PromptInput(LessonMaterial.of(LESSON, 12_000),
            LearnerCard.of(p, prompt.language()), ContentRules.defaults(prompt.language())));
        assertThat(snakeTokens(messages)).as(e.getKey() + " in " + prompt.language()).isSubsetOf(STRUCTURE);
      }
    }
  }

  @Test
  void theSeedsExampleLearner_isShownInWords_withTheirFear() {
    Survey seed = writtenForms().get("seed example");
    LearnerCard ru = LearnerCard.of(Profile.of("21179358", "shvz", "Alexey", seed), Language.RUSSIAN);
    assertThat(ru.motivation()).containsExactly("Сменить профессию", "Помочь близким");
    assertThat(ru.targetClients()).isEqualTo("Офисные работники");
    assertThat(ru.skillsWanted()).isEqualTo("Техники снятия боли");
    assertThat(ru.fears()).containsExactly("Навредить клиенту");
    assertThat(ru.wowResult()).isEqualTo("Стать экспертом в массаже");
    assertThat(ru.practiceModel()).isEqualTo("Друзья");
    LearnerCard en = LearnerCard.of(Profile.of("21179358", "shvz", "Alexey", seed), Language.ENGLISH);
    assertThat(en.targetClients()).isEqualTo("Office workers");
    assertThat(en.fears()).containsExactly("Harming a client");
    assertThat(seed.unknownCodes()).isEmpty();
  }

  @Test
  void unknownCodes_areLeftOut_andReportedByQuestion() {
    Survey s = writtenForms().get("unknown codes everywhere");
    assertThat(s.unknownCodes()).containsExactly(
        Map.entry("motivation", List.of("vip_lifestyle")),
        Map.entry("target_clients", List.of("rich_clients")),
        Map.entry("skills_wanted", List.of("face-lifting")),
        Map.entry("fears", List.of("tax.office")),
        Map.entry("wow_result", List.of("paid_in_full")),
        Map.entry("practice_model", List.of("my_cat")),
        Map.entry("experience", List.of("semi_pro")));
    LearnerCard card = LearnerCard.of(Profile.of("u", "c", null, s), Language.RUSSIAN);
    assertThat(card.motivation()).isEmpty();
    assertThat(card.targetClients()).isNull();
    assertThat(card.skillsWanted()).isNull();
    assertThat(card.practiceModel()).isNull();
  }

  @Test
  void aHostsOwnCodes_becomeLabels_onceItExtendsTheVocabulary() {
    Survey s = Survey.parse("{\"target_clients\": \"rich_clients\", \"practice_model\": \"my_cat\"}");
    SurveyVocabulary mine = SurveyVocabulary.standard().toBuilder()
        .code(Question.TARGET_CLIENTS, "rich_clients", "Состоятельные клиенты", "Wealthy clients")
        .code(Question.PRACTICE_MODEL, "my_cat", "Кошка", "My cat", "cat")
        .build();
    LearnerCard card = LearnerCard.of(Profile.of("u", "c", null, s), Language.RUSSIAN, mine);
    assertThat(card.targetClients()).isEqualTo("Состоятельные клиенты");
    assertThat(card.practiceModel()).isEqualTo("Кошка");
    assertThat(mine.unknownCodes(s)).isEmpty();
    assertThat(SurveyVocabulary.standard().unknownCodes(s)).containsOnlyKeys("target_clients", "practice_model");
    List<String> asked = new ArrayList<>();
    for (Question q : Question.values()) {
      asked.add(q.key());
    }
    assertThat(asked).contains("target_clients", "skills_wanted", "wow_result");
  }
}

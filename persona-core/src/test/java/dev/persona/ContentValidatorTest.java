package dev.persona;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.model.Language;
import dev.persona.model.PersonalizedContent;
import dev.persona.prompt.ContentRules;
import org.junit.jupiter.api.Test;

final class ContentValidatorTest {

  private static final ContentRules RU = ContentRules.defaults(Language.RUSSIAN);

  @Test
  void parse_toleratesCodeFencesAndLeadingProse() {
    String json = Samples.validJson("x");
    assertThat(ContentValidator.parse("```json\n" + json + "\n```", Language.RUSSIAN).content()).isNotNull();
    assertThat(ContentValidator.parse("Вот ответ:\n" + json + "\nГотово.", Language.RUSSIAN).content()).isNotNull();
    assertThat(ContentValidator.parse("нет json", Language.RUSSIAN).problem()).contains("JSON");
    assertThat(ContentValidator.parse("{\"summary_short\": [1]}", Language.RUSSIAN).problem()).isNotNull();
    assertThat(ContentValidator.parse("{oops}", Language.RUSSIAN).problem()).isNotNull();
  }

  @Test
  void validContent_hasNoViolations() {
    assertThat(ContentValidator.violations(Samples.validContent("x"), RU)).isEmpty();
  }

  @Test
  void eachRule_isReportedForItsField() {
    PersonalizedContent ok = Samples.validContent("x");
    assertThat(ContentValidator.violations(new PersonalizedContent(ok.summaryShort(), "", ok.quickAction(),
        ok.socialShare(), ok.homework20m(), java.util.Map.of()), RU)).containsExactly("поле why_watch пустое");
    assertThat(ContentValidator.violations(new PersonalizedContent(ok.summaryShort(), ok.whyWatch(), ok.quickAction(),
        "Поделюсь: " + "очень ".repeat(60), ok.homework20m(), java.util.Map.of()), RU))
        .singleElement().asString().startsWith("поле social_share слишком длинное");
    assertThat(ContentValidator.violations(new PersonalizedContent("This lesson teaches you the neck massage basics.",
        ok.whyWatch(), ok.quickAction(), ok.socialShare(), ok.homework20m(), java.util.Map.of()), RU))
        .containsExactly("поле summary_short написано не на русском языке");
    assertThat(ContentValidator.violations(new PersonalizedContent("Урок 17 поможет вам снять напряжение в шее.",
        ok.whyWatch(), ok.quickAction(), ok.socialShare(), ok.homework20m(), java.util.Map.of()), RU))
        .containsExactly("поле summary_short упоминает номер урока");
    assertThat(ContentValidator.violations(new PersonalizedContent(ok.summaryShort(),
        ok.whyWatch() + " Это поможет избежать harm_client.", ok.quickAction(), ok.socialShare(), ok.homework20m(),
        java.util.Map.of()), RU))
        .containsExactly("поле why_watch содержит служебный код вместо обычных слов");
  }

  @Test
  void lessonNumbers_areCaughtInTheirCommonForms() {
    for (String s : new String[] {"Урок 5 о шее", "в уроке №3 вы", "5-й урок курса", "этот 12 урок", "занятие 4"}) {
      PersonalizedContent c = new PersonalizedContent(s + " — снимаем напряжение в шее и плечах.",
          Samples.validContent("x").whyWatch(), Samples.validContent("x").quickAction(),
          Samples.validContent("x").socialShare(), Samples.validContent("x").homework20m(), java.util.Map.of());
      assertThat(ContentValidator.violations(c, RU)).as(s).contains("поле summary_short упоминает номер урока");
    }
    assertThat(ContentValidator.inLanguage("Lesson about the neck", Language.ENGLISH)).isTrue();
    assertThat(ContentValidator.inLanguage("Урок про шею и плечи, #massage", Language.RUSSIAN)).isTrue();
  }
}

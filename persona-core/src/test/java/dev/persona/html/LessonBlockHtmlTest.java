package dev.persona.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.ValidationException;
import dev.persona.model.JsonValue;
import dev.persona.model.Language;
import dev.persona.model.PersonalizedContent;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class LessonBlockHtmlTest {

  private static final String XSS = "<script>alert('x')</script>\"onmouseover=\"x";

  @Test
  void everyValueIsEscaped_inEveryField() {
    PersonalizedContent c = new PersonalizedContent(XSS, XSS + "\n" + XSS, XSS, XSS, XSS,
        Map.of("⚠️ Важно", JsonValue.fromJava(java.util.List.of(XSS)), "unknown_meta", JsonValue.string(XSS)));
    String html = LessonBlockHtml.in(Language.RUSSIAN).personalized(c);
    assertThat(html).doesNotContain("<script>").doesNotContain("\"onmouseover").doesNotContain("'x'");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;onmouseover=&quot;x");
    assertThat(html).contains("<ul class=\"persona-list\">").contains("⚠️ Важно");
  }

  @Test
  void allFiveFieldsAndTheOriginalsExtraSections_areShown() {
    PersonalizedContent c = PersonalizedContent.read(JsonValue.parse("""
        {"introduction":"intro","why_it_matters_for_you":"why","key_takeaways":["k1","k2"],
         "practical_application":"apply","addressing_fears":"fears","personalized_homework":"hw",
         "motivational_quote":"go"}"""));
    String html = LessonBlockHtml.in(Language.ENGLISH).personalized(c);
    for (String s : new String[] {"intro", "why", "k1", "k2", "apply", "fears", "hw", "go", "Key takeaways"}) {
      assertThat(html).contains(s);
    }
  }

  @Test
  void theFallbackBlock_linksTheSurveyAbsolutely_andEscapes() {
    String html = LessonBlockHtml.in(Language.RUSSIAN).fallback(XSS, XSS,
        URI.create("https://persona.example/survey?uid=%3Cscript%3E&course=a&b=\"c\"".replace("\"", "%22")));
    assertThat(html).doesNotContain("<script>").contains("href=\"https://persona.example/survey?uid=%3Cscript%3E&amp;course=a");
    assertThatThrownBy(() -> LessonBlockHtml.in(Language.RUSSIAN).fallback("t", null, URI.create("/survey/iframe")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> LessonBlockHtml.in(Language.RUSSIAN).fallback("t", null, URI.create("javascript:alert(1)")))
        .isInstanceOf(ValidationException.class);
    assertThat(LessonBlockHtml.in(Language.RUSSIAN).fallback("t", null, null)).doesNotContain("href");
  }
}

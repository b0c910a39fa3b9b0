package dev.persona.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.PersonaException;
import dev.persona.SurveySubmission;
import dev.persona.importing.CourseDocument;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Every public parser and factory, on any input: a value or a typed Persona exception; never another
 * exception type, and never a message that repeats what it was given.
 */
class ParsersProperties {

  /** A token unlikely to appear in any message by chance. */
  private static final String SECRET = "QZXV7SECRET";

  private static final List<Function<String, Object>> PARSERS = List.of(
      JsonValue::parse,
      Survey::parse,
      PersonalizedContent::parse,
      PersonalizedContent::readJson,
      text -> SurveySubmission.fromJson(JsonValue.parse(text)),
      CourseDocument::parse);

  private static void valueOrTypedError(Function<String, Object> parser, String input) {
    try {
      assertThat(parser.apply(input)).isNotNull();
    } catch (PersonaException e) {
      assertThat(e.getMessage()).isNotNull().doesNotContain(SECRET);
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        assertThat(String.valueOf(c.getMessage())).doesNotContain(SECRET);
      }
    }
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.strings().all().ofMaxLength(300).map(s -> s + SECRET);
  }

  /** JSON-shaped text: values and keys from a small alphabet that includes the secret, nested a little. */
  @Provide
  Arbitrary<String> jsonish() {
    Arbitrary<String> scalar = Arbitraries.oneOf(
        Arbitraries.of("null", "true", "1", "1.9", "1e3", "-0", "\"\"", "\"" + SECRET + "\"", SECRET, "\"\\ud800\"",
            "\"\\u0000\"", "[]", "{}", "\"harm_client\"", "\"neck\"", "3"),
        Arbitraries.strings().alpha().ofMaxLength(12).map(s -> "\"" + s + "\""));
    Arbitrary<String> key = Arbitraries.of("uid", "course", "real_name", "motivation", "fears", "target_clients",
        "wow_result", "practice_model", "first_lesson", "summary_short", "why_watch", "quick_action", "social_share",
        "homework_20m", "slug", "title", "lessons", "number", SECRET, "a", "a");
    Arbitrary<String> member = Combinators.combine(key, scalar).as((k, v) -> "\"" + k + "\":" + v);
    Arbitrary<String> object = member.list().ofMaxSize(8).map(ms -> "{" + String.join(",", ms) + "}");
    Arbitrary<String> array = object.list().ofMaxSize(3).map(os -> "[" + String.join(",", os) + "]");
    Arbitrary<String> nested = Combinators.combine(key, array).as((k, a) -> "{\"" + k + "\":" + a + "}");
    return Arbitraries.oneOf(object, nested, array, scalar)
        .flatMap(s -> Arbitraries.integers().between(0, s.length() * 5)
            .map(cut -> cut <= s.length() ? s.substring(0, cut) : s)); // a fifth are cut short
  }

  @Property
  void anyText_givesAValueOrATypedError(@ForAll("anyText") String input) {
    PARSERS.forEach(p -> valueOrTypedError(p, input));
  }

  @Property(tries = 1000)
  void jsonShapedText_givesAValueOrATypedError(@ForAll("jsonish") String input) {
    PARSERS.forEach(p -> valueOrTypedError(p, input));
  }

  @Property
  void identifiers_areAcceptedOrRefusedWithATypedError(@ForAll @StringLength(max = 300) String id,
      @ForAll @StringLength(max = 300) String slug) {
    try {
      Profile p = Profile.of(id + SECRET, "course", null, Survey.empty());
      assertThat(p.userIdentifier()).isEqualTo(id + SECRET);
      assertThat(p.userIdentifier().codePoints()).noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF);
    } catch (PersonaException e) {
      assertThat(e.getMessage()).doesNotContain(SECRET);
    }
    try {
      assertThat(Course.of(slug + SECRET, "Title").slug()).endsWith(SECRET);
    } catch (PersonaException e) {
      assertThat(e.getMessage()).doesNotContain(SECRET);
    }
  }

  @Property
  void surveyAndContentBuilders_acceptOrRefuseWithATypedError(@ForAll("anyText") String text,
      @ForAll("anyText") String item) {
    try {
      Survey.builder().wowResult(text).fears(item, text).motivation(item).practiceModel(text).build();
    } catch (PersonaException e) {
      assertThat(e.getMessage()).doesNotContain(SECRET);
    }
    try {
      PersonalizedContent.of(text, item, text, item, text);
    } catch (PersonaException e) {
      assertThat(e.getMessage()).doesNotContain(SECRET);
    }
  }

  @Property(tries = 200)
  void whatIsAccepted_roundTripsThroughItsJson(@ForAll("jsonish") String input) {
    Survey s;
    try {
      s = Survey.parse(input);
    } catch (PersonaException e) {
      return;
    }
    assertThat(Survey.fromJson(s.toJson())).isEqualTo(s);
  }

  @Property(tries = 50)
  void deepOrLongInput_isRefusedWithATypedError(@ForAll @From("depths") int depth) {
    String deep = "[".repeat(depth) + "]".repeat(depth);
    PARSERS.forEach(p -> valueOrTypedError(p, deep));
    PARSERS.forEach(p -> valueOrTypedError(p, "{\"a\":" + deep + "}"));
  }

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.integers().between(60, 5000);
  }
}

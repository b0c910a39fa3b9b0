package dev.persona.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.ValidationException;
import dev.persona.llm.TokenUsage;
import java.util.UUID;
import org.junit.jupiter.api.Test;

final class RecordValidationTest {

  private static final UUID ID = UUID.randomUUID();

  private static void rejects(Runnable r, String field) {
    assertThatThrownBy(r::run)
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).errors())
            .anySatisfy(fe -> assertThat(fe.field()).isEqualTo(field)));
  }

  @Test
  void course_requiresIdSlugAndTitle() {
    rejects(() -> new Course(null, "s", "t", null), "course.id");
    rejects(() -> new Course(ID, null, "t", null), "course.slug");
    rejects(() -> new Course(ID, " ", "t", null), "course.slug");
    rejects(() -> new Course(ID, " padded", "t", null), "course.slug");
    rejects(() -> new Course(ID, "a\nb", "t", null), "course.slug");
    rejects(() -> new Course(ID, "s".repeat(201), "t", null), "course.slug");
    rejects(() -> new Course(ID, "s", "", null), "course.title");
    assertThat(new Course(ID, "s", "t", "  ").description()).isNull();
  }

  @Test
  void lesson_requiresNumberFromOneAndObjectContent() {
    rejects(() -> Lesson.of(ID, 0, "t"), "lesson.number");
    rejects(() -> Lesson.of(ID, -3, "t"), "lesson.number");
    rejects(() -> Lesson.of(null, 1, "t"), "lesson.courseId");
    rejects(() -> Lesson.of(ID, 1, "  "), "lesson.title");
    rejects(() -> new Lesson(ID, ID, 1, "t", null, JsonValue.parse("[1]"), null), "lesson.content");
    rejects(() -> new Lesson(ID, ID, 1, "t", null, null, null), "lesson.content");
    rejects(() -> Lesson.of(ID, 1, "t").withExternalId(" x"), "lesson.externalId");
    Lesson l = Lesson.of(ID, 1, "t").withTranscript("текст");
    assertThat(l.transcript()).contains("текст");
    assertThat(Lesson.of(ID, 1, "t").transcript()).isEmpty();
  }

  @Test
  void lessonDescriptionAndAsset_validateTheirParts() {
    rejects(() -> new LessonDescription(ID, null, JsonValue.emptyObject()), "lessonDescription.lessonId");
    rejects(() -> new LessonDescription(ID, ID, null), "lessonDescription.data");
    rejects(() -> LessonAsset.of(ID, "video", "ftp://example.com/x"), "lessonAsset.url");
    rejects(() -> LessonAsset.of(ID, "video", "/relative/path"), "lessonAsset.url");
    rejects(() -> LessonAsset.of(ID, "video", "javascript:alert(1)"), "lessonAsset.url");
    rejects(() -> LessonAsset.of(ID, "", "https://example.com"), "lessonAsset.assetType");
    assertThat(LessonAsset.of(ID, "video", "https://kinescope.io/abc").metadata()).isEqualTo(JsonValue.emptyObject());
  }

  @Test
  void profile_requiresUserAndCourse_andDropsABlankName() {
    rejects(() -> Profile.of(null, "c", null, Survey.empty()), "profile.userIdentifier");
    rejects(() -> Profile.of("u", "", null, Survey.empty()), "profile.courseSlug");
    rejects(() -> Profile.of("u", "c", null, null), "profile.survey");
    rejects(() -> Profile.of("u", "c", "x".repeat(201), Survey.empty()), "profile.name");
    assertThat(Profile.of("u", "c", "   ", Survey.empty()).name()).isNull();
    assertThat(Profile.of("u", "c", " Анна ", Survey.empty()).name()).isEqualTo("Анна");
  }

  @Test
  void profile_toString_showsNoNameOrAnswers() {
    Profile p = Profile.of("u1", "c", "Секретное Имя", Survey.builder().wowResult("тайна").build());
    assertThat(p.toString()).contains("u1").doesNotContain("Секретное").doesNotContain("тайна");
  }

  @Test
  void personalization_requiresItsParts() {
    PersonalizedContent c = PersonalizedContent.of("a", "b", "c", "d", "e");
    rejects(() -> new Personalization(ID, null, ID, c, PersonalizationStatus.EDITED, null, null), "personalization.profileId");
    rejects(() -> new Personalization(ID, ID, ID, null, PersonalizationStatus.EDITED, null, null), "personalization.content");
    rejects(() -> new Personalization(ID, ID, ID, c, null, null, null), "personalization.status");
    assertThat(Personalization.edited(ID, ID, c).status()).isEqualTo(PersonalizationStatus.EDITED);
  }

  @Test
  void provenanceAndStatus_validate() {
    rejects(() -> new Provenance("", "m", "v", TokenUsage.ZERO), "provenance.fingerprint");
    rejects(() -> new Provenance("f", "m", "v", null), "provenance.usage");
    assertThat(PersonalizationStatus.fromCode("degraded")).isEqualTo(PersonalizationStatus.DEGRADED);
    rejects(() -> PersonalizationStatus.fromCode("final"), "status");
  }


  @Test
  void jsonValue_neverExposesItsTree() {
    JsonValue v = JsonValue.parse("{\"a\":{\"b\":[1]}}");
    var tree = v.toTree();
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("a", "changed");
    assertThat(v.toJson()).isEqualTo("{\"a\":{\"b\":[1]}}");
    @SuppressWarnings("unchecked")
    var map = (java.util.Map<String, Object>) v.toJava();
    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(JsonValue.parse("{\"b\":1,\"a\":2}")).isEqualTo(JsonValue.parse("{\"a\":2,\"b\":1}"));
  }

  @Test
  void jsonValue_rejectsBadText_withoutEchoingIt() {
    assertThatThrownBy(() -> JsonValue.parse("{\"secret\": tru"))
        .isInstanceOf(ValidationException.class)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> JsonValue.parse("{\"a\":1,\"a\":2}")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> JsonValue.parse(null)).isInstanceOf(ValidationException.class);
  }

  @Test
  void publicHelpers_refuseNullWithATypedError() {
    assertThatThrownBy(() -> dev.persona.html.LessonBlockHtml.escape(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> SurveyVocabulary.standard().canonical(SurveyVocabulary.Question.FEARS, null))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> SurveyVocabulary.looksLikeCode(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> JsonValue.string(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> JsonValue.emptyObject().with(null, JsonValue.emptyObject())).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> PersonalizedContent.readJson(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> Survey.parse(null)).isInstanceOf(ValidationException.class);
  }
}

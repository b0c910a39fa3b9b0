package dev.persona.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.Samples;
import dev.persona.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

final class PersonalizedContentTest {

  private static JsonValue read(Path p) throws IOException {
    return JsonValue.parse(Files.readString(p));
  }

  @Test
  void json_usesTheSeedsKeys_andRoundTripsUnknownKeys() {
    String json = "{\"summary_short\":\"a\",\"why_watch\":\"b\",\"quick_action\":\"c\",\"social_share\":\"d\","
        + "\"homework_20m\":\"e\",\"prev_lessons\":\"p\",\"meta\":{\"v\":[1,true]}}";
    PersonalizedContent c = PersonalizedContent.parse(json);
    assertThat(c.summaryShort()).isEqualTo("a");
    assertThat(c.homework20m()).isEqualTo("e");
    assertThat(c.extras()).containsOnlyKeys("prev_lessons", "meta");
    assertThat(c.toJson().toJson()).isEqualTo(json);
    assertThat(PersonalizedContent.fromJson(c.toJson())).isEqualTo(c);
  }

  @Test
  void readJson_streamingPath_agreesWithTheTreeReader() {
    for (String json : new String[] {
        "{\"summary_short\":\"a\",\"why_watch\":\"b\",\"quick_action\":\"c\",\"social_share\":\"d\",\"homework_20m\":\"e\"}",
        "{\"homework_20m\":\"e 👋\",\"summary_short\":\"a\\n\\\"q\\\"\"}",
        "{\"summary_short\":\"a\",\"prev_lessons\":\"p\"}",
        "{\"introduction\":\"i\",\"key_takeaways\":[\"k\"]}",
        "{\"summary_short\":{\"nested\":true}}",
        "{}"}) {
      assertThat(PersonalizedContent.readJson(json)).as(json).isEqualTo(PersonalizedContent.read(JsonValue.parse(json)));
    }
    assertThatThrownBy(() -> PersonalizedContent.readJson("{\"summary_short\":\"a\",\"summary_short\":\"b\"}"))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> PersonalizedContent.readJson("{\"summary_short\":\"a\"} trailing"))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void fromJson_rejectsANonStringField_andNonObjects() {
    assertThatThrownBy(() -> PersonalizedContent.parse("{\"homework_20m\":{\"steps\":[]}}"))
        .isInstanceOf(ValidationException.class).hasMessageContaining("content.homework_20m");
    assertThatThrownBy(() -> PersonalizedContent.parse("[]")).isInstanceOf(ValidationException.class);
  }

  @Test
  void completeness_isReportedPerField() {
    PersonalizedContent partial = PersonalizedContent.parse("{\"summary_short\":\"a\",\"why_watch\":\" \"}");
    assertThat(partial.isComplete()).isFalse();
    assertThat(partial.missingFields()).containsExactly("why_watch", "quick_action", "social_share", "homework_20m");
    assertThatThrownBy(partial::requireComplete).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).errors()).hasSize(4));
  }

  @Test
  void oversizedContent_isRefusedWithAClearError() {
    String megabyte = "я".repeat(1_000_000);
    assertThatThrownBy(() -> PersonalizedContent.of(megabyte, "b", "c", "d", "e"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("content.summary_short")
        .hasMessageContaining("limit is " + PersonalizedContent.MAX_FIELD_LENGTH);
    assertThatThrownBy(() -> new PersonalizedContent("a", "b", "c", "d", "e",
        java.util.Map.of("blob", JsonValue.string(megabyte))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("limit is " + PersonalizedContent.MAX_EXTRAS_LENGTH);
  }

  @Test
  void toString_showsLengthsNotText() {
    assertThat(PersonalizedContent.of("тайна", "b", "c", "d", "e").toString()).doesNotContain("тайна");
  }

  @Test
  void read_engineSevenSectionFormat_mapsAndKeepsTheRest() {
    JsonValue engine = JsonValue.parse("""
        {"introduction":"Анна, в этом уроке...","why_it_matters_for_you":"Потому что...",
         "key_takeaways":["Вы узнаете А","Вы научитесь Б"],"practical_application":"Примените...",
         "addressing_fears":"Не бойтесь...","personalized_homework":"Сделайте...","motivational_quote":"Вперёд!"}""");
    PersonalizedContent c = PersonalizedContent.read(engine);
    assertThat(c.isComplete()).isTrue();
    assertThat(c.summaryShort()).isEqualTo("Анна, в этом уроке...");
    assertThat(c.whyWatch()).isEqualTo("Потому что...");
    assertThat(c.quickAction()).isEqualTo("Примените...");
    assertThat(c.socialShare()).isEqualTo("Вперёд!");
    assertThat(c.homework20m()).isEqualTo("Сделайте...");
    assertThat(c.extras()).containsOnlyKeys("key_takeaways", "addressing_fears");
  }

  @Test
  void read_englishTemplateAndDefaultDescriptionFormats_map() {
    PersonalizedContent t = PersonalizedContent.read(JsonValue.parse("""
        {"introduction":"i","key_points":["k1","k2"],"practical_tips":["t1"],"important_notes":["n"],
         "equipment_preparation":"e","homework":"h","motivational_line":"_m_"}"""));
    assertThat(t.whyWatch()).isEqualTo("k1\nk2");
    assertThat(t.quickAction()).isEqualTo("t1");
    assertThat(t.socialShare()).isEqualTo("m");
    assertThat(t.extras()).containsOnlyKeys("important_notes", "equipment_preparation");
    PersonalizedContent d = PersonalizedContent.read(JsonValue.parse("""
        {"introduction":"i","what_you_will_learn":["w"],"practical_benefits":"b","key_techniques":["k"],
         "equipment_needed":"e","homework":"h","motivational_note":"m"}"""));
    assertThat(d.isComplete()).isTrue();
    assertThat(d.whyWatch()).isEqualTo("b");
    assertThat(d.extras()).containsOnlyKeys("what_you_will_learn", "equipment_needed");
  }

  @Test
  void read_emojiBackupWithVariantMotivationKey_keepsWarningsAndEquipment() throws IOException {
    Path f = Samples.fixtures().resolve("pesonalisev2/store/shvz/1-1-f9b62dc5-9b76-491d-8b9b-2b72411df740-final-backup.json");
    PersonalizedContent c = PersonalizedContent.read(read(f));
    assertThat(c.isComplete()).isTrue();
    assertThat(c.summaryShort()).startsWith("На этом уроке вы увидите демонстрацию");
    assertThat(c.whyWatch().lines()).hasSize(5);
    assertThat(c.socialShare()).isEqualTo("Каждый шаг в изучении массажа приближает вас к мастерству.");
    assertThat(c.extras()).containsOnlyKeys("⚠️ Важно", "🧰 Инвентарь и подготовка");
  }

  @Test
  void read_wrappedLessonJsonTemplate_unwraps() throws IOException {
    Path f = Samples.fixtures().resolve("pesonalisev2/store/shvz/lessons/01/lesson.json");
    JsonValue lessonJson = read(f);
    PersonalizedContent c = PersonalizedContent.read(lessonJson.get("description").orElseThrow());
    assertThat(c.isComplete()).isTrue();
    assertThat(c.socialShare()).doesNotStartWith("*");
  }

  @Test
  void read_everyStoredFormatOfTheOriginalSystem_losesNothing() throws IOException {
    Path root = Samples.fixtures();
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith("-final.json") || p.toString().endsWith("-final-backup.json")
          || p.toString().endsWith("-template.json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(31);
    for (Path f : files) {
      JsonValue original = read(f);
      PersonalizedContent c = PersonalizedContent.read(original);
      assertThat(c.summaryShort()).as(f.toString()).isNotBlank();
      assertThat(c.whyWatch()).as(f.toString()).isNotBlank();
      assertThat(c.homework20m()).as(f.toString()).isNotBlank();
      // every original key is either mapped onto a field or kept as an extra
      int mapped = (int) PersonalizedContent.KEYS.stream().filter(k -> !c.field(k).isBlank()).count();
      assertThat(mapped + c.extras().size()).as(f.toString()).isEqualTo(original.keys().size());
    }
  }

  @Test
  void read_legacyFilesOfThePhpSystem_keepPrevLessons() throws IOException {
    Path f = Samples.fixtures().resolve("personalize/store/shvz/2-c8a90762-6fca-47a8-80c3-5f454ae05273-final.json");
    PersonalizedContent c = PersonalizedContent.read(read(f));
    assertThat(c.isComplete()).isTrue();
    assertThat(c.extras()).containsOnlyKeys("prev_lessons");
    assertThat(PersonalizedContent.fromJson(read(f))).isEqualTo(c);
  }
}

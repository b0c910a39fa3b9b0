package dev.persona;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.LessonResult.Outcome;
import dev.persona.internal.Json;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.prompt.LessonMaterial;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The engine on the original massage course: 12 real transcripts, real learners' surveys. */
final class RealCourseTest {

  private static final Pattern CODE = Pattern.compile("\\b[a-z]+_[a-z_]+\\b");

  @Test
  void everyRealLearner_getsTwelveValidLessons_onTheFirstAttempt() throws IOException {
    Path root = Samples.fixtures();
    JsonNode index = Json.parse(Files.readString(root.resolve("derived-shvz-lesson-index.json")));
    InMemoryPersonaStore store = new InMemoryPersonaStore();
    Course course = Course.of(index.get("course").get("db_slug").asText(), index.get("course").get("title_course_json").asText());
    store.saveCourse(course);
    for (JsonNode l : index.get("lessons")) {
      String transcript = Files.readString(root.resolve(l.get("transcript_file").asText())).strip();
      store.saveLesson(Lesson.of(course.id(), l.get("lesson_number").asInt(), l.get("video_title").asText())
          .withTranscript(transcript).withExternalId(l.get("kinescope_video_uuid").asText()));
    }
    JsonNode profiles = Json.parse(Files.readString(root.resolve("pesonalisev2/store/user_profiles.json")));
    int learners = 0;
    for (Map.Entry<String, JsonNode> e : profiles.properties()) {
      store.saveProfile(Profile.of(e.getKey(), course.slug(), e.getValue().path("name").asText(null),
          Survey.fromJson(JsonValue.of(e.getValue()))));
      learners++;
    }
    try (PersonalizationService service = PersonalizationService.builder().store(store)
        .provider(new TemplateLlmProvider()).maxConcurrency(8).build()) {
      var reports = service.regenerateCourseAsync(course.slug(), RegenerateOptions.defaults()).join();
      assertThat(reports).hasSize(learners);
      int skipped = 0;
      for (RegenerationReport r : reports) {
        if (store.findProfile(r.profileId()).orElseThrow().survey().isBlank()) {
          // the original system's "guest" profiles answered none of the six questions
          assertThat(r.count(Outcome.SKIPPED)).as(r.userIdentifier()).isEqualTo(12);
          skipped++;
          continue;
        }
        assertThat(r.count(Outcome.GENERATED)).as(r.userIdentifier()).isEqualTo(12);
        assertThat(r.attempts()).as("no re-asks for " + r.userIdentifier()).isEqualTo(12);
        for (Personalization p : store.personalizations(r.profileId())) {
          String all = String.join("\n", dev.persona.model.PersonalizedContent.KEYS.stream()
              .map(k -> p.content().field(k)).toList());
          assertThat(CODE.matcher(all).find()).as("raw code in " + all).isFalse();
          assertThat(all).doesNotContainIgnoringCase("урок 1").doesNotContain("Friend");
        }
      }
      assertThat(skipped).isLessThan(learners / 2);
    }
    // the longest transcript (31k characters) is cut to the budget
    Lesson longest = store.lessons(course.id()).stream()
        .max((a, b) -> Integer.compare(a.transcript().orElse("").length(), b.transcript().orElse("").length()))
        .orElseThrow();
    LessonMaterial m = LessonMaterial.of(longest, LessonMaterial.DEFAULT_BUDGET);
    assertThat(m.transcriptLength()).isEqualTo(31_099);
    assertThat(m.transcript()).hasSizeLessThanOrEqualTo(LessonMaterial.DEFAULT_BUDGET);
  }
}

package dev.persona.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.PersonalizationService;
import dev.persona.RegenerationReport;
import dev.persona.Submission;
import dev.persona.SurveySubmission;
import dev.persona.importing.CourseDocument;
import dev.persona.importing.CourseImporter;
import dev.persona.importing.ImportReport;
import dev.persona.model.JsonValue;
import dev.persona.model.PersonalizedLesson;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Imports the original system's 12-lesson massage course from its real transcripts, twice (the
 * second import changes nothing), then onboards one real learner's survey.
 *
 * <p>It reads {@code ../shared/fixtures/original} (or {@code PERSONA_FIXTURES}): the derived lesson
 * index maps each lesson number to its video id, its transcript file and the base description
 * that really belongs to it (the original attached most of them to the wrong lessons).
 *
 * <pre>mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.persona.examples.ImportRealCourse</pre>
 */
public final class ImportRealCourse {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImportRealCourse() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws IOException if a fixture cannot be read
   */
  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Optional<Path> fixtures = fixtures();
    if (fixtures.isEmpty()) {
      out.println("The original fixtures are not on this machine (../shared/fixtures/original); set PERSONA_FIXTURES.");
      return;
    }
    run(fixtures.get(), new InMemoryPersonaStore(), out);
  }

  static Optional<Path> fixtures() {
    String env = System.getenv("PERSONA_FIXTURES");
    if (env != null && Files.isDirectory(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("shared/fixtures/original"))) {
        return Optional.of(p.resolve("shared/fixtures/original"));
      }
    }
    return Optional.empty();
  }

  /** Builds the import document from the fixtures' lesson index. */
  static CourseDocument document(Path root) throws IOException {
    JsonNode index = JSON.readTree(Files.readString(root.resolve("derived-shvz-lesson-index.json")));
    ObjectNode doc = JSON.createObjectNode();
    doc.put("slug", index.path("course").path("db_slug").asText());
    doc.put("title", index.path("course").path("title_course_json").asText());
    ArrayNode lessons = doc.putArray("lessons");
    for (JsonNode l : index.path("lessons")) {
      ObjectNode lesson = lessons.addObject();
      String uuid = l.path("kinescope_video_uuid").asText();
      lesson.put("key", uuid);
      lesson.put("number", l.path("lesson_number").asInt());
      lesson.put("title", l.path("lesson_json_title").asText().replaceAll("[.+\\s]+$", ""));
      lesson.put("transcript", Files.readString(root.resolve(l.path("transcript_file").asText())).strip());
      lesson.putObject("content").put("kinescope_play_link_id", l.path("kinescope_play_link_id").asText());
      JsonNode description = JSON.readTree(Files.readString(root.resolve(
          l.path("legacy_description_file_correctly_keyed_by_uuid").asText())));
      lesson.set("description", description);
      lesson.put("summary", description.path("summary_short").asText());
      ObjectNode video = lesson.putArray("assets").addObject();
      video.put("type", "video");
      video.put("url", "https://kinescope.io/" + uuid);
      video.putObject("metadata").put("duration_s", l.path("video_duration_s").asDouble());
    }
    return CourseDocument.fromJson(JsonValue.of(doc));
  }

  static ImportReport[] run(Path root, PersonaStore store, PrintStream out) throws IOException {
    CourseDocument doc = document(root);
    CourseImporter importer = new CourseImporter(store);
    ImportReport first = importer.importCourse(doc);
    out.printf("First import of '%s': %d created, %d updated, %d unchanged%n", doc.slug(),
        first.count(ImportReport.Change.CREATED), first.count(ImportReport.Change.UPDATED),
        first.count(ImportReport.Change.UNCHANGED));
    ImportReport second = importer.importCourse(doc);
    out.printf("Second import: changed anything? %s (%d unchanged)%n", second.changedAnything(),
        second.count(ImportReport.Change.UNCHANGED));

    JsonNode learner = JSON.readTree(Files.readString(root.resolve("pesonalisev2/store/21179358.json")));
    ObjectNode body = ((ObjectNode) learner.path("survey")).deepCopy();
    body.put("uid", learner.path("user_id").asText());
    body.put("real_name", learner.path("name").asText());
    body.put("course", doc.slug());
    try (PersonalizationService service = PersonalizationService.builder().store(store)
        .provider(new TemplateLlmProvider()).maxConcurrency(4).build()) {
      Submission s = service.submitSurvey(SurveySubmission.fromJson(JsonValue.of(body)));
      RegenerationReport r = s.report().join();
      out.println("Learner " + s.profile().userIdentifier() + ": " + r.counts());
      for (PersonalizedLesson l : service.personalizedCourse(s.profile().userIdentifier(), doc.slug()).orElseThrow().lessons()) {
        out.printf("%2d. %-45s %s%n", l.number(), l.title().length() > 45 ? l.title().substring(0, 44) + "…" : l.title(),
            l.findPersonalization().map(p -> p.content().summaryShort()).orElse("-"));
      }
    }
    return new ImportReport[] {first, second};
  }
}

package dev.persona.examples.boot;

import dev.persona.SurveySubmission;
import dev.persona.importing.CourseDocument;
import dev.persona.importing.CourseImporter;
import dev.persona.links.LessonLink;
import dev.persona.links.LessonLinkSigner;
import dev.persona.model.JsonValue;
import dev.persona.model.Profile;
import dev.persona.store.PersonaStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** With the {@code demo} profile: the sample course, one learner, and a link to try. */
@Component
@org.springframework.context.annotation.Profile("demo")
final class DemoData implements ApplicationRunner {

  private final PersonaStore store;
  private final LessonLinkSigner signer;
  private final Environment environment;

  DemoData(PersonaStore store, LessonLinkSigner signer, Environment environment) {
    this.store = store;
    this.signer = signer;
    this.environment = environment;
  }

  @Override
  public void run(ApplicationArguments args) {
    new CourseImporter(store).importCourse(CourseDocument.parse(resource("demo/neck-massage.course.json")));
    SurveySubmission marina = SurveySubmission.fromJson(JsonValue.parse(resource("demo/marina.survey.json")));
    if (store.findProfile(marina.userIdentifier(), marina.courseSlug()).isEmpty()) {
      store.saveProfile(Profile.of(marina.userIdentifier(), marina.courseSlug(), marina.name(), marina.survey()));
    }
    LessonLink link = signer.sign(marina.userIdentifier(), marina.courseSlug(), 1, Duration.ofHours(12));
    String port = environment.getProperty("local.server.port", "8080");
    System.out.println("Persona HTTP API (demo) on http://127.0.0.1:" + port);
    System.out.println("Try: curl -s -X POST http://127.0.0.1:" + port + "/api/persona/block -H 'Content-Type: application/json' "
        + "-d '{\"user_id\":\"" + link.userId() + "\",\"course\":\"" + link.courseSlug() + "\",\"lesson\":1,\"expires\":"
        + link.expires() + ",\"signature\":\"" + link.signature() + "\"}'");
  }

  private static String resource(String name) {
    try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing demo resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

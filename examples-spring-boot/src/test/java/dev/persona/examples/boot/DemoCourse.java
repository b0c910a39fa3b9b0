package dev.persona.examples.boot;

import dev.persona.importing.CourseDocument;
import dev.persona.importing.CourseImporter;
import dev.persona.model.Course;
import dev.persona.store.PersonaStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The demo profile's sample course (the CLI's), imported the way the demo imports it. */
final class DemoCourse {

  static final String SLUG = "neck-massage";

  private DemoCourse() {}

  static Course install(PersonaStore store) throws IOException {
    try (InputStream in = DemoCourse.class.getClassLoader().getResourceAsStream("demo/neck-massage.course.json")) {
      if (in == null) {
        throw new IllegalStateException("demo/neck-massage.course.json is not on the classpath");
      }
      new CourseImporter(store).importCourse(CourseDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    return store.findCourse(SLUG).orElseThrow();
  }
}

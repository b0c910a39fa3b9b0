package dev.persona.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.persona.importing.CourseDocument;
import dev.persona.importing.CourseImporter;
import dev.persona.importing.ImportReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Import a course document (JSON): the course and its lessons, created or"
    + " updated in place in one transaction. Importing the same file again changes nothing.")
final class ImportCommand extends CliCommand {

  @Mixin Database database = new Database();

  @Parameters(index = "0", paramLabel = "COURSE_JSON", description = "The course document, for example samples/neck-massage.course.json.")
  Path file = Path.of("");

  @Override
  public Integer call() {
    CourseDocument doc;
    try {
      doc = CourseDocument.fromJson(Files.json(file));
    } catch (dev.persona.ValidationException e) {
      throw new CliException(PersonaCli.USAGE, file + ": " + e.getMessage());
    }
    try (HikariDataSource pool = database.open(cli().env)) {
      ImportReport r = new CourseImporter(database.store(pool)).importCourse(doc);
      cli().console().line("Course '" + doc.slug() + "': " + (r.courseCreated() ? "created" : r.courseUpdated() ? "updated"
          : "unchanged") + "; lessons " + counts(r) + ". Next: `persona learner <survey.json>`, then"
          + " `persona regenerate --course " + doc.slug() + "`.");
      return PersonaCli.OK;
    }
  }

  private static String counts(ImportReport r) {
    StringBuilder b = new StringBuilder();
    for (ImportReport.Change c : ImportReport.Change.values()) {
      long n = r.count(c);
      if (n > 0) {
        b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(c.name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    return b.length() == 0 ? "none" : b.toString();
  }
}

package dev.persona.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.persona.NotFoundException;
import dev.persona.SurveySubmission;
import dev.persona.model.Profile;
import dev.persona.store.MissingReferenceException;
import dev.persona.store.PersonaStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "learner", description = "Add or update a learner from a survey in the original system's form"
    + " ({\"uid\", \"course\", \"real_name\", and the answers}). Nothing is generated yet: run `persona regenerate`.")
final class LearnerCommand extends CliCommand {

  @Mixin Database database = new Database();

  @Parameters(index = "0", paramLabel = "SURVEY_JSON", description = "The survey, for example samples/marina.survey.json.")
  Path file = Path.of("");

  @Override
  public Integer call() {
    SurveySubmission s;
    try {
      s = SurveySubmission.fromJson(Files.json(file));
    } catch (dev.persona.ValidationException e) {
      throw new CliException(PersonaCli.USAGE, file + ": " + e.getMessage());
    }
    try (HikariDataSource pool = database.open(cli().env)) {
      PersonaStore store = database.store(pool);
      if (store.findCourse(s.courseSlug()).isEmpty()) {
        throw new NotFoundException("no course '" + s.courseSlug() + "'");
      }
      Profile stored;
      try {
        stored = store.saveProfile(Profile.of(s.userIdentifier(), s.courseSlug(), s.name(), s.survey()));
      } catch (MissingReferenceException e) {
        throw new NotFoundException("no course '" + s.courseSlug() + "'");
      }
      s.survey().unknownCodes().forEach((q, codes) -> cli().console().line("Note: answers to '" + q
          + "' look like codes the vocabulary does not know and are left out of prompts: " + codes));
      cli().console().line("Learner '" + stored.userIdentifier() + "' saved for course '" + stored.courseSlug()
          + "'. Next: `persona regenerate --course " + stored.courseSlug() + " --user " + stored.userIdentifier() + "`.");
      return PersonaCli.OK;
    }
  }
}

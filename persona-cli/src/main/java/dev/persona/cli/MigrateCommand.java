package dev.persona.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.persona.jdbc.PersonaMigrations;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", description = "Create or upgrade Persona's tables (safe to repeat). A schema holding the"
    + " original system's tables is adopted: what it lacks is added, and no row is lost.")
final class MigrateCommand extends CliCommand {

  @Mixin Database database = new Database();

  @Option(names = "--lock-timeout", defaultValue = "10s",
      description = "How long a migration may wait for a busy table, e.g. 10s or 500ms (default: ${DEFAULT-VALUE}).")
  String lockTimeout = "10s";

  @Override
  public Integer call() {
    Duration timeout = Durations.parse(lockTimeout, "--lock-timeout");
    try (HikariDataSource pool = database.open(cli().env)) {
      PersonaMigrations.Result r = PersonaMigrations.migrate(pool, database.schema, timeout);
      var out = cli().console();
      if (!r.reconciled().isEmpty()) {
        out.line("Adopted the original system's tables; added what they lacked: " + String.join("; ", r.reconciled()));
      }
      out.line("Schema '" + r.schema() + "' is at version " + r.version()
          + (r.applied().isEmpty() ? " (nothing to do)" : " (applied " + String.join(", ", r.applied()) + ")")
          + ". Next: `persona import <course.json>`.");
      return PersonaCli.OK;
    }
  }
}

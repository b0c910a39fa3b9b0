package dev.persona.cli;

import dev.persona.NotFoundException;
import dev.persona.ValidationException;
import dev.persona.jdbc.MigrationLockTimeoutException;
import dev.persona.jdbc.SchemaConflictException;
import dev.persona.store.StoreException;
import dev.persona.store.StoreUnavailableException;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code persona} command: sets up a PostgreSQL database for Persona, imports a course, adds
 * learners, and personalizes their lessons.
 *
 * <pre>
 * java -jar persona-cli-0.1.0-SNAPSHOT-all.jar migrate --jdbc-url jdbc:postgresql://localhost/persona?user=persona
 * java -jar persona-cli-0.1.0-SNAPSHOT-all.jar --help
 * </pre>
 */
@Command(
    name = "persona",
    mixinStandardHelpOptions = true,
    version = "persona 0.1.0-SNAPSHOT",
    description = "Personalized lesson descriptions for every learner, on PostgreSQL. Start with `persona migrate`,"
        + " then `persona import <course.json>`, `persona learner <survey.json>` and `persona regenerate`.",
    subcommands = {MigrateCommand.class, ImportCommand.class, LearnerCommand.class, RegenerateCommand.class,
        AdoptCommand.class, RunCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:done: every lesson generated, unchanged, kept or skipped",
      " 1:some lessons failed, were stored degraded or were not sent (the rest is stored)",
      " 2:invalid command line or input file",
      " 3:the course or the learner does not exist",
      " 4:the database is unreachable, not migrated, or cannot be migrated as it is",
      " 5:the provider is misconfigured (for example no API key)"})
public final class PersonaCli implements Runnable {

  static final int OK = 0;
  static final int LESSONS_FAILED = 1;
  static final int USAGE = 2;
  static final int NOT_FOUND = 3;
  static final int DATABASE = 4;
  static final int PROVIDER = 5;

  @Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Also print informational logs.")
  boolean verbose;

  @Option(names = "--no-progress", scope = CommandLine.ScopeType.INHERIT, description = "No progress bar.")
  boolean noProgress;

  final Function<String, @Nullable String> env;
  private @Nullable Console console;

  PersonaCli(Function<String, @Nullable String> env) {
    this.env = env;
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments; {@code --help} lists them
   */
  @SuppressWarnings("SystemConsoleNull") // the CLI targets Java 17, where no console means no terminal
  public static void main(String[] args) {
    System.exit(commandLine(System::getenv, System.console() != null).execute(args));
  }

  static CommandLine commandLine(Function<String, @Nullable String> env, boolean terminal) {
    PersonaCli root = new PersonaCli(env);
    CommandLine cl = new CommandLine(root);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionStrategy(parsed -> {
      CommandLine sub = parsed.subcommand() != null ? parsed.subcommand().commandSpec().commandLine() : cl;
      root.console = new Console(sub.getErr(), terminal && !root.noProgress);
      root.console.captureLogs(root.verbose);
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      PrintWriter err = line.getErr();
      Failure f = explain(e);
      err.println("persona: " + f.message());
      err.flush();
      return f.exitCode();
    });
    return cl;
  }

  @Override
  public void run() {
    Objects.requireNonNull(spec, "picocli injects the spec").commandLine().usage(
        Objects.requireNonNull(spec).commandLine().getOut());
  }

  Console console() {
    return Objects.requireNonNull(console, "set when a command runs");
  }

  private record Failure(int exitCode, String message) {}

  /** Every failure gets an exit code and a message that says what to do next; none a stack trace. */
  private static Failure explain(Exception e) {
    if (e instanceof CliException c) {
      return new Failure(c.exitCode(), String.valueOf(c.getMessage()));
    }
    if (e instanceof NotFoundException n) {
      return new Failure(NOT_FOUND, n.getMessage() + ". Import a course with `persona import <course.json>`; add a"
          + " learner with `persona learner <survey.json>`.");
    }
    if (e instanceof ValidationException v) {
      return new Failure(USAGE, String.valueOf(v.getMessage()));
    }
    if (e instanceof SchemaConflictException s) {
      return new Failure(DATABASE, String.valueOf(s.getMessage()));
    }
    if (e instanceof MigrationLockTimeoutException m) {
      return new Failure(DATABASE, String.valueOf(m.getMessage()));
    }
    if (e instanceof StoreUnavailableException u) {
      return new Failure(DATABASE, "the database is unreachable: " + u.getMessage());
    }
    if (e instanceof StoreException s) {
      return new Failure(DATABASE, String.valueOf(s.getMessage()));
    }
    return new Failure(USAGE, "unexpected " + e.getClass().getName() + " (run with --verbose for logs)");
  }
}

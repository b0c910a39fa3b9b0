package dev.persona.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ParentCommand;

/** A subcommand of {@link PersonaCli}: returns its exit code, and reaches the shared console and environment. */
abstract class CliCommand implements Callable<Integer> {

  @ParentCommand @Nullable PersonaCli parent;

  PersonaCli cli() {
    return Objects.requireNonNull(parent, "picocli injects the parent command");
  }
}

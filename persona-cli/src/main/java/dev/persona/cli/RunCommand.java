package dev.persona.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.persona.NotFoundException;
import dev.persona.PersonalizationService;
import dev.persona.ValidationException;
import dev.persona.jobs.Budget;
import dev.persona.jobs.CourseRuns;
import dev.persona.jobs.Price;
import dev.persona.jobs.PriceTable;
import dev.persona.jobs.RunEstimate;
import dev.persona.jobs.RunOptions;
import dev.persona.jobs.RunState;
import dev.persona.jobs.RunStatus;
import dev.persona.store.PersonaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code persona run}: course runs shared by every node (persona-jobs). */
@Command(name = "run", description = "Course runs that every node shares: start one, work on runs, watch one, cancel one.",
    subcommands = {RunCommand.Start.class, RunCommand.Worker.class, RunCommand.Status.class, RunCommand.Cancel.class})
final class RunCommand implements Runnable {

  @ParentCommand @Nullable PersonaCli parent;

  PersonaCli cli() {
    return Objects.requireNonNull(parent, "picocli injects the parent command");
  }

  @Override
  public void run() {
    throw new CliException(PersonaCli.USAGE, "say what to do: persona run start | worker | status | cancel");
  }

  /** What every run subcommand shares: the database, the provider, prices. */
  abstract static class Sub implements java.util.concurrent.Callable<Integer> {
    @ParentCommand @Nullable RunCommand run;
    @Mixin Database database = new Database();
    @Mixin ProviderOptions provider = new ProviderOptions();

    @Option(names = "--price", description = "A model's price in dollars per million tokens, input,cached,output;"
        + " repeatable. For example --price gpt-4o-mini=0.15,0.075,0.60")
    List<String> prices = new ArrayList<>();

    @Option(names = "--batch-price", description = "A model's price through the batch API, like --price; repeatable.")
    List<String> batchPrices = new ArrayList<>();

    PersonaCli cli() {
      return Objects.requireNonNull(run, "picocli injects the parent command").cli();
    }

    PriceTable priceTable() {
      PriceTable.Builder b = PriceTable.builder();
      for (String p : prices) {
        Price price = price(p, "--price");
        b.price(p.substring(0, p.indexOf('=')), price);
      }
      for (String p : batchPrices) {
        Price price = price(p, "--batch-price");
        b.batchPrice(p.substring(0, p.indexOf('=')), price);
      }
      return b.build();
    }

    private static Price price(String p, String option) {
      int eq = p.indexOf('=');
      String[] parts = eq < 1 ? new String[0] : p.substring(eq + 1).split(",", -1);
      if (parts.length != 3) {
        throw new CliException(PersonaCli.USAGE, option + " must look like model=input,cached,output");
      }
      try {
        return Price.of(parts[0].strip(), parts[1].strip(), parts[2].strip());
      } catch (ValidationException e) {
        throw new CliException(PersonaCli.USAGE, option + ": " + e.getMessage());
      }
    }

    int withRuns(RunsWork work) {
      try (HikariDataSource pool = database.open(cli().env)) {
        PersonaStore store = database.store(pool);
        try (PersonalizationService service = provider.service(store, cli().env);
            CourseRuns runs = CourseRuns.builder().dataSource(pool).schema(database.schema).service(service)
                .prices(priceTable()).batchProvider(provider.batchProvider(cli().env)).build()) {
          return work.run(runs, service);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return PersonaCli.OK;
        } catch (NotFoundException e) {
          throw new CliException(PersonaCli.NOT_FOUND, String.valueOf(e.getMessage()));
        }
      }
    }

    /** The body of a subcommand. */
    interface RunsWork {
      int run(CourseRuns runs, PersonalizationService service) throws InterruptedException;
    }

    static UUID runId(String text) {
      try {
        return UUID.fromString(text.strip());
      } catch (IllegalArgumentException e) {
        throw new CliException(PersonaCli.USAGE, "a run id looks like 6f1c2d3e-...; `persona run start` prints it");
      }
    }
  }

  @Command(name = "start", description = "Start a run over every learner of a course; any worker node does the work."
      + " --dry-run estimates calls, tokens and cost instead.")
  static final class Start extends Sub {
    @Option(names = "--course", required = true, description = "Course slug.")
    String course = "";

    @Option(names = "--force", description = "Regenerate every lesson, even unchanged and edited ones.")
    boolean force;

    @Option(names = "--dry-run", description = "Estimate calls, tokens and cost; start nothing.")
    boolean dryRun;

    @Option(names = "--budget-tokens", description = "Stop the run when it has used this many tokens.")
    @Nullable Long budgetTokens;

    @Option(names = "--budget-usd", description = "Stop the run when it has cost this many dollars (needs --price).")
    @Nullable String budgetUsd;

    @Option(names = "--batch", description = "First attempts through the provider's batch API: about half the price,"
        + " answered within hours; what fails goes the synchronous way.")
    boolean batch;

    @Override
    public Integer call() {
      return withRuns((runs, service) -> {
        Console out = cli().console();
        if (dryRun) {
          RunEstimate e = runs.estimate(course, force);
          out.line("Dry run of course '" + course + "' with " + service.model() + ": " + e.learners() + " learner(s), "
              + e.calls() + " call(s), about " + e.promptTokens() + " prompt tokens and at most " + e.maxOutputTokens()
              + " completion tokens" + e.costUsd().map(usd -> String.format(Locale.ROOT, ", at most $%.2f", usd))
                  .orElse(" (no --price for this model: cost unknown)") + ". Nothing was started.");
          return PersonaCli.OK;
        }
        RunOptions options = new RunOptions(force, budget(), batch);
        try {
          UUID id = runs.start(course, options);
          out.line("Run " + id + " started for course '" + course + "'. Work on it with `persona run worker`"
              + " (on any number of nodes); watch it with `persona run status " + id + " --watch`.");
          return PersonaCli.OK;
        } catch (ValidationException e) {
          throw new CliException(PersonaCli.USAGE, String.valueOf(e.getMessage()));
        }
      });
    }

    private @Nullable Budget budget() {
      try {
        if (budgetTokens != null && budgetUsd != null) {
          Budget usd = Budget.usd(budgetUsd);
          return new Budget(budgetTokens, usd.micros());
        }
        return budgetTokens != null ? Budget.tokens(budgetTokens) : budgetUsd != null ? Budget.usd(budgetUsd) : null;
      } catch (ValidationException e) {
        throw new CliException(PersonaCli.USAGE, "budget: " + e.getMessage());
      }
    }
  }

  @Command(name = "worker", description = "Join the cluster: work on every course run until stopped (Ctrl-C).")
  static final class Worker extends Sub {
    @Option(names = "--threads", defaultValue = "2", description = "Pages worked on at once (default: ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--for-seconds", description = "Stop after this many seconds (for scripts and tests).")
    @Nullable Long seconds;

    @Option(names = "--batch-poll-seconds", defaultValue = "60",
        description = "How often batches are checked, in seconds (default: ${DEFAULT-VALUE}).")
    long batchPollSeconds = 60;

    @Override
    public Integer call() {
      try (HikariDataSource pool = database.open(cli().env)) {
        PersonaStore store = database.store(pool);
        try (PersonalizationService service = provider.service(store, cli().env);
            CourseRuns runs = CourseRuns.builder().dataSource(pool).schema(database.schema).service(service)
                .prices(priceTable()).threads(threads).pollingInterval(java.time.Duration.ofSeconds(1))
                .batchProvider(provider.batchProvider(cli().env))
                .batchPollInterval(java.time.Duration.ofSeconds(batchPollSeconds)).build()) {
          runs.startWorker();
          cli().console().line("Worker started with " + service.model() + "; stop it with Ctrl-C.");
          CountDownLatch stop = new CountDownLatch(1);
          Thread hook = new Thread(stop::countDown);
          Runtime.getRuntime().addShutdownHook(hook);
          try {
            if (seconds == null) {
              stop.await();
            } else {
              boolean stopped = stop.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
              cli().console().line(stopped ? "Stopping." : "Stopping after " + seconds + " s.");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return PersonaCli.OK;
        }
      }
    }
  }

  @Command(name = "status", description = "Show a run's progress, spending and time left.")
  static final class Status extends Sub {
    @Parameters(index = "0", description = "The run id.")
    String id = "";

    @Option(names = "--watch", description = "Keep showing progress until the run ends.")
    boolean watch;

    @Override
    public Integer call() {
      UUID run = runId(id);
      return withRuns((runs, service) -> {
        Console out = cli().console();
        RunStatus s = runs.status(run);
        if (watch) {
          out.startProgress((int) Math.max(1, s.learners()), "learners");
          while (s.state() == RunState.RUNNING) {
            out.progressTo((int) (s.done() + s.failed() + s.notSent()), (int) Math.max(1, s.learners()));
            Thread.sleep(1000);
            s = runs.status(run);
          }
          out.progressTo((int) (s.done() + s.failed() + s.notSent()), (int) Math.max(1, s.learners()));
          out.endProgress();
        }
        out.line(describe(s));
        return s.state() == RunState.DONE && s.failed() == 0 && s.notSent() == 0 ? PersonaCli.OK
            : s.state() == RunState.RUNNING ? PersonaCli.OK : PersonaCli.LESSONS_FAILED;
      });
    }

    static String describe(RunStatus s) {
      String left = s.estimatedTimeLeft(Instant.now()).map(d -> ", about " + human(d) + " left").orElse("");
      return String.format(Locale.ROOT, "Run %s of course '%s': %s%s; learners %d%s: %d done, %d failed, %d not sent,"
          + " %d remaining%s; %d calls%s, %d prompt tokens (%d cached), %d completion tokens, $%.4f",
          s.runId(), s.courseSlug(), s.state().name().toLowerCase(Locale.ROOT), s.planned() ? "" : " (still planning)",
          s.learners(), s.planned() ? "" : " so far", s.done(), s.failed(), s.notSent(), s.remaining(), left,
          s.calls(), s.batchRequests() > 0 ? " (" + s.batchRequests() + " through the batch API)" : "",
          s.inputTokens(), s.cachedTokens(), s.outputTokens(), s.costUsd());
    }

    private static String human(Duration d) {
      long s = d.toSeconds();
      return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
    }
  }

  @Command(name = "cancel", description = "Cancel a run: no further page starts; what finished is kept.")
  static final class Cancel extends Sub {
    @Parameters(index = "0", description = "The run id.")
    String id = "";

    @Override
    public Integer call() {
      UUID run = runId(id);
      return withRuns((runs, service) -> {
        boolean cancelled = runs.cancel(run);
        RunStatus s = runs.status(run);
        cli().console().line(cancelled ? "Cancelled. " + Status.describe(s)
            : "The run had already ended: " + Status.describe(s));
        return PersonaCli.OK;
      });
    }
  }
}

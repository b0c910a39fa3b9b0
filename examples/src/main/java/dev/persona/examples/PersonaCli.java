package dev.persona.examples;

import com.zaxxer.hikari.HikariDataSource;
import dev.persona.LessonResult;
import dev.persona.LessonResult.Outcome;
import dev.persona.NotFoundException;
import dev.persona.PersonalizationService;
import dev.persona.AdoptionReport;
import dev.persona.LearnerPlan;
import dev.persona.PlannedLesson;
import dev.persona.PlannedLesson.Action;
import dev.persona.ProgressListener;
import dev.persona.RegenerateOptions;
import dev.persona.RegenerationReport;
import dev.persona.ValidationException;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.TokenUsage;
import dev.persona.llm.openai.OpenAiLlmProvider;
import dev.persona.llm.openai.OpenAiLlmProvider.StructuredOutput;
import dev.persona.model.Profile;
import dev.persona.prompt.Prompt;
import dev.persona.store.PersonaStore;
import dev.persona.store.StoreException;
import dev.persona.template.TemplateLlmProvider;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Regenerates one learner's course, or every learner's, on PostgreSQL.
 *
 * <pre>
 * mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.persona.examples.PersonaCli \
 *   -Dexec.args="--jdbc-url jdbc:postgresql://localhost/persona?user=persona --course neck-massage --dry-run"
 * </pre>
 */
@Command(
    name = "persona-regenerate",
    mixinStandardHelpOptions = true,
    version = "persona 0.1.0",
    description = "Regenerates stale personalizations of one learner (--user) or of every learner of a course.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:every lesson is generated, unchanged, kept or skipped",
      " 1:some lessons failed or were stored degraded (the rest is stored)",
      " 2:invalid command line",
      " 3:the course or the learner does not exist",
      " 4:the database is unreachable or not migrated",
      " 5:the provider is misconfigured (for example no API key)"})
public final class PersonaCli implements Callable<Integer> {

  static final int OK = 0;
  static final int LESSONS_FAILED = 1;
  static final int NOT_FOUND = 3;
  static final int STORE_FAILED = 4;
  static final int PROVIDER_MISCONFIGURED = 5;

  /** Which model writes. */
  enum ProviderName { template, openai }

  @Spec CommandLine.Model.@Nullable CommandSpec spec; // injected by picocli

  @Option(names = "--jdbc-url", defaultValue = "${env:PERSONA_JDBC_URL}",
      description = "PostgreSQL JDBC URL (default: $PERSONA_JDBC_URL). User and password may be URL parameters"
          + " or $PERSONA_JDBC_USER / $PERSONA_JDBC_PASSWORD.")
  @Nullable String jdbcUrl;

  @Option(names = "--schema", defaultValue = "public", description = "Schema (default: ${DEFAULT-VALUE}).")
  String schema = "public";

  @Option(names = "--migrate", description = "Create or upgrade Persona's tables first (safe to repeat).")
  boolean migrate;

  @Option(names = "--course", required = true, description = "Course slug.")
  String course = "";

  @Option(names = "--user", description = "One learner's user identifier; every learner of the course when absent.")
  @Nullable String user;

  @Option(names = "--provider", defaultValue = "template",
      description = "template (offline, not an AI) or openai (any OpenAI-compatible server). Default: ${DEFAULT-VALUE}.")
  ProviderName provider = ProviderName.template;

  @Option(names = "--base-url", defaultValue = "https://api.openai.com/v1",
      description = "OpenAI-compatible base URL, e.g. http://localhost:11434/v1 for Ollama.")
  String baseUrl = "https://api.openai.com/v1";

  @Option(names = "--model", description = "Model name for --provider openai, e.g. gpt-4o-2024-08-06.")
  @Nullable String model;

  @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY",
      description = "Environment variable that holds the API key (never pass a key on the command line).")
  String apiKeyEnv = "OPENAI_API_KEY";

  @Option(names = "--structured-output", defaultValue = "JSON_SCHEMA",
      description = "JSON_SCHEMA, JSON_OBJECT (servers without schema support) or NONE.")
  StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;

  @Option(names = "--language", defaultValue = "ru", description = "ru or en.")
  String language = "ru";

  @Option(names = "--concurrency", defaultValue = "4", description = "Provider calls in flight at once.")
  int concurrency = 4;

  @Option(names = "--rpm", defaultValue = "0", description = "Provider calls per minute, 0 for no limit.")
  int rpm;

  @Option(names = "--force", description = "Regenerate every lesson, even unchanged and edited ones.")
  boolean force;

  @Option(names = "--dry-run", description = "Show what would be regenerated and why; change nothing.")
  boolean dryRun;

  @Option(names = "--adopt", description = "Stamp current fingerprints onto personalizations written before Persona"
      + " (complete, in the course's language) without calling the model, then stop. The dry run counts them.")
  boolean adopt;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  private final Function<String, @Nullable String> environment;

  PersonaCli(Function<String, @Nullable String> environment) {
    this.environment = environment;
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments; {@code --help} lists them
   */
  public static void main(String[] args) {
    System.exit(commandLine(System::getenv).execute(args));
  }

  static CommandLine commandLine(Function<String, @Nullable String> environment) {
    CommandLine cl = new CommandLine(new PersonaCli(environment));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  @Override
  public Integer call() {
    CommandLine cl = java.util.Objects.requireNonNull(spec, "picocli injects the spec").commandLine();
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      err.println("No database: pass --jdbc-url or set PERSONA_JDBC_URL.");
      return STORE_FAILED;
    }
    LlmProvider llm;
    try {
      llm = provider();
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("Provider: " + e.getMessage());
      return PROVIDER_MISCONFIGURED;
    }
    try (HikariDataSource pool = Databases.pool(jdbcUrl)) {
      if (migrate) {
        PersonaMigrations.Result m = PersonaMigrations.migrate(pool, schema);
        out.println("Schema '" + schema + "' at version " + m.version()
            + (m.baselinedOriginalSchema() ? " (original schema baselined)" : ""));
      }
      PersonaStore store = JdbiPersonaStore.create(pool, schema);
      try (PersonalizationService service = PersonalizationService.builder().store(store).provider(llm)
          .prompt(language.equalsIgnoreCase("en") ? Prompt.english() : Prompt.russian())
          .maxConcurrency(concurrency).requestsPerMinute(rpm).callTimeout(Duration.ofMinutes(2)).build()) {
        List<String> users = learners(store);
        int lessons = store.lessons(store.findCourse(course).orElseThrow().id()).size();
        out.println("Course '" + course + "', " + lessons + " lessons, " + users.size() + " learner(s), writer "
            + service.model());
        if (adopt && !dryRun) {
          AdoptionReport a = user != null ? service.adopt(user, course) : service.adoptCourse(course);
          out.println("Adopted " + a.adopted() + " legacy personalization(s) of " + a.learners() + " learner(s) without a"
              + " model call; " + a.notAdoptable() + " cannot be adopted and will be regenerated.");
          return OK;
        }
        return dryRun ? plan(service, users, out) : regenerate(service, users, users.size() * lessons, out, err);
      }
    } catch (NotFoundException e) {
      err.println("Not found: " + e.getMessage());
      return NOT_FOUND;
    } catch (ValidationException e) {
      err.println("Invalid: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    } catch (StoreException | com.zaxxer.hikari.pool.HikariPool.PoolInitializationException e) {
      err.println("Database: " + e.getMessage());
      return STORE_FAILED;
    }
  }

  private LlmProvider provider() {
    if (provider == ProviderName.template) {
      return new TemplateLlmProvider();
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("--model is required with --provider openai");
    }
    OpenAiLlmProvider.Builder b = OpenAiLlmProvider.builder().baseUrl(baseUrl).model(model)
        .structuredOutput(structuredOutput);
    String key = environment.apply(apiKeyEnv);
    if (key != null && !key.isBlank()) {
      b.apiKey(key);
    } else if (baseUrl.contains("api.openai.com")) {
      throw new IllegalStateException("no API key in $" + apiKeyEnv);
    }
    return b.build();
  }

  private List<String> learners(PersonaStore store) {
    if (store.findCourse(course).isEmpty()) {
      throw new NotFoundException("no course '" + course + "'");
    }
    if (user != null) {
      if (store.findProfile(user, course).isEmpty()) {
        throw new NotFoundException("user '" + user + "' has no profile for course '" + course + "'");
      }
      return List.of(user);
    }
    return store.profiles(course).stream().map(Profile::userIdentifier).toList();
  }

  private int plan(PersonalizationService service, List<String> users, PrintWriter out) {
    Map<Action, Integer> totals = new EnumMap<>(Action.class);
    int adoptable = 0;
    for (String u : users) {
      out.println("== " + u);
      LearnerPlan plan = service.dryRun(u, course, force);
      plan.unknownCodes().forEach((question, codes) ->
          out.println("  survey codes not in the vocabulary (" + question + "), left out of prompts: " + codes));
      for (PlannedLesson p : plan.lessons()) {
        out.printf("  %2d  %-8s %-40s %s%n", p.lessonNumber(), p.action(), clip(p.title(), 40), p.reason());
        totals.merge(p.action(), 1, Integer::sum);
      }
      adoptable += plan.adoptable();
    }
    out.println("Dry run: " + totals.getOrDefault(Action.GENERATE, 0) + " to generate (" + adoptable
        + " of them adoptable without a call, see --adopt), " + totals.getOrDefault(Action.KEEP, 0) + " to keep, "
        + totals.getOrDefault(Action.SKIP, 0) + " to skip. Nothing was changed.");
    return OK;
  }

  private int regenerate(PersonalizationService service, List<String> users, int totalLessons, PrintWriter out,
      PrintWriter err) {
    AtomicInteger done = new AtomicInteger();
    ProgressListener progress = noProgress ? ProgressListener.NONE : (r, finished, total) -> {
      int d = done.incrementAndGet();
      synchronized (err) {
        err.print("\r" + bar(d, totalLessons) + " " + d + "/" + totalLessons + " lessons");
        err.flush();
      }
    };
    List<RegenerationReport> reports = new ArrayList<>();
    RegenerateOptions options = RegenerateOptions.defaults().withForce(force).withListener(progress);
    List<java.util.concurrent.CompletableFuture<RegenerationReport>> runs = new ArrayList<>();
    for (String u : users) {
      runs.add(service.regenerateAsync(u, course, options));
    }
    for (var run : runs) {
      try {
        reports.add(run.join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw e;
      }
    }
    if (!noProgress) {
      err.println();
    }
    Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
    TokenUsage usage = TokenUsage.ZERO;
    for (RegenerationReport r : reports) {
      out.println("== " + r.userIdentifier() + ": " + r.counts() + ", " + r.usage().totalTokens() + " tokens");
      for (LessonResult l : r.lessons()) {
        if (l.outcome() == Outcome.FAILED || l.outcome() == Outcome.DEGRADED || l.outcome() == Outcome.NOT_SENT) {
          out.printf("  %2d  %-8s %s%n", l.lessonNumber(), l.outcome(), l.reason());
        }
      }
      r.counts().forEach((k, v) -> totals.merge(k, v, Integer::sum));
      usage = usage.plus(r.usage());
    }
    out.println("Total: " + totals + "; tokens: " + usage.promptTokens() + " prompt (" + usage.cachedPromptTokens()
        + " cached), " + usage.completionTokens() + " completion");
    return reports.stream().allMatch(RegenerationReport::isComplete) ? OK : LESSONS_FAILED;
  }

  private static String bar(int done, int total) {
    int width = 30;
    int filled = total == 0 ? width : Math.min(width, done * width / total);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}

package dev.persona.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.persona.LearnerPlan;
import dev.persona.LessonResult;
import dev.persona.LessonResult.Outcome;
import dev.persona.PersonalizationService;
import dev.persona.PlannedLesson;
import dev.persona.PlannedLesson.Action;
import dev.persona.ProgressListener;
import dev.persona.RegenerateOptions;
import dev.persona.RegenerationReport;
import dev.persona.llm.TokenUsage;
import dev.persona.store.PersonaStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "regenerate", description = "Personalize every lesson that is missing, stale or degraded, for one"
    + " learner (--user) or every learner of a course. Only what changed is regenerated; --dry-run shows what and why.")
final class RegenerateCommand extends CliCommand {

  @Mixin Database database = new Database();
  @Mixin ProviderOptions provider = new ProviderOptions();

  @Option(names = "--course", required = true, description = "Course slug.")
  String course = "";

  @Option(names = "--user", description = "One learner's user identifier; every learner of the course when absent.")
  @Nullable String user;

  @Option(names = "--force", description = "Regenerate every lesson, even unchanged and edited ones.")
  boolean force;

  @Option(names = "--dry-run", description = "Show what would be regenerated and why; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    try (HikariDataSource pool = database.open(cli().env)) {
      PersonaStore store = database.store(pool);
      try (PersonalizationService service = provider.service(store, cli().env)) {
        List<String> users = Learners.of(store, course, user);
        int lessons = store.lessons(store.findCourse(course).orElseThrow().id()).size();
        cli().console().line("Course '" + course + "': " + lessons + " lessons, " + users.size() + " learner(s), writer "
            + service.model() + ".");
        return dryRun ? plan(service, users) : regenerate(service, users, users.size() * lessons);
      }
    }
  }

  private int plan(PersonalizationService service, List<String> users) {
    Map<Action, Integer> totals = new EnumMap<>(Action.class);
    int adoptable = 0;
    Console out = cli().console();
    for (String u : users) {
      out.line("== " + u);
      LearnerPlan plan = service.dryRun(u, course, force);
      plan.unknownCodes().forEach((question, codes) ->
          out.line("  survey codes not in the vocabulary (" + question + "), left out of prompts: " + codes));
      for (PlannedLesson p : plan.lessons()) {
        out.line(String.format("  %2d  %-8s %-40s %s", p.lessonNumber(), p.action(), clip(p.title(), 40), p.reason()));
        totals.merge(p.action(), 1, Integer::sum);
      }
      adoptable += plan.adoptable();
    }
    out.line("Dry run: " + totals.getOrDefault(Action.GENERATE, 0) + " to generate (" + adoptable
        + " of them adoptable without a call: `persona adopt`), " + totals.getOrDefault(Action.KEEP, 0) + " to keep, "
        + totals.getOrDefault(Action.SKIP, 0) + " to skip. Nothing was changed.");
    return PersonaCli.OK;
  }

  private int regenerate(PersonalizationService service, List<String> users, int totalLessons) {
    Console console = cli().console();
    ProgressListener progress = (r, finished, total) -> console.lessonDone();
    RegenerateOptions options = RegenerateOptions.defaults().withForce(force).withListener(progress);
    console.startProgress(totalLessons);
    List<CompletableFuture<RegenerationReport>> runs = new ArrayList<>();
    for (String u : users) {
      runs.add(service.regenerateAsync(u, course, options));
    }
    List<RegenerationReport> reports = new ArrayList<>();
    for (CompletableFuture<RegenerationReport> run : runs) {
      try {
        reports.add(run.join());
      } catch (CompletionException e) {
        console.endProgress();
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }
    console.endProgress();
    Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
    TokenUsage usage = TokenUsage.ZERO;
    for (RegenerationReport r : reports) {
      console.line("== " + r.userIdentifier() + ": " + r.counts() + ", " + r.usage().totalTokens() + " tokens");
      for (LessonResult l : r.lessons()) {
        if (l.outcome() == Outcome.FAILED || l.outcome() == Outcome.DEGRADED || l.outcome() == Outcome.NOT_SENT) {
          console.line(String.format("  %2d  %-8s %s", l.lessonNumber(), l.outcome(), l.reason()));
        }
      }
      r.counts().forEach((k, v) -> totals.merge(k, v, Integer::sum));
      usage = usage.plus(r.usage());
    }
    console.line("Total: " + totals + "; tokens: " + usage.promptTokens() + " prompt (" + usage.cachedPromptTokens()
        + " cached), " + usage.completionTokens() + " completion");
    return reports.stream().allMatch(RegenerationReport::isComplete) ? PersonaCli.OK : PersonaCli.LESSONS_FAILED;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}

package dev.persona.examples;

import dev.persona.LessonResult.Outcome;
import dev.persona.PersonalizationService;
import dev.persona.RegenerationReport;
import com.zaxxer.hikari.HikariDataSource;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.openai.OpenAiLlmProvider;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.PersonalizedLesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.prompt.Prompt;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Persona in one screen: a 12-lesson course, two learners, personalization, and a survey change
 * that regenerates one learner only. Runs offline: in-memory store, template writer (not an AI).
 *
 * <pre>mvn -q -pl examples -am compile exec:java</pre>
 *
 * <p>{@code -Dexec.args="--language en"} (or {@code PERSONA_LANGUAGE=en}) writes the content in
 * English instead of Russian.
 *
 * <p>With {@code PERSONA_LLM_MODEL} set it writes with that model through any OpenAI-compatible
 * server: {@code PERSONA_LLM_BASE_URL} (default OpenAI's), key in {@code OPENAI_API_KEY} (sent to OpenAI only) or {@code PERSONA_LLM_API_KEY} (sent to that server).
 *
 * <p>With {@code PERSONA_JDBC_URL} set (for example {@code
 * jdbc:postgresql://localhost:5432/persona?user=persona&password=secret}) it runs on PostgreSQL
 * instead, migrating the schema named by {@code PERSONA_JDBC_SCHEMA} (default {@code public}).
 */
public final class Quickstart {

  private Quickstart() {}

  /** What the quickstart did, for its test. */
  record Result(List<RegenerationReport> first, List<RegenerationReport> afterChange) {}

  /**
   * Runs the quickstart.
   *
   * @param args {@code --language en} or {@code --language ru}
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Prompt prompt = prompt(args);
    String url = System.getenv("PERSONA_JDBC_URL");
    if (url == null || url.isBlank()) {
      run(out, new InMemoryPersonaStore(), prompt);
      return;
    }
    String schema = System.getenv().getOrDefault("PERSONA_JDBC_SCHEMA", PersonaMigrations.DEFAULT_SCHEMA);
    try (HikariDataSource pool = Databases.pool(url)) {
      PersonaMigrations.Result m = PersonaMigrations.migrate(pool, schema);
      out.println("PostgreSQL schema '" + schema + "' at version " + m.version()
          + (m.applied().isEmpty() ? "" : " (applied " + m.applied() + ")"));
      run(out, JdbiPersonaStore.create(pool, schema), prompt);
    }
  }

  static Prompt prompt(String[] args) {
    String language = System.getenv().getOrDefault("PERSONA_LANGUAGE", "ru");
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--language")) {
        language = args[i + 1];
      }
    }
    return switch (language.toLowerCase(java.util.Locale.ROOT)) {
      case "en" -> Prompt.english();
      case "ru" -> Prompt.russian();
      default -> throw new IllegalArgumentException("--language must be ru or en");
    };
  }

  static Result run(PrintStream out, PersonaStore store) {
    return run(out, store, Prompt.russian());
  }

  static Result run(PrintStream out, PersonaStore store, Prompt prompt) {
    SampleCourse.install(store);
    store.saveProfile(Profile.of("marina", SampleCourse.SLUG, "Марина", SampleCourse.marina()));
    store.saveProfile(Profile.of("oleg", SampleCourse.SLUG, "Олег", SampleCourse.oleg()));
    String storeName = store.getClass().getSimpleName();

    try (PersonalizationService service = PersonalizationService.builder()
        .store(store)
        .provider(provider())
        .prompt(prompt)
        .maxConcurrency(4)
        .build()) {
      out.println("Persona quickstart: course '" + SampleCourse.SLUG + "', 12 lessons, 2 learners, " + storeName + ".");
      out.println("Writer: " + service.model() + (service.model().equals(TemplateLlmProvider.MODEL)
          ? " (fills templates offline; set PERSONA_LLM_MODEL for a real model)" : ""));
      out.println();

      List<RegenerationReport> first = new ArrayList<>();
      for (String user : List.of("marina", "oleg")) {
        RegenerationReport r = service.regenerate(user, SampleCourse.SLUG);
        first.add(r);
        out.printf("Personalized %s: %s%n", user, summary(r));
      }
      for (String user : List.of("marina", "oleg")) {
        out.println();
        print(out, service.personalizedCourse(user, SampleCourse.SLUG).orElseThrow());
      }

      out.println();
      out.println("Oleg changes his survey (he now wants to work with athletes)...");
      Survey changed = Survey.builder().motivation("professional_development").targetClients("спортсмены")
          .skillsWanted("восстановительный массаж после тренировок").fears("not_enough_time")
          .wowResult("работать с футбольной командой").practiceModel("friends").build();
      store.saveProfile(Profile.of("oleg", SampleCourse.SLUG, "Олег", changed));

      List<RegenerationReport> after = new ArrayList<>();
      for (String user : List.of("marina", "oleg")) {
        RegenerationReport r = service.regenerate(user, SampleCourse.SLUG);
        after.add(r);
        out.printf("Regenerated %s: %s%n", user, summary(r));
      }
      PersonalizedLesson olegFirst = service.personalizedCourse("oleg", SampleCourse.SLUG).orElseThrow().lessons().get(0);
      out.println("Oleg's lesson 1 now says: " + olegFirst.findPersonalization().orElseThrow().content().whyWatch());
      return new Result(first, after);
    }
  }

  private static LlmProvider provider() {
    String model = System.getenv("PERSONA_LLM_MODEL");
    if (model == null || model.isBlank()) {
      return new TemplateLlmProvider();
    }
    OpenAiLlmProvider.Builder b = OpenAiLlmProvider.builder()
        .baseUrl(System.getenv().getOrDefault("PERSONA_LLM_BASE_URL", OpenAiLlmProvider.OPENAI_BASE_URL.toString()))
        .model(model);
    if (System.getenv("PERSONA_LLM_API_KEY") != null) {
      b.apiKeyFromEnvironment("PERSONA_LLM_API_KEY"); // for another server; OPENAI_API_KEY goes to OpenAI only
    }
    return b.build();
  }

  private static String summary(RegenerationReport r) {
    return r.count(Outcome.GENERATED) + " generated, " + r.count(Outcome.UNCHANGED) + " unchanged, "
        + r.count(Outcome.FAILED) + " failed; " + r.usage().totalTokens() + " tokens, "
        + r.elapsed().toMillis() + " ms";
  }

  private static void print(PrintStream out, PersonalizedCourse course) {
    out.println("== " + course.course().title() + " for " + course.profile().name() + " ==");
    for (PersonalizedLesson l : course.lessons()) {
      PersonalizedContent c = l.findPersonalization().map(p -> p.content()).orElse(null);
      if (l.number() == 1 && c != null) {
        out.printf("%2d. %s%n", l.number(), l.title());
        out.println("    summary_short: " + c.summaryShort());
        out.println("    why_watch:     " + c.whyWatch());
        out.println("    quick_action:  " + c.quickAction());
        out.println("    social_share:  " + c.socialShare());
        out.println("    homework_20m:  " + c.homework20m());
      } else {
        out.printf("%2d. %-40s %s%n", l.number(), l.title(), c == null ? "(not personalized)" : c.summaryShort());
      }
    }
  }
}

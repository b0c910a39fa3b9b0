package dev.persona.examples.readme;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.persona.PersonalizationService;
import dev.persona.RateGate;
import dev.persona.RetryPolicy;
import dev.persona.Submission;
import dev.persona.SurveySubmission;
import dev.persona.importing.CourseDocument;
import dev.persona.importing.CourseImporter;
import dev.persona.importing.ImportReport;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.jobs.Budget;
import dev.persona.jobs.CourseRuns;
import dev.persona.jobs.Price;
import dev.persona.jobs.PriceTable;
import dev.persona.jobs.RunEstimate;
import dev.persona.jobs.RunOptions;
import dev.persona.jobs.RunStatus;
import dev.persona.links.LessonLink;
import dev.persona.links.LessonLinkSigner;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.langchain4j.LangChain4jLlmProvider;
import dev.persona.llm.openai.OpenAiLlmProvider;
import dev.persona.llm.openai.OpenAiLlmProvider.StructuredOutput;
import dev.persona.model.JsonValue;
import dev.persona.model.SurveyVocabulary;
import dev.persona.prompt.Prompt;
import dev.persona.store.PersonaStore;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The README's Java snippets, compiled. Each region between {@code // @readme <name>} and {@code
 * // @end} appears in README.md after a {@code <!-- snippet: ... -->} marker, and ReadmeTest checks
 * that the two are the same text.
 */
final class Snippets {

  private Snippets() {}

  static PersonalizationService scheduling(PersonaStore store, LlmProvider provider) {
    // @readme scheduling
    PersonalizationService service = PersonalizationService.builder()
        .store(store)
        .provider(provider)
        .maxConcurrency(16)                               // calls in flight, for everything the service runs
        .rateGate(RateGate.perMinute(500, 10, 200_000))   // 500 requests/min (burst 10), 200k tokens/min
        .retryPolicy(RetryPolicy.defaults())              // 4 retries: 1, 2, 4, 8 s (+-20%), or the retry-after
        .callTimeout(Duration.ofSeconds(60))              // exactly: the call is abandoned at 60 s
        .circuitCoolDown(Duration.ofMinutes(1))           // after QUOTA_EXHAUSTED or AUTHENTICATION
        .failureBackoff(Duration.ofMinutes(2))            // a failed lesson is not retried on demand for 2 min
        .closeTimeout(Duration.ofSeconds(30))             // how long close() lets started runs finish
        // .executor(Executors.newVirtualThreadPerTaskExecutor())  // Java 21+; Persona never shuts it down
        .build();
    // @end
    return service;
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the README shows the callback style
  static Submission onboarding(PersonalizationService service, PersonaStore store, String body, String json) {
    // @readme onboarding
    // a learner submits the survey (the original POST /api/survey body): the profile is stored, and
    // the lessons are personalized in the background, the first lesson asked for ahead of everything
    Submission s = service.submitSurvey(SurveySubmission.fromJson(JsonValue.parse(body)));
    s.report().thenAccept(report -> System.out.println(report.counts())); // or poll service.submissionStatus(s.id())

    // an operator imports a course: idempotent, one transaction, lesson identity kept across renumbering
    ImportReport r = new CourseImporter(store).importCourse(CourseDocument.parse(json));
    // @end
    System.out.println(r.changedAnything());
    return s;
  }

  static PersonalizationService vocabulary(PersonaStore store, LlmProvider provider) {
    // @readme vocabulary
    SurveyVocabulary vocabulary = SurveyVocabulary.standard().toBuilder()
        .code(SurveyVocabulary.Question.TARGET_CLIENTS, "new_mothers", "Молодые мамы", "New mothers")
        .build();
    PersonalizationService service = PersonalizationService.builder()
        .store(store).provider(provider).vocabulary(vocabulary).build();
    // @end
    return service;
  }

  static PersonalizationService english(PersonaStore store, LlmProvider provider) {
    // @readme english
    PersonalizationService service = PersonalizationService.builder()
        .store(store)
        .provider(provider)
        .prompt(Prompt.english()) // content in English; Prompt.russian() is the default
        .build();
    // @end
    return service;
  }

  static LlmProvider[] realModels(String key) {
    // @readme real-models
    LlmProvider openai = OpenAiLlmProvider.builder()
        .model("gpt-4o-2024-08-06")                      // key from OPENAI_API_KEY; never logged
        .build();
    LlmProvider ollama = OpenAiLlmProvider.builder()
        .baseUrl("http://localhost:11434/v1")
        .model("qwen2.5:7b")
        .structuredOutput(StructuredOutput.JSON_OBJECT)  // for servers without json_schema
        .build();
    LlmProvider claude = LangChain4jLlmProvider.of(
        AnthropicChatModel.builder().apiKey(key).modelName("claude-sonnet-4-5").maxRetries(0).build(),
        "claude-sonnet-4-5");
    // @end
    return new LlmProvider[] {openai, ollama, claude};
  }

  static PersonaStore postgres(DataSource dataSource) {
    // @readme postgres
    // a new database: a schema of Persona's own, created if missing
    PersonaMigrations.migrate(dataSource, "persona");
    PersonaStore store = JdbiPersonaStore.create(dataSource, "persona");

    // a database the original system built: migrate the schema its tables are in (usually "public")
    PersonaMigrations.Result r = PersonaMigrations.migrate(dataSource, "public", Duration.ofSeconds(5));
    System.out.println(r.reconciled()); // what the original tables lacked and was added
    // @end
    return store;
  }

  static String signedLinks(String userId, String courseSlug, int lesson, long expires, String signature) {
    // @readme signed-links
    // once, from configuration: the first key signs, every key verifies (rotate by adding a new first key)
    LessonLinkSigner signer = LessonLinkSigner.builder()
        .base64Key("2026-11", System.getenv("PERSONA_LINK_KEY"))           // 32+ random bytes, base64
        .base64Key("2026-10", System.getenv("PERSONA_LINK_KEY_PREVIOUS"))  // still accepted until retired
        .maxLifetime(Duration.ofDays(1))
        .build();

    // where the LMS renders the lesson page, for the learner who is signed in
    LessonLink link = signer.sign("21179358", "neck-massage", 3, Duration.ofHours(12));
    String query = link.toQueryString();  // user_id, course, lesson, expires, signature

    // where the block is served: InvalidLinkException unless every part is as signed and unexpired
    LessonLink verified = signer.verify(userId, courseSlug, lesson, expires, signature);
    // @end
    return query + verified;
  }

  static void courseRuns(DataSource dataSource, PersonalizationService service) throws InterruptedException {
    // @readme course-runs
    // every node: the same database, its own service; one rate limit shared by all of them
    PriceTable prices = PriceTable.builder()
        .price("gpt-4o-mini", Price.of("0.15", "0.075", "0.60"))     // dollars per million tokens
        .build();
    CourseRuns runs = CourseRuns.builder()
        .dataSource(dataSource).schema("persona")
        .service(service)      // built with .rateGate(PostgresRateGate.perMinute(dataSource, "persona", "openai:gpt-4o-mini", 500, 10, 200_000))
        .prices(prices)
        .build();
    runs.startWorker();        // this node works on pages of every run

    // any node: estimate, start, watch, cancel
    RunEstimate estimate = runs.estimate("neck-massage", false);   // calls, tokens, the most it can cost
    UUID run = runs.start("neck-massage", RunOptions.defaults().withBudget(Budget.usd("25.00")));
    RunStatus status = runs.status(run);   // done / failed / not sent / remaining, calls, tokens, cost, time left
    // @end
    System.out.println(estimate + " " + status);
    runs.close();
  }
}

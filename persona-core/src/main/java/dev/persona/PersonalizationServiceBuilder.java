package dev.persona;

import dev.persona.internal.Check;
import dev.persona.llm.LlmProvider;
import dev.persona.model.SurveyVocabulary;
import dev.persona.prompt.ContentRules;
import dev.persona.prompt.LessonMaterial;
import dev.persona.prompt.Prompt;
import dev.persona.store.PersonaStore;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link PersonalizationService}. Only the store and the provider are required; every
 * setter validates its argument and throws {@link ValidationException} naming it.
 */
public final class PersonalizationServiceBuilder {
  @Nullable PersonaStore store;
  @Nullable LlmProvider provider;
  Prompt prompt = Prompt.russian();
  @Nullable ContentRules rules;
  @Nullable String modelId;
  int maxConcurrency = 4;
  @Nullable RateGate rateGate;
  int requestsPerMinute;
  RetryPolicy retryPolicy = RetryPolicy.defaults();
  int maxAttempts = 3;
  double temperature = 0.7;
  int maxOutputTokens = 2500;
  Duration callTimeout = Duration.ofSeconds(90);
  int transcriptBudget = LessonMaterial.DEFAULT_BUDGET;
  FallbackPolicy fallback = FallbackPolicy.none();
  Duration circuitCoolDown = Duration.ofMinutes(1);
  Duration failureBackoff = Duration.ofMinutes(2);
  Duration closeTimeout = Duration.ofSeconds(30);
  int maxActiveRuns;
  @Nullable Executor executor;
  @Nullable ThreadFactory threadFactory;
  SurveyVocabulary vocabulary = SurveyVocabulary.standard();
  EngineObserver observer = EngineObserver.NONE;
  @Nullable EngineClock clock;
  RandomGenerator random = RandomGenerator.getDefault();

  PersonalizationServiceBuilder() {}

  /**
   * Where courses, learners and personalizations live. Required.
   *
   * @param store the store
   * @return this builder
   */
  public PersonalizationServiceBuilder store(PersonaStore store) {
    this.store = Check.required(store, "store");
    return this;
  }

  /**
   * The model to write with. Required.
   *
   * @param provider the provider
   * @return this builder
   */
  public PersonalizationServiceBuilder provider(LlmProvider provider) {
    this.provider = Check.required(provider, "provider");
    return this;
  }

  /**
   * The prompt; {@link Prompt#russian()} by default. Its language is the content's language.
   *
   * @param prompt the prompt
   * @return this builder
   */
  public PersonalizationServiceBuilder prompt(Prompt prompt) {
    this.prompt = Check.required(prompt, "prompt");
    Check.text(prompt.version(), "prompt.version()", 100);
    return this;
  }

  /**
   * The rules answers are checked against; {@link ContentRules#defaults} in the prompt's
   * language by default.
   *
   * @param rules the rules, in the prompt's language
   * @return this builder
   */
  public PersonalizationServiceBuilder contentRules(ContentRules rules) {
    this.rules = Check.required(rules, "contentRules");
    return this;
  }

  /**
   * The model name recorded in fingerprints; {@link LlmProvider#model()} by default.
   *
   * @param modelId the model
   * @return this builder
   */
  public PersonalizationServiceBuilder modelId(String modelId) {
    this.modelId = Check.identifier(modelId, "modelId", 200);
    return this;
  }

  /**
   * The most provider calls in flight at once, for everything this service runs; 4 by default.
   *
   * @param maxConcurrency from 1 to 1024
   * @return this builder
   */
  public PersonalizationServiceBuilder maxConcurrency(int maxConcurrency) {
    this.maxConcurrency = range(maxConcurrency, 1, 1024, "maxConcurrency");
    return this;
  }

  /**
   * The most provider calls started in any minute, as a smooth token bucket whose burst is one
   * second's worth (at least one call); 0 (no limit) by default. For another burst, a token
   * limit, or a limit shared by several nodes, use {@link #rateGate}.
   *
   * @param requestsPerMinute 0 for none, else positive
   * @return this builder
   */
  public PersonalizationServiceBuilder requestsPerMinute(int requestsPerMinute) {
    this.requestsPerMinute = range(requestsPerMinute, 0, Integer.MAX_VALUE, "requestsPerMinute");
    this.rateGate = null;
    return this;
  }

  /**
   * The gate every call asks before it starts; replaces {@link #requestsPerMinute}. A gate given
   * here is not closed with the service.
   *
   * @param rateGate for example {@link RateGate#perMinute(int, int, long)}
   * @return this builder
   */
  public PersonalizationServiceBuilder rateGate(RateGate rateGate) {
    this.rateGate = Check.required(rateGate, "rateGate");
    return this;
  }

  /**
   * How retryable provider failures are retried; {@link RetryPolicy#defaults()} by default.
   *
   * @param retryPolicy the policy
   * @return this builder
   */
  public PersonalizationServiceBuilder retryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = Check.required(retryPolicy, "retryPolicy");
    return this;
  }

  /**
   * How many answers to request per lesson when answers break the content rules; 3 by default.
   *
   * @param maxAttempts from 1 to 10
   * @return this builder
   */
  public PersonalizationServiceBuilder maxAttempts(int maxAttempts) {
    this.maxAttempts = range(maxAttempts, 1, 10, "maxAttempts");
    return this;
  }

  /**
   * The sampling temperature; 0.7 by default.
   *
   * @param temperature from 0 to 2
   * @return this builder
   */
  public PersonalizationServiceBuilder temperature(double temperature) {
    if (!(temperature >= 0.0 && temperature <= 2.0)) {
      throw ValidationException.of("temperature", "must be between 0 and 2");
    }
    this.temperature = temperature;
    return this;
  }

  /**
   * The most tokens an answer may use; 2,500 by default.
   *
   * @param maxOutputTokens from 100 to 100,000
   * @return this builder
   */
  public PersonalizationServiceBuilder maxOutputTokens(int maxOutputTokens) {
    this.maxOutputTokens = range(maxOutputTokens, 100, 100_000, "maxOutputTokens");
    return this;
  }

  /**
   * How long one provider call may take; 90 seconds by default. The provider is asked to give up
   * after this, and the engine abandons the call (interrupting it) at exactly this time if the
   * provider does not.
   *
   * @param callTimeout positive
   * @return this builder
   */
  public PersonalizationServiceBuilder callTimeout(Duration callTimeout) {
    this.callTimeout = positive(callTimeout, "callTimeout");
    return this;
  }

  /**
   * The most transcript characters a prompt carries; {@value LessonMaterial#DEFAULT_BUDGET} by
   * default. Longer transcripts are cut at a sentence end.
   *
   * @param characters at least 500
   * @return this builder
   */
  public PersonalizationServiceBuilder transcriptBudget(int characters) {
    this.transcriptBudget = range(characters, 500, Integer.MAX_VALUE, "transcriptBudget");
    return this;
  }

  /**
   * What to store, marked degraded, when generation fails for a lesson that has nothing stored;
   * {@link FallbackPolicy#none()} by default.
   *
   * @param fallback the policy
   * @return this builder
   */
  public PersonalizationServiceBuilder fallback(FallbackPolicy fallback) {
    this.fallback = Check.required(fallback, "fallback");
    return this;
  }

  /**
   * How long the circuit stays open after the provider answers {@code QUOTA_EXHAUSTED} or {@code
   * AUTHENTICATION}, before one probe call may go; one minute by default. While it is open,
   * every call fails at once without being sent.
   *
   * @param coolDown positive
   * @return this builder
   */
  public PersonalizationServiceBuilder circuitCoolDown(Duration coolDown) {
    this.circuitCoolDown = positive(coolDown, "circuitCoolDown");
    return this;
  }

  /**
   * How long a lesson whose generation failed is not tried again by {@link PersonalizationService#personalizeLesson}
   * (runs still try it); two minutes by default.
   *
   * @param backoff zero or positive
   * @return this builder
   */
  public PersonalizationServiceBuilder failureBackoff(Duration backoff) {
    if (backoff == null || backoff.isNegative()) {
      throw ValidationException.of("failureBackoff", "must not be negative");
    }
    this.failureBackoff = backoff;
    return this;
  }

  /**
   * How long {@link PersonalizationService#close()} lets started runs finish before cutting them
   * short; 30 seconds by default.
   *
   * @param timeout zero or positive
   * @return this builder
   */
  public PersonalizationServiceBuilder closeTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw ValidationException.of("closeTimeout", "must not be negative");
    }
    this.closeTimeout = timeout;
    return this;
  }

  /**
   * The most background runs (learners) in progress at once; the others wait their turn without
   * being read. Four times {@link #maxConcurrency} (at least 8) by default.
   *
   * @param maxActiveRuns from 1 to 100,000
   * @return this builder
   */
  public PersonalizationServiceBuilder maxActiveRuns(int maxActiveRuns) {
    this.maxActiveRuns = range(maxActiveRuns, 1, 100_000, "maxActiveRuns");
    return this;
  }

  /**
   * Where provider calls and runs execute, for example {@code
   * Executors.newVirtualThreadPerTaskExecutor()} on Java 21. The service never shuts it down. By
   * default the service makes its own daemon threads.
   *
   * @param executor the executor
   * @return this builder
   */
  public PersonalizationServiceBuilder executor(Executor executor) {
    this.executor = Check.required(executor, "executor");
    return this;
  }

  /**
   * The factory for the service's own threads, when no {@link #executor} is given.
   *
   * @param threadFactory the factory
   * @return this builder
   */
  public PersonalizationServiceBuilder threadFactory(ThreadFactory threadFactory) {
    this.threadFactory = Check.required(threadFactory, "threadFactory");
    return this;
  }

  /**
   * The survey codes and their labels; {@link SurveyVocabulary#standard()} by default. Extend the
   * standard one with {@link SurveyVocabulary#toBuilder()} for codes of your own forms: an answer
   * that looks like a code the vocabulary does not know is left out of prompts and logged once.
   *
   * @param vocabulary the vocabulary
   * @return this builder
   */
  public PersonalizationServiceBuilder vocabulary(SurveyVocabulary vocabulary) {
    this.vocabulary = Check.required(vocabulary, "vocabulary");
    return this;
  }

  /**
   * What hears about calls, lessons and runs, for metrics and traces; nothing by default. {@code
   * MicrometerObserver} in persona-micrometer reports them to Micrometer.
   *
   * @param observer the observer
   * @return this builder
   */
  public PersonalizationServiceBuilder observer(EngineObserver observer) {
    this.observer = Check.required(observer, "observer");
    return this;
  }

  PersonalizationServiceBuilder clock(EngineClock clock) {
    this.clock = clock;
    return this;
  }

  PersonalizationServiceBuilder random(RandomGenerator random) {
    this.random = random;
    return this;
  }

  int maxActiveRuns() {
    return maxActiveRuns > 0 ? maxActiveRuns : Math.max(8, 4 * maxConcurrency);
  }

  /**
   * Builds the service.
   *
   * @return the service; close it on shutdown
   * @throws ValidationException if the store or provider is missing, or the rules' language is
   *     not the prompt's
   */
  public PersonalizationService build() {
    PersonaStore s = store;
    LlmProvider p = provider;
    if (s == null) {
      throw ValidationException.of("store", "is required");
    }
    if (p == null) {
      throw ValidationException.of("provider", "is required");
    }
    return new PersonalizationService(this, s, Engine.create(this, p));
  }

  private static int range(int value, int min, int max, String field) {
    if (value < min || value > max) {
      throw ValidationException.of(field, max == Integer.MAX_VALUE
          ? "must be at least " + min
          : "must be between " + min + " and " + max);
    }
    return value;
  }

  private static Duration positive(@Nullable Duration d, String field) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw ValidationException.of(field, "must be positive");
    }
    return d;
  }
}

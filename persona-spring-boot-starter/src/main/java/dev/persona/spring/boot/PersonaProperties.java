package dev.persona.spring.boot;

import dev.persona.llm.openai.OpenAiLlmProvider.StructuredOutput;
import dev.persona.model.Language;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Persona's settings under {@code persona.*}. Every setting has a working default except the
 * provider: set {@code persona.openai.model}, declare an {@code LlmProvider} bean, or turn on the
 * offline {@code persona.template-writer}.
 */
@ConfigurationProperties("persona")
public class PersonaProperties {

  /** Where courses, learners and personalizations are kept. */
  public enum StoreType {
    /** PostgreSQL through the application's {@code DataSource}; required unless {@code memory} is chosen. */
    JDBC,
    /** In memory: everything is lost when the application stops. For demos and tests only. */
    MEMORY
  }

  /** The store: jdbc (the default, PostgreSQL on the application's DataSource) or memory (lost on restart). */
  private StoreType store = StoreType.JDBC;

  /**
   * Writes content from templates instead of calling a model: no key, no network, and plainly not
   * an AI. For demos; ignored when {@code persona.openai.model} is set or an LlmProvider bean exists.
   */
  private boolean templateWriter;

  private final Jdbc jdbc = new Jdbc();
  private final OpenAi openai = new OpenAi();
  private final Engine engine = new Engine();
  private final Observations observations = new Observations();

  /**
   * The store type.
   *
   * @return the store type
   */
  public StoreType getStore() {
    return store;
  }

  /**
   * Sets the store type.
   *
   * @param store the store type
   */
  public void setStore(StoreType store) {
    this.store = store;
  }

  /**
   * Whether the template writer stands in for a model.
   *
   * @return whether it does
   */
  public boolean isTemplateWriter() {
    return templateWriter;
  }

  /**
   * Lets the template writer stand in for a model.
   *
   * @param templateWriter whether it does
   */
  public void setTemplateWriter(boolean templateWriter) {
    this.templateWriter = templateWriter;
  }

  /**
   * PostgreSQL settings.
   *
   * @return the settings
   */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /**
   * OpenAI-compatible provider settings.
   *
   * @return the settings
   */
  public OpenAi getOpenai() {
    return openai;
  }

  /**
   * Engine settings.
   *
   * @return the settings
   */
  public Engine getEngine() {
    return engine;
  }

  /**
   * Observation settings.
   *
   * @return the settings
   */
  public Observations getObservations() {
    return observations;
  }

  /** PostgreSQL settings ({@code persona.jdbc.*}). */
  public static class Jdbc {

    /** The schema Persona's tables live in. */
    private String schema = "public";

    /** Whether Persona's migrations run at start-up (they keep their own history table, persona_schema_history). */
    private boolean migrate = true;

    /** How long the migrations wait for a lock on a table before giving up. */
    private Duration migrationLockTimeout = Duration.ofSeconds(10);

    /**
     * The schema.
     *
     * @return the schema
     */
    public String getSchema() {
      return schema;
    }

    /**
     * Sets the schema.
     *
     * @param schema the schema
     */
    public void setSchema(String schema) {
      this.schema = schema;
    }

    /**
     * Whether migrations run at start-up.
     *
     * @return whether they run
     */
    public boolean isMigrate() {
      return migrate;
    }

    /**
     * Sets whether migrations run at start-up.
     *
     * @param migrate whether they run
     */
    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }

    /**
     * The migrations' lock timeout.
     *
     * @return the timeout
     */
    public Duration getMigrationLockTimeout() {
      return migrationLockTimeout;
    }

    /**
     * Sets the migrations' lock timeout.
     *
     * @param migrationLockTimeout the timeout
     */
    public void setMigrationLockTimeout(Duration migrationLockTimeout) {
      this.migrationLockTimeout = migrationLockTimeout;
    }
  }

  /** An OpenAI-compatible provider ({@code persona.openai.*}); configured when {@code model} is set. */
  public static class OpenAi {

    /** The model to call, for example gpt-4o-2024-08-06; setting it configures the provider. */
    private @Nullable String model;

    /** The API's base URL up to and including /v1; OpenAI's when unset. */
    private @Nullable String baseUrl;

    /**
     * The API key. When unset, OPENAI_API_KEY is used for OpenAI's own API only; a custom base URL
     * gets no key unless one is set here.
     */
    private @Nullable String apiKey;

    /** Sent as OpenAI-Organization. */
    private @Nullable String organization;

    /** Sent as OpenAI-Project. */
    private @Nullable String project;

    /** How to ask for JSON: json-schema, json-object or none. */
    private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;

    /** How long connecting may take. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** How long one HTTP request may take; the engine's call timeout usually ends a call first. */
    private Duration requestTimeout = Duration.ofMinutes(5);

    /**
     * The model.
     *
     * @return the model, or null
     */
    public @Nullable String getModel() {
      return model;
    }

    /**
     * Sets the model.
     *
     * @param model the model
     */
    public void setModel(@Nullable String model) {
      this.model = model;
    }

    /**
     * The base URL.
     *
     * @return the base URL, or null for OpenAI's
     */
    public @Nullable String getBaseUrl() {
      return baseUrl;
    }

    /**
     * Sets the base URL.
     *
     * @param baseUrl the base URL
     */
    public void setBaseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /**
     * The API key.
     *
     * @return the key, or null
     */
    public @Nullable String getApiKey() {
      return apiKey;
    }

    /**
     * Sets the API key.
     *
     * @param apiKey the key
     */
    public void setApiKey(@Nullable String apiKey) {
      this.apiKey = apiKey;
    }

    /**
     * The organization.
     *
     * @return the organization, or null
     */
    public @Nullable String getOrganization() {
      return organization;
    }

    /**
     * Sets the organization.
     *
     * @param organization the organization
     */
    public void setOrganization(@Nullable String organization) {
      this.organization = organization;
    }

    /**
     * The project.
     *
     * @return the project, or null
     */
    public @Nullable String getProject() {
      return project;
    }

    /**
     * Sets the project.
     *
     * @param project the project
     */
    public void setProject(@Nullable String project) {
      this.project = project;
    }

    /**
     * How JSON is asked for.
     *
     * @return the mode
     */
    public StructuredOutput getStructuredOutput() {
      return structuredOutput;
    }

    /**
     * Sets how JSON is asked for.
     *
     * @param structuredOutput the mode
     */
    public void setStructuredOutput(StructuredOutput structuredOutput) {
      this.structuredOutput = structuredOutput;
    }

    /**
     * The connect timeout.
     *
     * @return the timeout
     */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connectTimeout the timeout
     */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    /**
     * The request timeout.
     *
     * @return the timeout
     */
    public Duration getRequestTimeout() {
      return requestTimeout;
    }

    /**
     * Sets the request timeout.
     *
     * @param requestTimeout the timeout
     */
    public void setRequestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
    }
  }

  /** The engine ({@code persona.engine.*}); unset values keep the library's defaults. */
  public static class Engine {

    /** The language content is written in: russian or english. */
    private Language language = Language.RUSSIAN;

    /** Provider calls in flight at once, for everything the service runs. */
    private @Nullable Integer maxConcurrency;

    /** Requests a minute the provider may receive (0 or unset: no rate gate). */
    private @Nullable Integer requestsPerMinute;

    /** How many requests may go at once after a quiet spell. */
    private @Nullable Integer burst;

    /** Tokens a minute the provider may receive (needs requests-per-minute). */
    private @Nullable Long tokensPerMinute;

    /** Attempts per lesson, counting re-asks after an answer that broke the rules. */
    private @Nullable Integer maxAttempts;

    /** A provider call is abandoned after this long. */
    private @Nullable Duration callTimeout;

    /** How long closing the service lets started runs finish. */
    private @Nullable Duration closeTimeout;

    /** How long the circuit stays open after QUOTA_EXHAUSTED or AUTHENTICATION. */
    private @Nullable Duration circuitCoolDown;

    /** How long a failed lesson is not retried on demand. */
    private @Nullable Duration failureBackoff;

    /** Learners' background runs admitted at once. */
    private @Nullable Integer maxActiveRuns;

    /**
     * The language.
     *
     * @return the language
     */
    public Language getLanguage() {
      return language;
    }

    /**
     * Sets the language.
     *
     * @param language the language
     */
    public void setLanguage(Language language) {
      this.language = language;
    }

    /**
     * Calls in flight at once.
     *
     * @return the limit, or null for the default
     */
    public @Nullable Integer getMaxConcurrency() {
      return maxConcurrency;
    }

    /**
     * Sets the calls in flight at once.
     *
     * @param maxConcurrency the limit
     */
    public void setMaxConcurrency(@Nullable Integer maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
    }

    /**
     * Requests a minute.
     *
     * @return the rate, or null
     */
    public @Nullable Integer getRequestsPerMinute() {
      return requestsPerMinute;
    }

    /**
     * Sets the requests a minute.
     *
     * @param requestsPerMinute the rate
     */
    public void setRequestsPerMinute(@Nullable Integer requestsPerMinute) {
      this.requestsPerMinute = requestsPerMinute;
    }

    /**
     * The burst.
     *
     * @return the burst, or null
     */
    public @Nullable Integer getBurst() {
      return burst;
    }

    /**
     * Sets the burst.
     *
     * @param burst the burst
     */
    public void setBurst(@Nullable Integer burst) {
      this.burst = burst;
    }

    /**
     * Tokens a minute.
     *
     * @return the rate, or null
     */
    public @Nullable Long getTokensPerMinute() {
      return tokensPerMinute;
    }

    /**
     * Sets the tokens a minute.
     *
     * @param tokensPerMinute the rate
     */
    public void setTokensPerMinute(@Nullable Long tokensPerMinute) {
      this.tokensPerMinute = tokensPerMinute;
    }

    /**
     * Attempts per lesson.
     *
     * @return the attempts, or null for the default
     */
    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    /**
     * Sets the attempts per lesson.
     *
     * @param maxAttempts the attempts
     */
    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    /**
     * The call timeout.
     *
     * @return the timeout, or null for the default
     */
    public @Nullable Duration getCallTimeout() {
      return callTimeout;
    }

    /**
     * Sets the call timeout.
     *
     * @param callTimeout the timeout
     */
    public void setCallTimeout(@Nullable Duration callTimeout) {
      this.callTimeout = callTimeout;
    }

    /**
     * The close timeout.
     *
     * @return the timeout, or null for the default
     */
    public @Nullable Duration getCloseTimeout() {
      return closeTimeout;
    }

    /**
     * Sets the close timeout.
     *
     * @param closeTimeout the timeout
     */
    public void setCloseTimeout(@Nullable Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
    }

    /**
     * The circuit's cool-down.
     *
     * @return the cool-down, or null for the default
     */
    public @Nullable Duration getCircuitCoolDown() {
      return circuitCoolDown;
    }

    /**
     * Sets the circuit's cool-down.
     *
     * @param circuitCoolDown the cool-down
     */
    public void setCircuitCoolDown(@Nullable Duration circuitCoolDown) {
      this.circuitCoolDown = circuitCoolDown;
    }

    /**
     * The failure back-off.
     *
     * @return the back-off, or null for the default
     */
    public @Nullable Duration getFailureBackoff() {
      return failureBackoff;
    }

    /**
     * Sets the failure back-off.
     *
     * @param failureBackoff the back-off
     */
    public void setFailureBackoff(@Nullable Duration failureBackoff) {
      this.failureBackoff = failureBackoff;
    }

    /**
     * Background runs admitted at once.
     *
     * @return the limit, or null for the default
     */
    public @Nullable Integer getMaxActiveRuns() {
      return maxActiveRuns;
    }

    /**
     * Sets the background runs admitted at once.
     *
     * @param maxActiveRuns the limit
     */
    public void setMaxActiveRuns(@Nullable Integer maxActiveRuns) {
      this.maxActiveRuns = maxActiveRuns;
    }
  }

  /** Micrometer ({@code persona.observations.*}). */
  public static class Observations {

    /** Whether provider calls and engine state are reported to the application's Micrometer registries. */
    private boolean enabled = true;

    /**
     * Whether observations are on.
     *
     * @return whether they are
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns observations on or off.
     *
     * @param enabled whether they are on
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}

package dev.persona.spring.boot;

import dev.persona.EngineObserver;
import dev.persona.PersonaException;
import dev.persona.PersonalizationService;
import dev.persona.PersonalizationServiceBuilder;
import dev.persona.RateGate;
import dev.persona.jdbc.JdbiPersonaStore;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.openai.OpenAiLlmProvider;
import dev.persona.micrometer.MicrometerObserver;
import dev.persona.prompt.Prompt;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Persona in a Spring Boot application: a {@link PersonalizationService} bean built from {@code
 * persona.*} properties, on a {@link PersonaStore} and an {@link LlmProvider} that are either the
 * application's own beans or configured here:
 *
 * <ul>
 *   <li>the store is {@link JdbiPersonaStore} on the application's {@link DataSource}, with
 *       Persona's migrations run at start-up ({@code persona.jdbc.migrate=false} turns them off), or
 *       an in-memory store when {@code persona.store=memory};
 *   <li>the provider is {@link OpenAiLlmProvider} when {@code persona.openai.model} is set, or the
 *       offline template writer when {@code persona.template-writer=true};
 *   <li>every {@link EngineObserver} bean is attached, and a {@link MicrometerObserver} is added
 *       when {@code persona-micrometer} is on the classpath and a {@link MeterRegistry} exists.
 * </ul>
 *
 * <p>The service is closed with the application context: runs still waiting are refused, started
 * ones get {@code persona.engine.close-timeout} to finish.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@EnableConfigurationProperties(PersonaProperties.class)
public class PersonaAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.spring");

  /** Creates the auto-configuration; Spring does this. */
  public PersonaAutoConfiguration() {}

  /**
   * The store: PostgreSQL on the application's DataSource, or in memory when asked for.
   *
   * @param properties Persona's properties
   * @param dataSources the application's DataSource, if any
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean(PersonaStore.class)
  public PersonaStore personaStore(PersonaProperties properties, ObjectProvider<DataSource> dataSources) {
    if (properties.getStore() == PersonaProperties.StoreType.MEMORY) {
      LOG.warn("persona.store=memory: personalizations are kept in memory and lost when the application stops");
      return new InMemoryPersonaStore();
    }
    DataSource dataSource = dataSources.getIfUnique();
    if (dataSource == null) {
      throw new PersonaConfigurationException("Persona needs a PostgreSQL DataSource: add spring-boot-starter-jdbc and "
          + "set spring.datasource.url (or declare a PersonaStore bean, or set persona.store=memory for a store that "
          + "forgets everything when the application stops)");
    }
    PersonaProperties.Jdbc jdbc = properties.getJdbc();
    if (jdbc.isMigrate()) {
      PersonaMigrations.Result r = PersonaMigrations.migrate(dataSource, jdbc.getSchema(), jdbc.getMigrationLockTimeout());
      LOG.info("Persona's tables in schema '{}' are at the latest version ({} migration(s) applied now)", r.schema(),
          r.applied().size());
    }
    return JdbiPersonaStore.create(dataSource, jdbc.getSchema());
  }

  /**
   * The provider from properties: OpenAI-compatible when {@code persona.openai.model} is set, the
   * template writer when {@code persona.template-writer=true}.
   *
   * @param properties Persona's properties
   * @return the provider
   */
  @Bean
  @ConditionalOnMissingBean(LlmProvider.class)
  @Conditional(ProviderConfigured.class)
  public LlmProvider personaLlmProvider(PersonaProperties properties) {
    PersonaProperties.OpenAi o = properties.getOpenai();
    String model = o.getModel();
    if (model == null || model.isBlank()) {
      LOG.warn("persona.template-writer=true: lessons are written from templates, not by a model");
      return new TemplateLlmProvider();
    }
    OpenAiLlmProvider.Builder b = OpenAiLlmProvider.builder().model(model)
        .structuredOutput(o.getStructuredOutput()).connectTimeout(o.getConnectTimeout())
        .requestTimeout(o.getRequestTimeout());
    try {
      if (o.getBaseUrl() != null) {
        b.baseUrl(o.getBaseUrl());
      }
      if (o.getApiKey() != null && !o.getApiKey().isBlank()) {
        b.apiKey(o.getApiKey());
      }
      if (o.getOrganization() != null) {
        b.organization(o.getOrganization());
      }
      if (o.getProject() != null) {
        b.project(o.getProject());
      }
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new PersonaConfigurationException("persona.openai: " + e.getMessage(), e);
    }
  }

  /**
   * The service.
   *
   * @param properties Persona's properties
   * @param store the store
   * @param providers the provider
   * @param observers the application's observers
   * @return the service, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(PersonalizationService.class)
  public PersonalizationService personalizationService(PersonaProperties properties, PersonaStore store,
      ObjectProvider<LlmProvider> providers, ObjectProvider<EngineObserver> observers) {
    LlmProvider provider = providers.getIfUnique();
    if (provider == null) {
      String found = providers.stream().map(p -> p.getClass().getSimpleName()).collect(Collectors.joining(", "));
      throw new PersonaConfigurationException(found.isEmpty()
          ? "Persona needs an LlmProvider: set persona.openai.model (with persona.openai.api-key or OPENAI_API_KEY), "
              + "declare an LlmProvider bean, or set persona.template-writer=true to write from templates offline"
          : "Persona found several LlmProvider beans (" + found + "); mark one @Primary");
    }
    PersonaProperties.Engine e = properties.getEngine();
    PersonalizationServiceBuilder b = PersonalizationService.builder().store(store).provider(provider)
        .prompt(Prompt.standard(e.getLanguage()));
    try {
      if (e.getMaxConcurrency() != null) {
        b.maxConcurrency(e.getMaxConcurrency());
      }
      Integer rpm = e.getRequestsPerMinute();
      if (rpm != null && rpm > 0) {
        int burst = e.getBurst() != null ? e.getBurst() : Math.max(1, rpm / 60);
        b.rateGate(e.getTokensPerMinute() != null ? RateGate.perMinute(rpm, burst, e.getTokensPerMinute())
            : RateGate.perMinute(rpm, burst));
      }
      if (e.getMaxAttempts() != null) {
        b.maxAttempts(e.getMaxAttempts());
      }
      if (e.getCallTimeout() != null) {
        b.callTimeout(e.getCallTimeout());
      }
      if (e.getCloseTimeout() != null) {
        b.closeTimeout(e.getCloseTimeout());
      }
      if (e.getCircuitCoolDown() != null) {
        b.circuitCoolDown(e.getCircuitCoolDown());
      }
      if (e.getFailureBackoff() != null) {
        b.failureBackoff(e.getFailureBackoff());
      }
      if (e.getMaxActiveRuns() != null) {
        b.maxActiveRuns(e.getMaxActiveRuns());
      }
    } catch (PersonaException | IllegalArgumentException x) {
      throw new PersonaConfigurationException("persona.engine: " + x.getMessage(), x);
    }
    List<EngineObserver> all = observers.orderedStream().toList();
    all.forEach(b::observer);
    PersonalizationService service = b.build();
    LOG.info("Persona is ready: {} on {}, writing in {}", provider.model(), store.getClass().getSimpleName(),
        e.getLanguage().code());
    return service;
  }

  /** Micrometer, when the application has it and {@code persona-micrometer} is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MicrometerObserver.class, MeterRegistry.class, ObservationRegistry.class})
  @ConditionalOnBooleanProperty(name = "persona.observations.enabled", matchIfMissing = true)
  static class Observability {

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(MicrometerObserver.class)
    MicrometerObserver personaMicrometerObserver(MeterRegistry meters, ObjectProvider<ObservationRegistry> observations) {
      return new MicrometerObserver(observations.getIfUnique(() -> ObservationRegistry.NOOP), meters);
    }
  }
}

package dev.persona.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Runs the API. With the {@code demo} profile it needs nothing else: an in-memory store, the
 * template writer, the sample course and a printed token and signed link.
 *
 * <pre>mvn -q -pl examples-spring-boot -am compile exec:java -Dexec.args=--spring.profiles.active=demo</pre>
 *
 * <p>Without it, it expects PostgreSQL ({@code spring.datasource.*}), a provider ({@code
 * persona.openai.*}) and its own settings ({@code persona.http.*}, see {@link HttpApiProperties}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PersonaHttpApplication {

  /** Created by Spring. */
  public PersonaHttpApplication() {}

  /**
   * Starts the application.
   *
   * @param args Spring Boot arguments, for example {@code --spring.profiles.active=demo}
   */
  public static void main(String[] args) {
    SpringApplication.run(PersonaHttpApplication.class, args);
  }
}

package dev.persona.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * The starter's tests run on the versions Spring Boot's dependency management gives a host (not the
 * newer ones the rest of Persona is built with), so the range a Boot application moves Persona to
 * is the range tested.
 */
final class BootManagedVersionsTest {

  @Test
  void theTestsRunOnBootsFlywayPgjdbcAndBoot() throws IOException, ClassNotFoundException {
    String flyway;
    try (InputStream in = org.flywaydb.core.Flyway.class.getResourceAsStream("/org/flywaydb/core/internal/version.txt")) {
      assertThat(in).isNotNull();
      flyway = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    assertThat(flyway).isEqualTo(System.getProperty("persona.expected.flyway")).startsWith("11.");
    assertThat(Class.forName("org.postgresql.Driver").getPackage().getImplementationVersion()).isEqualTo(System.getProperty("persona.expected.postgresql"));
    assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("persona.expected.spring-boot"));
  }
}

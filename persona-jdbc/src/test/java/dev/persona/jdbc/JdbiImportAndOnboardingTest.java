package dev.persona.jdbc;

import dev.persona.store.PersonaStore;
import dev.persona.testkit.ImportAndOnboardingScenarios;
import dev.persona.testkit.postgres.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Import and onboarding scenarios, unchanged, against PostgreSQL. */
final class JdbiImportAndOnboardingTest extends ImportAndOnboardingScenarios {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  @Override
  protected PersonaStore newStore() {
    return JdbiPersonaStore.create(PG.dataSource(), PG.freshSchema());
  }
}

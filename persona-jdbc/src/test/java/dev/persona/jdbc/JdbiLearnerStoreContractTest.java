package dev.persona.jdbc;

import dev.persona.store.PersonaStore;
import dev.persona.testkit.LearnerStoreContract;
import dev.persona.testkit.postgres.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The LearnerStore contract suite, unchanged, against PostgreSQL. */
final class JdbiLearnerStoreContractTest extends LearnerStoreContract {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  @Override
  protected PersonaStore newStore() {
    return JdbiPersonaStore.create(PG.dataSource(), PG.freshSchema());
  }
}

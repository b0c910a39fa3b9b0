package dev.persona.jdbc;

import dev.persona.store.PersonaStore;
import dev.persona.testkit.PersonaStoreContract;
import dev.persona.testkit.postgres.PostgresExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core contract suite, unchanged, against PostgreSQL. */
final class JdbiPersonaStoreContractTest extends PersonaStoreContract {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  @Override
  protected PersonaStore newStore() {
    return JdbiPersonaStore.create(PG.dataSource(), PG.freshSchema());
  }
}

package dev.persona.store;

import java.util.function.Function;

/**
 * Where Persona keeps everything: the {@link CourseCatalog} and the {@link LearnerStore}, in one
 * transactional unit. Profiles refer to courses by slug and personalizations to lessons, so one
 * store holds both.
 *
 * <p>Failures are {@link StoreException}s; {@link StoreUnavailableException} means the store could
 * not be reached and nothing changed. Implementations: {@link InMemoryPersonaStore} here, {@code
 * JdbiPersonaStore} (PostgreSQL) in persona-jdbc. An integrator's own store runs the contract
 * suites of persona-testkit.
 */
public interface PersonaStore extends CourseCatalog, LearnerStore {

  /**
   * Runs several operations as one: they all take effect, or, if {@code work} throws, none does.
   * Use the store passed to {@code work} for every operation inside; calls to this store from
   * inside {@code work} are outside the transaction. Other threads see the changes only when
   * {@code work} returns. Calls may nest; a nested call joins the outer transaction.
   *
   * @param work the operations; its exception is rethrown after the rollback
   * @param <T> the result type
   * @return what {@code work} returned
   */
  <T> T inTransaction(Function<PersonaStore, T> work);
}

package dev.persona.testkit;

import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;

final class InMemoryPersonaStoreTest extends PersonaStoreContract {

  @Override
  protected PersonaStore newStore() {
    return new InMemoryPersonaStore();
  }
}

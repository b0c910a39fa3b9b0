package dev.persona.testkit;

import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;

final class InMemoryCourseCatalogTest extends CourseCatalogContract {

  @Override
  protected PersonaStore newStore() {
    return new InMemoryPersonaStore();
  }
}

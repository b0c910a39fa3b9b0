package dev.persona.testkit;

import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;

final class InMemoryImportAndOnboardingTest extends ImportAndOnboardingScenarios {

  @Override
  protected PersonaStore newStore() {
    return new InMemoryPersonaStore();
  }
}

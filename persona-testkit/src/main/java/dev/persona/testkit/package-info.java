/**
 * Contract test suites that ship with Persona's SPIs: {@link
 * dev.persona.testkit.PersonaStoreContract} for storage and {@link
 * dev.persona.testkit.LlmProviderContract} for LLM providers. Subclass one to check your own
 * implementation against the same rules Persona's own implementations meet.
 */
@NullMarked
package dev.persona.testkit;

import org.jspecify.annotations.NullMarked;

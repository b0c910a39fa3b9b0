/**
 * The storage SPI, {@link dev.persona.store.PersonaStore}, its exceptions, and {@link
 * dev.persona.store.InMemoryPersonaStore}. PostgreSQL storage lives in {@code persona-jdbc}; the
 * contract every store must meet is stated as tests in {@code persona-testkit}.
 */
@NullMarked
package dev.persona.store;

import org.jspecify.annotations.NullMarked;

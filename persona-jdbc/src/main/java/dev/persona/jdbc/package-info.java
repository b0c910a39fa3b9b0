/**
 * PostgreSQL storage: {@link dev.persona.jdbc.PersonaMigrations} creates or upgrades the schema
 * (compatible with the original system's), and {@link dev.persona.jdbc.JdbiPersonaStore}
 * implements {@link dev.persona.store.PersonaStore} on it with Jdbi.
 */
@NullMarked
package dev.persona.jdbc;

import org.jspecify.annotations.NullMarked;

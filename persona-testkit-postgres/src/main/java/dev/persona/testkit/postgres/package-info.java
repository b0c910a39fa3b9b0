/**
 * {@link dev.persona.testkit.postgres.PostgresExtension}: a real PostgreSQL for tests, with no
 * setup: an external server, Testcontainers, or embedded PostgreSQL, whichever is there.
 */
@NullMarked
package dev.persona.testkit.postgres;

import org.jspecify.annotations.NullMarked;

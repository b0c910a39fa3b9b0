/**
 * Plumbing shared between Persona's own modules. <strong>Not API</strong>: anything here may change
 * or disappear in any release. Host applications must not use it.
 */
@NullMarked
package dev.persona.internal;

import org.jspecify.annotations.NullMarked;

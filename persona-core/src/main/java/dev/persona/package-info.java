/**
 * Persona's front door, {@link dev.persona.PersonalizationService}, with its configuration and
 * reports, and the exceptions every module throws ({@link dev.persona.PersonaException} and its
 * subclasses). The generation engine behind the service is package-private.
 */
@NullMarked
package dev.persona;

import org.jspecify.annotations.NullMarked;

/** Runnable programs that show a host application wiring Persona up. Not API. */
@NullMarked
package dev.persona.examples;

import org.jspecify.annotations.NullMarked;

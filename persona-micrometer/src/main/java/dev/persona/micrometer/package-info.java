/**
 * {@link dev.persona.micrometer.MicrometerObserver}: Persona's engine seen through Micrometer, with
 * names and tags after OpenTelemetry's GenAI semantic conventions.
 */
@NullMarked
package dev.persona.micrometer;

import org.jspecify.annotations.NullMarked;

/**
 * Spring Boot auto-configuration for Persona: {@link dev.persona.spring.boot.PersonaAutoConfiguration}
 * and its properties, {@link dev.persona.spring.boot.PersonaProperties} ({@code persona.*}).
 */
@NullMarked
package dev.persona.spring.boot;

import org.jspecify.annotations.NullMarked;

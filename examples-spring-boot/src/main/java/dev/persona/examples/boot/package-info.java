/**
 * The original system's HTTP endpoints as a Spring Boot application on {@code
 * persona-spring-boot-starter}: snake_case JSON in and out, English messages, signed block links,
 * rate limits and bounded request bodies.
 */
@NullMarked
package dev.persona.examples.boot;

import org.jspecify.annotations.NullMarked;

/**
 * The LLM provider SPI: one interface, {@link dev.persona.llm.LlmProvider}, with value types for its
 * request and response and one exception, {@link dev.persona.llm.LlmException}, whose
 * {@link dev.persona.llm.LlmException.Kind kind} tells the caller whether to retry.
 *
 * <p>This module depends on JSpecify only, so a provider for any HTTP client or vendor SDK can be
 * written without pulling in the rest of Persona.
 */
@NullMarked
package dev.persona.llm;

import org.jspecify.annotations.NullMarked;

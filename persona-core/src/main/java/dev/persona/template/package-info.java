/**
 * {@link dev.persona.template.TemplateLlmProvider}: an offline, deterministic provider that fills
 * templates instead of calling a model. The quickstart's default.
 */
@NullMarked
package dev.persona.template;

import org.jspecify.annotations.NullMarked;

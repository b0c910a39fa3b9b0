/**
 * What the model is asked: the versioned {@link dev.persona.prompt.Prompt} (Russian by default,
 * English available, replaceable by the host), the data it is built from ({@link
 * dev.persona.prompt.LessonMaterial}, {@link dev.persona.prompt.LearnerCard}) and the {@link
 * dev.persona.prompt.ContentRules} every answer is checked against.
 */
@NullMarked
package dev.persona.prompt;

import org.jspecify.annotations.NullMarked;

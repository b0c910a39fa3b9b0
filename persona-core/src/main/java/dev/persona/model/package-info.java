/**
 * Persona's immutable value types: the six stored entities ({@link dev.persona.model.Course},
 * {@link dev.persona.model.Lesson}, {@link dev.persona.model.LessonDescription}, {@link
 * dev.persona.model.LessonAsset}, {@link dev.persona.model.Profile}, {@link
 * dev.persona.model.Personalization}), the learner's {@link dev.persona.model.Survey}, the five
 * personalized fields ({@link dev.persona.model.PersonalizedContent}) and {@link
 * dev.persona.model.JsonValue} for the JSON columns.
 *
 * <p>Every record validates itself in its constructor and throws {@link
 * dev.persona.ValidationException} naming the offending field.
 */
@NullMarked
package dev.persona.model;

import org.jspecify.annotations.NullMarked;

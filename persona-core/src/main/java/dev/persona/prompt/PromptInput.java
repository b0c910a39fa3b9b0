package dev.persona.prompt;

import dev.persona.internal.Check;

/**
 * What a prompt is built from.
 *
 * @param lesson the lesson's material, shared by every learner of the lesson
 * @param learner the learner, with labels instead of codes
 * @param rules the limits the answer must meet
 */
public record PromptInput(LessonMaterial lesson, LearnerCard learner, ContentRules rules) {

  /**
   * Validates the input.
   *
   * @throws dev.persona.ValidationException if a part is missing
   */
  public PromptInput {
    Check.required(lesson, "lesson");
    Check.required(learner, "learner");
    Check.required(rules, "rules");
  }
}

package dev.persona.prompt;

import dev.persona.llm.LlmMessage;
import dev.persona.llm.ResponseFormat;
import dev.persona.model.Language;
import java.util.List;

/**
 * The versioned instructions that turn a lesson and a learner into the five personalized fields.
 *
 * <p>A host may replace the standard prompts. Whatever it writes, three things keep working only if
 * it keeps them: lesson material before the learner (so the prefix shared by a lesson's learners
 * keeps provider prompt caches warm); survey answers as quoted data, never as instructions; and a
 * new {@link #version()} whenever the wording changes, since the version is part of every stored
 * personalization's fingerprint and a new one makes them stale.
 */
public interface Prompt {

  /**
   * The prompt's version, stored with every personalization.
   *
   * @return a short, stable identifier such as {@code persona-ru-1}
   */
  String version();

  /**
   * The language the content must be written in.
   *
   * @return the language
   */
  Language language();

  /**
   * The conversation to send: lesson material first, the learner last.
   *
   * @param input the lesson, the learner and the rules
   * @return at least one message
   */
  List<LlmMessage> messages(PromptInput input);

  /**
   * The message that sends an answer back for correction.
   *
   * @param violations what was wrong with the answer, one item each
   * @return the text of a user message
   */
  String correction(List<String> violations);

  /**
   * The JSON schema of the answer.
   *
   * @return by default, an object with the five string fields, all required, nothing else
   */
  default ResponseFormat responseFormat() {
    return StandardPrompt.FIVE_FIELDS;
  }

  /**
   * The standard Russian prompt.
   *
   * @return the prompt
   */
  static Prompt russian() {
    return StandardPrompt.RUSSIAN;
  }

  /**
   * The standard English prompt.
   *
   * @return the prompt
   */
  static Prompt english() {
    return StandardPrompt.ENGLISH;
  }

  /**
   * The standard prompt for a language.
   *
   * @param language the language
   * @return the prompt
   */
  static Prompt standard(Language language) {
    return language == Language.ENGLISH ? english() : russian();
  }
}

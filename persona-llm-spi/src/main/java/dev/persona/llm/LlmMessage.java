package dev.persona.llm;

/**
 * One chat message.
 *
 * @param role who speaks
 * @param content the text; may be empty but never {@code null}
 */
public record LlmMessage(Role role, String content) {

  /** Who speaks a message. */
  public enum Role {
    /** Instructions that frame the whole conversation. */
    SYSTEM,
    /** The caller's turn. */
    USER,
    /** The model's earlier turn, fed back (for example when asking it to correct an answer). */
    ASSISTANT
  }

  /**
   * Validates the message.
   *
   * @throws IllegalArgumentException if a component is {@code null}
   */
  public LlmMessage {
    if (role == null) {
      throw new IllegalArgumentException("role is required");
    }
    if (content == null) {
      throw new IllegalArgumentException("content is required");
    }
  }

  /**
   * A system message.
   *
   * @param content the text
   * @return the message
   */
  public static LlmMessage system(String content) {
    return new LlmMessage(Role.SYSTEM, content);
  }

  /**
   * A user message.
   *
   * @param content the text
   * @return the message
   */
  public static LlmMessage user(String content) {
    return new LlmMessage(Role.USER, content);
  }

  /**
   * An assistant message.
   *
   * @param content the text
   * @return the message
   */
  public static LlmMessage assistant(String content) {
    return new LlmMessage(Role.ASSISTANT, content);
  }

  /** Shows the role and the length only: message text may hold a learner's survey answers. */
  @Override
  public String toString() {
    return "LlmMessage[" + role + ", " + content.length() + " chars]";
  }
}

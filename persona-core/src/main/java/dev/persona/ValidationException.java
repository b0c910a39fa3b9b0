package dev.persona;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input was rejected. {@link #errors()} names each offending field and why; values are never
 * echoed, since they may be a learner's private answers.
 */
public class ValidationException extends PersonaException {

  private static final long serialVersionUID = 1L;

  /**
   * One rejected field.
   *
   * @param field the field's path, for example {@code survey.fears[2]} or {@code lessons[3].title}
   * @param message why it was rejected
   */
  public record FieldError(String field, String message) {

    /** Validates the error. */
    public FieldError {
      if (field == null || message == null) {
        throw new IllegalArgumentException("field and message are required");
      }
    }

    @Override
    public String toString() {
      return field + " " + message;
    }
  }

  private final transient List<FieldError> errors;

  /**
   * Creates the exception.
   *
   * @param errors at least one field error
   */
  public ValidationException(List<FieldError> errors) {
    super(describe(errors));
    this.errors = List.copyOf(errors);
  }

  /**
   * One field error.
   *
   * @param field the field's path
   * @param message why it was rejected
   * @return the exception
   */
  public static ValidationException of(String field, String message) {
    return new ValidationException(List.of(new FieldError(field, message)));
  }

  /**
   * The rejected fields.
   *
   * @return at least one error
   */
  public List<FieldError> errors() {
    return errors;
  }

  /**
   * The same errors with every field path put under a prefix, for nested validation.
   *
   * @param prefix the parent path, for example {@code lessons[3]}
   * @return a new exception
   */
  public ValidationException within(String prefix) {
    ValidationException nested =
        new ValidationException(
            errors.stream()
                .map(e -> new FieldError(prefix + (e.field().startsWith("[") ? "" : ".") + e.field(), e.message()))
                .collect(Collectors.toList()));
    nested.initCause(this);
    return nested;
  }

  private static String describe(List<FieldError> errors) {
    if (errors == null || errors.isEmpty()) {
      throw new IllegalArgumentException("at least one field error is required");
    }
    return "invalid input: "
        + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }
}

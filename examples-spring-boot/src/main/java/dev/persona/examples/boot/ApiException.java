package dev.persona.examples.boot;

import dev.persona.ValidationException.FieldError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** An answer other than success, with a fixed message that never quotes the request. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final transient List<FieldError> fields;
  final @Nullable Long retryAfterSeconds;

  ApiException(int status, String code, String message) {
    this(status, code, message, List.of(), null);
  }

  ApiException(int status, String code, String message, List<FieldError> fields, @Nullable Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.fields = List.copyOf(fields);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiException badRequest(List<FieldError> fields) {
    return new ApiException(400, "validation", "invalid input", fields, null);
  }

  static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what + " not found");
  }

  static ApiException tooManyRequests(long retryAfterSeconds) {
    return new ApiException(429, "rate_limited", "too many requests; try again later", List.of(), retryAfterSeconds);
  }
}

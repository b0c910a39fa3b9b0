package dev.persona.examples.boot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.NotFoundException;
import dev.persona.ServiceClosedException;
import dev.persona.ValidationException;
import dev.persona.ValidationException.FieldError;
import dev.persona.store.StoreUnavailableException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every error as {@code {"error": {"code", "message", "fields"}}}, with messages that never quote the
 * request and never name a Java class; unexpected failures are logged by type only.
 */
@RestControllerAdvice
@RestController
final class ApiErrors implements org.springframework.boot.webmvc.error.ErrorController {

  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @ExceptionHandler(ApiException.class)
  ResponseEntity<String> api(ApiException e) {
    ResponseEntity.BodyBuilder b = ResponseEntity.status(e.status).contentType(MediaType.APPLICATION_JSON);
    if (e.retryAfterSeconds != null) {
      b.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds));
    }
    return b.body(body(e.code, String.valueOf(e.getMessage()), e.fields));
  }

  @ExceptionHandler(ValidationException.class)
  ResponseEntity<String> validation(ValidationException e) {
    return answer(400, "validation", "invalid input", e.errors());
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<String> notFound(NotFoundException e) {
    return answer(404, "not_found", "not found", List.of());
  }

  @ExceptionHandler({StoreUnavailableException.class, ServiceClosedException.class})
  ResponseEntity<String> unavailable(RuntimeException e) {
    return ResponseEntity.status(503).contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.RETRY_AFTER, "5")
        .body(body("unavailable", "the service is unavailable; try again", List.of()));
  }

  /** A query string that is not UTF-8 (Tomcat decodes parameters lazily, inside the controller). */
  @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
  ResponseEntity<String> badParameters(RuntimeException e) {
    return answer(400, "bad_request", "the query string is not valid UTF-8", List.of());
  }

  /** A multipart body: never parsed (multipart is off), but refused the same way if something tries. */
  @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
  ResponseEntity<String> multipart(RuntimeException e) {
    return answer(415, "unsupported_media_type", message(415), List.of());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<String> other(Exception e) {
    if (e instanceof ErrorResponse spring) {
      int status = spring.getStatusCode().value();
      return answer(status, code(status), message(status), List.of());
    }
    LOG.error("request failed unexpectedly: {}", e.getClass().getName());
    return answer(500, "internal", "internal error", List.of());
  }

  /** Errors that never reached a controller (an unknown path, a failure in a filter, Tomcat's own). */
  @RequestMapping("/error")
  ResponseEntity<String> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i && i >= 400 && i <= 599 ? i : 500;
    return answer(status, code(status), message(status), List.of());
  }

  private static ResponseEntity<String> answer(int status, String code, String message, List<FieldError> fields) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(code, message, fields));
  }

  private static String body(String code, String message, List<FieldError> fields) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode e = out.putObject("error");
    e.put("code", code);
    e.put("message", message);
    ArrayNode f = e.putArray("fields");
    fields.forEach(x -> f.addObject().put("field", x.field()).put("message", x.message()));
    return out.toString();
  }

  private static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 408 -> "timeout";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      case 503 -> "unavailable";
      default -> status < 500 ? "bad_request" : "internal";
    };
  }

  private static String message(int status) {
    return switch (status) {
      case 404 -> "no such endpoint";
      case 405 -> "method not allowed";
      case 406 -> "only JSON answers are available";
      case 413 -> "the request is too large";
      case 415 -> "the body must be JSON (Content-Type: application/json)";
      default -> status < 500 ? "bad request" : "internal error";
    };
  }
}

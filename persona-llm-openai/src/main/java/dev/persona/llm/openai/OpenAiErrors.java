package dev.persona.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI's errors as {@link LlmException}s, for the chat endpoint and the batch API alike: HTTP
 * status and error code to {@link Kind}, and the wait a 429 asks for. Messages carry the status and
 * the vendor's code, never the vendor's message.
 */
final class OpenAiErrors {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

  private OpenAiErrors() {}

  /** An error answer (status not 2xx). */
  static LlmException failure(int status, String body, Function<String, Optional<String>> header) {
    String code = "";
    String type = "";
    try {
      JsonNode error = JSON.readTree(body).path("error");
      code = token(error.path("code").asText(""));
      type = token(error.path("type").asText(""));
    } catch (JsonProcessingException | RuntimeException e) {
      // not OpenAI's error format (a proxy's page): the status alone decides
    }
    return failure(status, code, type, header);
  }

  /** An error given as a status and a code, as the batch API reports them per line. */
  static LlmException failure(int status, String code, String type, Function<String, Optional<String>> header) {
    code = token(code);
    type = token(type);
    String label = "HTTP " + status + (code.isBlank() ? (type.isBlank() ? "" : " " + type) : " " + code);
    if (status == 429) {
      if (code.equals("insufficient_quota") || type.equals("insufficient_quota")) {
        return new LlmException(Kind.QUOTA_EXHAUSTED, label);
      }
      return new LlmException(Kind.RATE_LIMITED, label, retryAfter(header, Instant::now).orElse(null), null);
    }
    if (status == 413 || code.equals("context_length_exceeded") || code.equals("string_above_max_length")) {
      return new LlmException(Kind.CONTEXT_TOO_LONG, label);
    }
    if (code.equals("content_policy_violation") || code.equals("content_filter")) {
      return new LlmException(Kind.CONTENT_FILTERED, label);
    }
    if (status == 401 || status == 403) {
      return new LlmException(Kind.AUTHENTICATION, label);
    }
    if (status == 408) {
      return new LlmException(Kind.TIMEOUT, label);
    }
    if (status == 409 || status >= 500) {
      return new LlmException(Kind.UNAVAILABLE, label, retryAfter(header, Instant::now).orElse(null), null);
    }
    return new LlmException(Kind.INVALID_REQUEST, label);
  }

  /** An error code as a short token: anything else a server sends there never reaches a message or a log. */
  static String token(String raw) {
    return raw.length() <= 64 && raw.matches("[A-Za-z0-9_.-]*") ? raw : "";
  }

  /** The wait a 429 asks for: retry-after-ms, retry-after (seconds or a date), or x-ratelimit-reset-*. */
  static Optional<Duration> retryAfter(Function<String, Optional<String>> header, Supplier<Instant> now) {
    Optional<String> ms = header.apply("retry-after-ms");
    if (ms.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis((long) Math.ceil(Double.parseDouble(ms.get().strip()))));
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    Optional<String> ra = header.apply("retry-after");
    if (ra.isPresent()) {
      String v = ra.get().strip();
      try {
        return Optional.of(Duration.ofMillis((long) Math.ceil(Double.parseDouble(v) * 1000)));
      } catch (NumberFormatException e) {
        try {
          Duration d = Duration.between(now.get(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
          return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e2) {
          // fall through
        }
      }
    }
    Optional<Duration> requests = header.apply("x-ratelimit-reset-requests").flatMap(OpenAiErrors::goDuration);
    Optional<Duration> tokens = header.apply("x-ratelimit-reset-tokens").flatMap(OpenAiErrors::goDuration);
    boolean requestsExhausted = header.apply("x-ratelimit-remaining-requests").map(String::strip).filter("0"::equals).isPresent();
    boolean tokensExhausted = header.apply("x-ratelimit-remaining-tokens").map(String::strip).filter("0"::equals).isPresent();
    if (requestsExhausted && !tokensExhausted && requests.isPresent()) {
      return requests;
    }
    if (tokensExhausted && !requestsExhausted && tokens.isPresent()) {
      return tokens;
    }
    if (requests.isPresent() && tokens.isPresent()) {
      return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
    }
    return requests.isPresent() ? requests : tokens;
  }

  /** Parses OpenAI's reset durations: {@code 20ms}, {@code 1s}, {@code 6m0s}, {@code 1h2m3.5s}. */
  static Optional<Duration> goDuration(String text) {
    String v = text.strip();
    Matcher m = GO_DURATION.matcher(v);
    long nanos = 0;
    int end = 0;
    boolean any = false;
    while (m.find()) {
      if (m.start() != end) {
        return Optional.empty();
      }
      double n = Double.parseDouble(m.group(1));
      nanos += (long) (n * switch (m.group(2)) {
        case "h" -> 3_600e9;
        case "m" -> 60e9;
        case "s" -> 1e9;
        default -> 1e6;
      });
      end = m.end();
      any = true;
    }
    return any && end == v.length() ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
  }
}

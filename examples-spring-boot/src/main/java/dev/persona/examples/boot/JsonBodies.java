package dev.persona.examples.boot;

import dev.persona.ValidationException;
import dev.persona.model.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads request bodies: JSON only ({@code Content-Type: application/json}, UTF-8), at most {@code
 * maxBodyBytes}, arriving within {@code bodyReadTimeout}, parsed by {@link JsonValue} (its depth and
 * text limits, errors without the input).
 */
final class JsonBodies {

  private final int maxBytes;
  private final long timeoutNanos;

  JsonBodies(HttpApiProperties p) {
    this.maxBytes = p.maxBodyBytes();
    this.timeoutNanos = p.bodyReadTimeout().toNanos();
  }

  /** The body as a JSON object. */
  JsonValue object(HttpServletRequest request) {
    String type = request.getContentType();
    String mime = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw new ApiException(415, "unsupported_media_type", "the body must be JSON (Content-Type: application/json)");
    }
    if (type.toLowerCase(Locale.ROOT).contains("charset") && !type.toLowerCase(Locale.ROOT).matches(".*charset=\"?utf-8\"?.*")) {
      throw new ApiException(415, "unsupported_media_type", "the body must be UTF-8");
    }
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw new ApiException(413, "too_large", "the body is larger than " + maxBytes + " bytes");
    }
    byte[] raw = read(request);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest(java.util.List.of(new ValidationException.FieldError("body", "is not UTF-8")));
    }
    JsonValue json;
    try {
      json = JsonValue.parse(text);
    } catch (ValidationException e) {
      throw ApiException.badRequest(e.within("body").errors());
    }
    if (!json.isObject()) {
      throw ApiException.badRequest(java.util.List.of(new ValidationException.FieldError("body", "must be a JSON object")));
    }
    return json;
  }

  private byte[] read(HttpServletRequest request) {
    long deadline = System.nanoTime() + timeoutNanos;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      while (true) {
        int n = in.read(buffer);
        if (n < 0) {
          return out.toByteArray();
        }
        out.write(buffer, 0, n);
        if (out.size() > maxBytes) {
          throw new ApiException(413, "too_large", "the body is larger than " + maxBytes + " bytes");
        }
        if (System.nanoTime() - deadline > 0) {
          throw new ApiException(408, "timeout", "the body took too long to arrive");
        }
      }
    } catch (SocketTimeoutException e) {
      throw new ApiException(408, "timeout", "the body took too long to arrive");
    } catch (IOException e) {
      // Tomcat's read timeout surfaces as an IOException wrapping SocketTimeoutException
      throw new ApiException(400, "bad_request", "the body could not be read");
    }
  }
}

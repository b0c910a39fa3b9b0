package dev.persona.llm.openai;

import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * HTTP to an OpenAI-compatible server: the base URL, the key and the extra headers on every
 * request, and transport failures as {@link LlmException}s. Never logs or repeats the key.
 */
final class OpenAiHttp {

  private final URI baseUrl;
  private final @Nullable String apiKey;
  private final @Nullable String organization;
  private final @Nullable String project;
  private final Map<String, String> headers;
  private final HttpClient client;

  OpenAiHttp(URI baseUrl, @Nullable String apiKey, @Nullable String organization, @Nullable String project,
      Map<String, String> headers, HttpClient client) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.organization = organization;
    this.project = project;
    this.headers = Map.copyOf(headers);
    this.client = client;
  }

  URI baseUrl() {
    return baseUrl;
  }

  boolean hasKey() {
    return apiKey != null;
  }

  /** An endpoint under the base URL, for example {@code chat/completions}. */
  URI resolve(String path) {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + path);
  }

  /** Sends a request to {@code path}; any status comes back, transport failures are thrown. */
  HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, @Nullable String contentType,
      Duration timeout) {
    return send(method, path, body, contentType, timeout, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** As above, with the body read by {@code handler} (for example line by line). */
  <T> HttpResponse<T> send(String method, String path, HttpRequest.BodyPublisher body, @Nullable String contentType,
      Duration timeout, HttpResponse.BodyHandler<T> handler) {
    HttpRequest.Builder http = HttpRequest.newBuilder(resolve(path)).timeout(timeout).header("Accept", "application/json")
        .method(method, body);
    if (contentType != null) {
      http.header("Content-Type", contentType);
    }
    if (apiKey != null) {
      http.header("Authorization", "Bearer " + apiKey);
    }
    if (organization != null) {
      http.header("OpenAI-Organization", organization);
    }
    if (project != null) {
      http.header("OpenAI-Project", project);
    }
    headers.forEach(http::header);
    try {
      return client.send(http.build(), handler);
    } catch (HttpConnectTimeoutException e) {
      throw new LlmException(Kind.UNAVAILABLE, "could not connect within the connect timeout", null, e);
    } catch (HttpTimeoutException e) {
      throw new LlmException(Kind.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", null, e);
    } catch (IOException e) {
      throw new LlmException(Kind.UNAVAILABLE, "connection failed: " + e.getClass().getSimpleName(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException(Kind.UNAVAILABLE, "interrupted while waiting for the answer", null, e);
    }
  }
}

package dev.persona.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.persona.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP server on loopback that speaks OpenAI's Chat Completions protocol ({@code POST
 * /v1/chat/completions}) and answers from a script: answers, HTTP errors with the vendor's error
 * bodies and rate-limit headers, slow answers, malformed bodies and connections dropped mid-body.
 * It records every request it receives. It also serves OpenAI's Files and Batch endpoints
 * ({@code /v1/files}, {@code /v1/batches}), with behaviour set through {@link #batches()}. For testing
 * providers and hosts without the network.
 *
 * <pre>{@code
 * try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start()) {
 *   server.enqueue(OpenAiCompatibleServer.Reply.answer("{\"ok\":true}"));
 *   LlmProvider p = OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey("test").model("m").build();
 * }
 * }</pre>
 */
public final class OpenAiCompatibleServer implements AutoCloseable {

  /**
   * One scripted reply.
   *
   * @param status the HTTP status
   * @param headers extra response headers
   * @param body the response body
   * @param delay how long to wait before answering
   * @param dropMidBody whether to announce the whole body but send only half and then close
   */
  public record Reply(int status, Map<String, String> headers, String body, Duration delay, boolean dropMidBody) {

    /** Copies the headers. */
    public Reply {
      headers = Map.copyOf(headers);
    }

    /**
     * A successful completion with this text, 30 prompt tokens (10 cached), 20 completion tokens.
     *
     * @param text the assistant's text
     * @return the reply
     */
    public static Reply answer(String text) {
      return answer(text, "stop");
    }

    /**
     * A successful completion with a finish reason.
     *
     * @param text the assistant's text
     * @param finishReason {@code stop}, {@code length}, {@code content_filter}, ...
     * @return the reply
     */
    public static Reply answer(String text, String finishReason) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      root.put("id", "chatcmpl-test");
      root.put("object", "chat.completion");
      root.put("created", 1_764_000_000L);
      root.put("model", "test-model-2026-01-01");
      ObjectNode choice = root.putArray("choices").addObject();
      choice.put("index", 0);
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.put("content", text);
      choice.put("finish_reason", finishReason);
      ObjectNode usage = root.putObject("usage");
      usage.put("prompt_tokens", 30);
      usage.put("completion_tokens", 20);
      usage.put("total_tokens", 50);
      usage.putObject("prompt_tokens_details").put("cached_tokens", 10);
      return new Reply(200, Map.of("content-type", "application/json"), Json.write(root), Duration.ZERO, false);
    }

    /**
     * An error in OpenAI's format.
     *
     * @param status the HTTP status
     * @param type the error type, for example {@code invalid_request_error}
     * @param code the error code, for example {@code context_length_exceeded}, or {@code null}
     * @return the reply
     */
    public static Reply error(int status, String type, @Nullable String code) {
      ObjectNode root = Json.MAPPER.createObjectNode();
      ObjectNode error = root.putObject("error");
      error.put("message", "scripted " + status + " error");
      error.put("type", type);
      if (code == null) {
        error.putNull("code");
      } else {
        error.put("code", code);
      }
      return new Reply(status, Map.of("content-type", "application/json"), Json.write(root), Duration.ZERO, false);
    }

    /**
     * This reply with an extra header.
     *
     * @param name the header
     * @param value its value
     * @return a new reply
     */
    public Reply withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body, delay, dropMidBody);
    }

    /**
     * This reply, sent after a delay.
     *
     * @param delay the delay
     * @return a new reply
     */
    public Reply after(Duration delay) {
      return new Reply(status, headers, body, delay, dropMidBody);
    }

    /**
     * This reply, with the connection dropped halfway through the body.
     *
     * @return a new reply
     */
    public Reply droppedMidBody() {
      return new Reply(status, headers, body, delay, true);
    }

    /**
     * The reply with which an OpenAI-compatible server shows one of the contract's failures.
     *
     * @param failure the failure
     * @param timeout the request timeout the client uses; {@link LlmProviderContract.Failure#SLOW}
     *     answers two seconds after it
     * @return the reply
     */
    public static Reply of(LlmProviderContract.Failure failure, Duration timeout) {
      return switch (failure) {
        case RATE_LIMITED_RETRY_AFTER_2S -> error(429, "requests", "rate_limit_exceeded").withHeader("retry-after", "2");
        case AUTHENTICATION -> error(401, "invalid_request_error", "invalid_api_key");
        case QUOTA_EXHAUSTED -> error(429, "insufficient_quota", "insufficient_quota");
        case CONTEXT_TOO_LONG -> error(400, "invalid_request_error", "context_length_exceeded");
        case UNAVAILABLE -> error(503, "server_error", null);
        case SLOW -> answer("{}").after(timeout.plusSeconds(2));
      };
    }

    /**
     * A 200 whose body is not JSON.
     *
     * @return the reply
     */
    public static Reply malformed() {
      return new Reply(200, Map.of("content-type", "application/json"), "{\"choices\": [ {\"mess",
          Duration.ZERO, false);
    }
  }

  /** A request the server received. */
  public record Received(String path, Map<String, String> headers, JsonNode body) {

    /**
     * A request header, by lower-case name.
     *
     * @param name the header
     * @return its first value, or {@code null}
     */
    public @Nullable String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "openai-test-server");
    t.setDaemon(true);
    return t;
  });
  private final Deque<Reply> script = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile @Nullable CountDownLatch gate;
  private volatile Reply otherwise = Reply.error(500, "server_error", "script_exhausted");
  private volatile java.util.function.@Nullable Function<dev.persona.llm.LlmRequest, String> answering;
  private final BatchBehaviour batchBehaviour = new BatchBehaviour();
  private final OpenAiBatchEndpoints batchEndpoints = new OpenAiBatchEndpoints(batchBehaviour, this::defaultBatchText);

  private OpenAiCompatibleServer(HttpServer server) {
    this.server = server;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @return the running server
   * @throws IOException if no port can be bound
   */
  public static OpenAiCompatibleServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OpenAiCompatibleServer s = new OpenAiCompatibleServer(http);
    http.start();
    return s;
  }

  /**
   * The base URL to configure a client with, ending in {@code /v1}.
   *
   * @return for example {@code http://127.0.0.1:41234/v1}
   */
  public URI baseUrl() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + "/v1");
  }

  /**
   * Queues replies, answered in order.
   *
   * @param replies the replies
   * @return this server
   */
  public synchronized OpenAiCompatibleServer enqueue(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /**
   * Sets the reply once the queue is empty (by default a 500 error).
   *
   * @param reply the reply
   * @return this server
   */
  public OpenAiCompatibleServer otherwise(Reply reply) {
    this.otherwise = reply;
    return this;
  }

  /**
   * Answers chat requests, once the queue is empty, with text computed from each request (for
   * example a template writer's), with usage counted from the lengths: about three characters a
   * token. Batches use it too unless {@link BatchBehaviour#answer} says otherwise.
   *
   * @param answer from the request to the assistant's text
   * @return this server
   */
  public OpenAiCompatibleServer answering(java.util.function.Function<dev.persona.llm.LlmRequest, String> answer) {
    this.answering = answer;
    return this;
  }

  /**
   * How batches ({@code /v1/files}, {@code /v1/batches}) behave: delays, order, malformed, failed
   * and expired lines, whole-batch failures.
   *
   * @return the settings, to change
   */
  public BatchBehaviour batches() {
    return batchBehaviour;
  }

  /**
   * How many batches were created ({@code POST /v1/batches} that made one), whatever was answered.
   *
   * @return the count
   */
  public int batchesCreated() {
    return batchEndpoints.created();
  }

  private String defaultBatchText(dev.persona.llm.LlmRequest request) {
    java.util.function.Function<dev.persona.llm.LlmRequest, String> a = answering;
    if (a != null) {
      return a.apply(request);
    }
    JsonNode reply = Json.parse(otherwise.body());
    return reply.path("choices").path(0).path("message").path("content").asText("{}");
  }

  /** A chat completion with this text and usage counted from the lengths (three characters a token). */
  static String completion(String text, dev.persona.llm.LlmRequest request) {
    long prompt = 0;
    for (dev.persona.llm.LlmMessage m : request.messages()) {
      prompt += m.content().length();
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1_764_000_000L)
        .put("model", "test-model-2026-01-01");
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", text);
    choice.put("finish_reason", "stop");
    root.putObject("usage").put("prompt_tokens", prompt / 3).put("completion_tokens", text.length() / 3)
        .put("total_tokens", prompt / 3 + text.length() / 3).putObject("prompt_tokens_details").put("cached_tokens", 0);
    return Json.write(root);
  }

  /**
   * Makes every request wait, after it arrived, until {@code n} requests are inside the server at
   * once (or 30 seconds pass): proof that a client really sends {@code n} calls concurrently.
   *
   * @param n the number of requests to hold
   * @return this server
   */
  public OpenAiCompatibleServer holdUntilConcurrent(int n) {
    this.gate = new CountDownLatch(n);
    return this;
  }

  /**
   * The requests received, in order.
   *
   * @return a copy
   */
  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /**
   * The most requests that were inside the server at once.
   *
   * @return the count
   */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      byte[] raw = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      JsonNode body;
      try {
        body = exchange.getRequestURI().getPath().equals("/v1/files") ? Json.MAPPER.createObjectNode()
            : Json.parse(new String(raw, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        body = Json.MAPPER.createObjectNode();
      }
      String path = exchange.getRequestURI().getPath();
      if (OpenAiBatchEndpoints.handles(path)) {
        synchronized (this) {
          received.add(new Received(path, headers, body));
        }
        OpenAiBatchEndpoints.Answer a = batchEndpoints.handle(exchange.getRequestMethod(), path,
            String.valueOf(exchange.getRequestURI().getQuery()), headers, raw);
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
        return;
      }
      Reply reply;
      synchronized (this) {
        received.add(new Received(path, headers, body));
        Reply next = script.pollFirst();
        java.util.function.Function<dev.persona.llm.LlmRequest, String> a = answering;
        reply = next != null ? next : a != null && path.endsWith("/chat/completions")
            ? new Reply(200, Map.of("content-type", "application/json"),
                completion(a.apply(OpenAiBatchEndpoints.request(body)), OpenAiBatchEndpoints.request(body)),
                Duration.ZERO, false)
            : otherwise;
      }
      CountDownLatch g = gate;
      if (g != null) {
        g.countDown();
        g.await(30, TimeUnit.SECONDS);
      }
      if (!exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
        reply = Reply.error(404, "invalid_request_error", "unknown_url");
      }
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      OutputStream out = exchange.getResponseBody();
      if (reply.dropMidBody()) {
        out.write(bytes, 0, bytes.length / 2);
        out.flush();
        // Closing with fewer bytes than announced makes the server drop the connection.
        exchange.close();
        return;
      }
      out.write(bytes);
      out.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
    } catch (IOException e) {
      exchange.close();
    } finally {
      inFlight.decrementAndGet();
    }
  }
}

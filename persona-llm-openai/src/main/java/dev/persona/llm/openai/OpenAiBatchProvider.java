package dev.persona.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.llm.BatchHandle;
import dev.persona.llm.BatchRequest;
import dev.persona.llm.BatchResult;
import dev.persona.llm.BatchStatus;
import dev.persona.llm.LlmBatchProvider;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's Batch API (and compatible servers): requests go up as a JSONL file ({@code /v1/files}),
 * a batch runs them within 24 hours ({@code /v1/batches}), and the output and error files come
 * back. Requests are encoded exactly as {@link OpenAiLlmProvider} encodes them, and errors, per
 * batch and per line, are mapped the same way. A key becomes the batch's {@code persona_key}
 * metadata, and {@link #find} reads the batch list back to a given time for it.
 * Built with {@link OpenAiLlmProvider.Builder#buildBatch()}.
 */
public final class OpenAiBatchProvider implements LlmBatchProvider {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.llm.openai");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
  private static final String METADATA_KEY = "persona_key";
  /** 100,000 batches: 50 hours at the API's 2,000 batches an hour. */
  private static final int MAX_LIST_PAGES = 1000;

  private final OpenAiHttp http;
  private final ChatCodec codec;
  private final Duration timeout;

  OpenAiBatchProvider(OpenAiHttp http, ChatCodec codec, Duration timeout) {
    this.http = http;
    this.codec = codec;
    this.timeout = timeout;
  }

  @Override
  public String model() {
    return codec.model();
  }

  @Override
  public BatchHandle submit(String key, List<BatchRequest> requests) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new LlmException(Kind.INVALID_REQUEST, "a batch key is 1 to 64 of A-Z a-z 0-9 _ . : / -");
    }
    if (requests == null || requests.isEmpty() || requests.size() > maxRequests()) {
      throw new LlmException(Kind.INVALID_REQUEST, "a batch holds 1 to " + maxRequests() + " requests");
    }
    List<byte[]> jsonl = new ArrayList<>(requests.size());
    Set<String> ids = new HashSet<>();
    for (BatchRequest r : requests) {
      if (!ids.add(r.id())) {
        throw new LlmException(Kind.INVALID_REQUEST, "request ids in a batch must be distinct");
      }
      ObjectNode line = ChatCodec.JSON.createObjectNode().put("custom_id", r.id()).put("method", "POST")
          .put("url", "/v1/chat/completions");
      line.set("body", codec.encode(r.request()));
      jsonl.add((write(line) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String file = upload(jsonl).path("id").asText("");
    if (file.isBlank()) {
      throw new LlmException(Kind.UNAVAILABLE, "the file upload's answer has no id");
    }
    ObjectNode create = ChatCodec.JSON.createObjectNode().put("input_file_id", file)
        .put("endpoint", "/v1/chat/completions").put("completion_window", "24h");
    create.putObject("metadata").put(METADATA_KEY, key);
    JsonNode batch = json(http.send("POST", "batches", HttpRequest.BodyPublishers.ofString(write(create)),
        "application/json", timeout));
    String id = batch.path("id").asText("");
    if (id.isBlank()) {
      throw new LlmException(Kind.UNAVAILABLE, "the batch's answer has no id");
    }
    LOG.info("submitted batch {} with {} request(s) for key {}", id, requests.size(), key);
    return new BatchHandle(id);
  }

  /**
   * Reads the list of batches, newest first, 100 a page, back to {@code since}: the API has no
   * search by metadata. The newest batch with the key wins.
   */
  @Override
  public Optional<BatchHandle> find(String key, Instant since) {
    if (key == null || !KEY.matcher(key).matches() || since == null) {
      throw new LlmException(Kind.INVALID_REQUEST, "find needs a batch key and a time to look back to");
    }
    String after = null;
    for (int page = 0; page < MAX_LIST_PAGES; page++) {
      JsonNode list = json(http.send("GET", "batches?limit=100" + (after == null ? ""
          : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)), HttpRequest.BodyPublishers.noBody(),
          null, timeout));
      String last = null;
      for (JsonNode b : list.path("data")) {
        String id = b.path("id").asText("");
        if (b.path("created_at").canConvertToLong() && b.path("created_at").asLong() < since.getEpochSecond()) {
          return Optional.empty(); // older than since: no further to look
        }
        if (key.equals(b.path("metadata").path(METADATA_KEY).asText(null)) && !id.isBlank()) {
          return Optional.of(new BatchHandle(id));
        }
        last = id.isBlank() ? last : id;
      }
      if (!list.path("has_more").asBoolean(false) || last == null || last.equals(after)) {
        return Optional.empty();
      }
      after = last;
    }
    LOG.warn("no batch for key {} in the newest {} batches; looking no further", key, MAX_LIST_PAGES * 100);
    return Optional.empty();
  }

  @Override
  public BatchStatus status(BatchHandle batch) {
    JsonNode b = batch(batch);
    JsonNode counts = b.path("request_counts");
    int total = counts.path("total").asInt(0);
    int completed = counts.path("completed").asInt(0);
    int failed = counts.path("failed").asInt(0);
    return switch (b.path("status").asText("")) {
      case "completed" -> new BatchStatus(BatchStatus.State.COMPLETED, total, completed, failed, null);
      case "expired" -> new BatchStatus(BatchStatus.State.EXPIRED, total, completed, failed, null);
      case "cancelled", "cancelling" -> new BatchStatus(b.path("status").asText().equals("cancelled")
          ? BatchStatus.State.CANCELLED : BatchStatus.State.IN_PROGRESS, total, completed, failed, null);
      case "failed" -> new BatchStatus(BatchStatus.State.FAILED, total, completed, failed, batchError(b));
      default -> new BatchStatus(BatchStatus.State.IN_PROGRESS, total, completed, failed, null);
    };
  }

  /** Why a whole batch failed: a token limit is a rate limit (try later), a quota is exhausted. */
  private static LlmException batchError(JsonNode batch) {
    String code = batch.path("errors").path("data").path(0).path("code").asText("");
    String c = OpenAiErrors.token(code);
    if (c.equals("token_limit_exceeded") || c.equals("rate_limit_exceeded")) {
      return new LlmException(Kind.RATE_LIMITED, "batch failed: " + c);
    }
    if (c.equals("insufficient_quota") || c.equals("billing_hard_limit_reached")) {
      return new LlmException(Kind.QUOTA_EXHAUSTED, "batch failed: " + c);
    }
    return new LlmException(Kind.INVALID_REQUEST, "batch failed" + (c.isBlank() ? "" : ": " + c));
  }

  @Override
  public List<BatchResult> results(BatchHandle batch) {
    JsonNode b = batch(batch);
    List<BatchResult> out = new ArrayList<>();
    for (String field : List.of("output_file_id", "error_file_id")) {
      String file = b.path(field).asText("");
      if (file.isBlank() || b.path(field).isNull()) {
        continue;
      }
      // read line by line: an output file can be hundreds of megabytes
      HttpResponse<Stream<String>> content = http.send("GET", "files/" + URLEncoder.encode(file, StandardCharsets.UTF_8)
          + "/content", HttpRequest.BodyPublishers.noBody(), null, timeout,
          HttpResponse.BodyHandlers.ofLines());
      try (Stream<String> lines = content.body()) {
        if (content.statusCode() / 100 != 2) {
          throw OpenAiErrors.failure(content.statusCode(), lines.limit(200).collect(Collectors.joining("\n")),
              content.headers()::firstValue);
        }
        lines.filter(l -> !l.isBlank()).forEach(line -> {
          BatchResult r = line(line);
          if (r != null) {
            out.add(r);
          }
        });
      } catch (UncheckedIOException e) {
        throw new LlmException(Kind.UNAVAILABLE, "reading a batch's " + field.replace("_id", "") + " failed", null, e);
      }
    }
    return out;
  }

  /** One output or error line; {@code null} when it cannot be read at all (its request counts as failed). */
  private @Nullable BatchResult line(String line) {
    JsonNode n;
    try {
      n = ChatCodec.JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    String id = n.path("custom_id").asText("");
    if (id.isBlank()) {
      return null;
    }
    JsonNode error = n.path("error");
    if (error.isObject()) {
      String code = OpenAiErrors.token(error.path("code").asText(""));
      Kind kind = code.equals("batch_expired") ? Kind.TIMEOUT : Kind.UNAVAILABLE;
      return BatchResult.failed(id, new LlmException(kind, "batch line failed" + (code.isBlank() ? "" : ": " + code)));
    }
    JsonNode response = n.path("response");
    int status = response.path("status_code").asInt(0);
    if (status / 100 != 2) {
      return BatchResult.failed(id, OpenAiErrors.failure(status == 0 ? 500 : status, write(response.path("body")),
          h -> Optional.empty()));
    }
    try {
      return BatchResult.answered(id, codec.decode(response.path("body")));
    } catch (LlmException e) {
      return BatchResult.failed(id, e);
    }
  }

  @Override
  public void cancel(BatchHandle batch) {
    if (batch == null) {
      throw new LlmException(Kind.INVALID_REQUEST, "batch is required");
    }
    check(http.send("POST", "batches/" + URLEncoder.encode(batch.id(), StandardCharsets.UTF_8) + "/cancel",
        HttpRequest.BodyPublishers.noBody(), null, timeout));
  }

  private JsonNode batch(BatchHandle batch) {
    if (batch == null) {
      throw new LlmException(Kind.INVALID_REQUEST, "batch is required");
    }
    return json(http.send("GET", "batches/" + URLEncoder.encode(batch.id(), StandardCharsets.UTF_8),
        HttpRequest.BodyPublishers.noBody(), null, timeout));
  }

  /** Uploads the lines as a multipart body, without copying them into one array. */
  private JsonNode upload(List<byte[]> jsonl) {
    String boundary = "persona-" + UUID.randomUUID();
    List<byte[]> body = new ArrayList<>(jsonl.size() + 2);
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"persona-batch.jsonl\"\r\n"
        + "Content-Type: application/jsonl\r\n\r\n";
    body.add(head.getBytes(StandardCharsets.UTF_8));
    body.addAll(jsonl);
    body.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return json(http.send("POST", "files", HttpRequest.BodyPublishers.ofByteArrays(body),
        "multipart/form-data; boundary=" + boundary, timeout));
  }

  private static void check(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw OpenAiErrors.failure(response.statusCode(), response.body(), response.headers()::firstValue);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    check(response);
    try {
      return ChatCodec.JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new LlmException(Kind.UNAVAILABLE, "the server's answer is not JSON", null, null);
    }
  }

  private static String write(JsonNode node) {
    try {
      return ChatCodec.JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new LlmException(Kind.INVALID_REQUEST, "cannot write a batch line", null, e);
    }
  }

  /** Shows where it points and which model, never the key. */
  @Override
  public String toString() {
    return "OpenAiBatchProvider[baseUrl=" + http.baseUrl() + ", model=" + model() + ", apiKey="
        + (http.hasKey() ? "<redacted>" : "<none>") + "]";
  }
}

package dev.persona.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.internal.Json;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** OpenAI's Files and Batch endpoints, in memory, for {@link OpenAiCompatibleServer}. */
final class OpenAiBatchEndpoints {

  /** An answer: status, content type, body. */
  record Answer(int status, String body) {}

  private static final Pattern FILE_CONTENT = Pattern.compile("/v1/files/([^/]+)/content");
  private static final Pattern BATCH = Pattern.compile("/v1/batches/([^/]+)");
  private static final Pattern CANCEL = Pattern.compile("/v1/batches/([^/]+)/cancel");

  private final BatchBehaviour behaviour;
  private final Function<LlmRequest, String> defaultAnswer;
  private final Map<String, String> files = new LinkedHashMap<>();
  private final Map<String, Batch> batches = new LinkedHashMap<>();
  private int counter;

  private static final class Batch {
    final String id;
    final String inputFile;
    final ObjectNode metadata;
    final int pollsBeforeDone;
    final long created;
    final long createdAt = java.time.Instant.now().getEpochSecond();
    final @Nullable String scriptedError;
    String status = "validating";
    int polls;
    int total;
    int completed;
    int failed;
    String outputFile = "";
    String errorFile = "";
    String error = "";
    final BatchBehaviour settings;

    Batch(String id, String inputFile, ObjectNode metadata, BatchBehaviour b, long created) {
      this.id = id;
      this.inputFile = inputFile;
      this.metadata = metadata;
      this.pollsBeforeDone = b.pollsBeforeDone();
      this.settings = b;
      this.created = created;
      this.scriptedError = b.nextBatchError();
    }
  }

  OpenAiBatchEndpoints(BatchBehaviour behaviour, Function<LlmRequest, String> defaultAnswer) {
    this.behaviour = behaviour;
    this.defaultAnswer = defaultAnswer;
  }

  static boolean handles(String path) {
    return path.startsWith("/v1/files") || path.startsWith("/v1/batches");
  }

  synchronized Answer handle(String method, String path, String query, Map<String, String> headers, byte[] body) {
    if (method.equals("POST") && path.equals("/v1/files")) {
      return upload(headers.getOrDefault("content-type", ""), body);
    }
    if (method.equals("POST") && path.equals("/v1/batches")) {
      Answer created = create(Json.parse(new String(body, StandardCharsets.UTF_8)));
      return created.status() == 200 && behaviour.loseCreateAnswer()
          ? error(500, "server_error", "scripted_lost_answer") : created;
    }
    if (method.equals("GET") && path.equals("/v1/batches")) {
      return list(query);
    }
    Matcher content = FILE_CONTENT.matcher(path);
    if (method.equals("GET") && content.matches()) {
      String text = files.get(content.group(1));
      return text == null ? notFound() : new Answer(200, text);
    }
    Matcher cancel = CANCEL.matcher(path);
    if (method.equals("POST") && cancel.matches()) {
      Batch b = batches.get(cancel.group(1));
      if (b == null) {
        return notFound();
      }
      if (!isFinal(b.status)) {
        b.status = "cancelled";
      }
      return new Answer(200, Json.write(view(b)));
    }
    Matcher batch = BATCH.matcher(path);
    if (method.equals("GET") && batch.matches()) {
      Batch b = batches.get(batch.group(1));
      if (b == null) {
        return notFound();
      }
      b.polls++;
      if (!isFinal(b.status) && b.polls > b.pollsBeforeDone) {
        run(b);
      } else if (!isFinal(b.status)) {
        b.status = "in_progress";
      }
      return new Answer(200, Json.write(view(b)));
    }
    return notFound();
  }

  private static boolean isFinal(String status) {
    return List.of("completed", "failed", "expired", "cancelled").contains(status);
  }

  private Answer upload(String contentType, byte[] body) {
    int at = contentType.indexOf("boundary=");
    if (at < 0) {
      return error(400, "invalid_request_error", "multipart_expected");
    }
    String boundary = "--" + contentType.substring(at + 9).replace("\"", "").strip();
    String text = new String(body, StandardCharsets.UTF_8);
    String purpose = "";
    String content = null;
    for (String part : Pattern.compile(Pattern.quote(boundary)).split(text, -1)) {
      int split = part.indexOf("\r\n\r\n");
      if (split < 0) {
        continue;
      }
      String head = part.substring(0, split).toLowerCase(Locale.ROOT);
      String value = part.substring(split + 4);
      if (value.endsWith("\r\n")) {
        value = value.substring(0, value.length() - 2);
      }
      if (head.contains("name=\"purpose\"")) {
        purpose = value.strip();
      } else if (head.contains("name=\"file\"")) {
        content = value;
      }
    }
    if (content == null || !purpose.equals("batch")) {
      return error(400, "invalid_request_error", "invalid_file");
    }
    String id = "file-" + ++counter;
    files.put(id, content);
    ObjectNode out = Json.MAPPER.createObjectNode().put("id", id).put("object", "file").put("purpose", "batch")
        .put("bytes", content.getBytes(StandardCharsets.UTF_8).length);
    return new Answer(200, Json.write(out));
  }

  private Answer create(JsonNode request) {
    String input = request.path("input_file_id").asText("");
    if (!files.containsKey(input) || !request.path("endpoint").asText("").equals("/v1/chat/completions")) {
      return error(400, "invalid_request_error", "invalid_batch");
    }
    ObjectNode metadata = request.path("metadata").isObject() ? (ObjectNode) request.path("metadata").deepCopy()
        : Json.MAPPER.createObjectNode();
    Batch b = new Batch("batch_" + ++counter, input, metadata, behaviour, counter);
    b.total = (int) files.getOrDefault(input, "").lines().filter(l -> !l.isBlank()).count();
    batches.put(b.id, b);
    return new Answer(200, Json.write(view(b)));
  }

  /** How many batches were created. */
  synchronized int created() {
    return batches.size();
  }

  /** Newest first, {@code limit} (1 to 100, default 20) a page, after the batch id {@code after}. */
  private Answer list(String query) {
    int limit = 20;
    String after = null;
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (name.equals("limit")) {
        try {
          limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          return error(400, "invalid_request_error", "invalid_limit");
        }
        if (limit < 1 || limit > 100) {
          return error(400, "invalid_request_error", "invalid_limit");
        }
      } else if (name.equals("after")) {
        after = value;
      }
    }
    List<Batch> newestFirst = new ArrayList<>(batches.values());
    Collections.reverse(newestFirst);
    int from = 0;
    if (after != null) {
      from = -1;
      for (int i = 0; i < newestFirst.size(); i++) {
        if (newestFirst.get(i).id.equals(after)) {
          from = i + 1;
        }
      }
      if (from < 0) {
        return error(400, "invalid_request_error", "invalid_after");
      }
    }
    List<Batch> page = newestFirst.subList(from, Math.min(newestFirst.size(), from + limit));
    ObjectNode out = Json.MAPPER.createObjectNode().put("object", "list");
    ArrayNode data = out.putArray("data");
    page.forEach(b -> data.add(view(b)));
    if (page.isEmpty()) {
      out.putNull("first_id").putNull("last_id");
    } else {
      out.put("first_id", page.get(0).id).put("last_id", page.get(page.size() - 1).id);
    }
    out.put("has_more", from + page.size() < newestFirst.size());
    return new Answer(200, Json.write(out));
  }

  private void run(Batch b) {
    BatchBehaviour s = b.settings;
    String scripted = b.scriptedError != null ? b.scriptedError : s.batchError();
    if (scripted != null) {
      b.status = "failed";
      b.error = scripted;
      return;
    }
    List<String> output = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    boolean expired = false;
    int n = 0;
    for (String line : files.getOrDefault(b.inputFile, "").lines().filter(l -> !l.isBlank()).toList()) {
      n++;
      JsonNode in = Json.parse(line);
      String customId = in.path("custom_id").asText();
      ObjectNode out = Json.MAPPER.createObjectNode().put("id", "batch_req_" + n).put("custom_id", customId);
      if (s.expireEvery() > 0 && n % s.expireEvery() == 0) {
        out.putNull("response");
        out.putObject("error").put("code", "batch_expired").put("message", "This request could not be executed "
            + "before the completion window expired.");
        errors.add(Json.write(out));
        expired = true;
        b.failed++;
      } else if (s.failEvery() > 0 && n % s.failEvery() == 0) {
        ObjectNode response = out.putObject("response").put("status_code", 500).put("request_id", "req_" + n);
        response.putObject("body").putObject("error").put("message", "scripted failure").put("type", "server_error")
            .putNull("code");
        out.putNull("error");
        errors.add(Json.write(out));
        b.failed++;
      } else if (s.malformedEvery() > 0 && n % s.malformedEvery() == 0) {
        output.add("{\"id\": \"batch_req_" + n + "\", \"custom_id\": \"" + customId + "\", \"response\": {\"status");
        b.completed++;
      } else {
        LlmRequest request = request(in.path("body"));
        Function<LlmRequest, String> a = s.answer();
        String text = a != null ? a.apply(request) : defaultAnswer.apply(request);
        ObjectNode response = out.putObject("response").put("status_code", 200).put("request_id", "req_" + n);
        response.set("body", Json.parse(OpenAiCompatibleServer.completion(text, request)));
        out.putNull("error");
        output.add(Json.write(out));
        b.completed++;
      }
    }
    if (s.outOfOrder()) {
      Collections.shuffle(output, new Random(b.created));
      Collections.shuffle(errors, new Random(b.created + 1));
    }
    if (!output.isEmpty()) {
      b.outputFile = "file-" + ++counter;
      files.put(b.outputFile, String.join("\n", output) + "\n");
    }
    if (!errors.isEmpty()) {
      b.errorFile = "file-" + ++counter;
      files.put(b.errorFile, String.join("\n", errors) + "\n");
    }
    b.status = expired ? "expired" : "completed";
  }

  /** The chat request a batch line carries, as the provider SPI sees it. */
  static LlmRequest request(JsonNode body) {
    List<LlmMessage> messages = new ArrayList<>();
    for (JsonNode m : body.path("messages")) {
      messages.add(new LlmMessage(LlmMessage.Role.valueOf(m.path("role").asText("user").toUpperCase(Locale.ROOT)),
          m.path("content").asText("")));
    }
    int max = body.path("max_tokens").asInt(body.path("max_completion_tokens").asInt(1000));
    return new LlmRequest(messages, null, body.path("temperature").asDouble(0.7), Math.max(1, max),
        Duration.ofSeconds(60));
  }

  private static ObjectNode view(Batch b) {
    ObjectNode o = Json.MAPPER.createObjectNode().put("id", b.id).put("object", "batch")
        .put("endpoint", "/v1/chat/completions").put("input_file_id", b.inputFile).put("completion_window", "24h")
        .put("status", b.status).put("created_at", b.createdAt);
    if (b.outputFile.isEmpty()) {
      o.putNull("output_file_id");
    } else {
      o.put("output_file_id", b.outputFile);
    }
    if (b.errorFile.isEmpty()) {
      o.putNull("error_file_id");
    } else {
      o.put("error_file_id", b.errorFile);
    }
    o.putObject("request_counts").put("total", b.total).put("completed", b.completed).put("failed", b.failed);
    o.set("metadata", b.metadata.deepCopy());
    if (b.error.isEmpty()) {
      o.putNull("errors");
    } else {
      o.putObject("errors").put("object", "list").putArray("data").addObject().put("code", b.error)
          .put("message", "scripted batch failure").putNull("line");
    }
    return o;
  }

  private static Answer notFound() {
    return error(404, "invalid_request_error", "not_found");
  }

  private static Answer error(int status, String type, String code) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.putObject("error").put("message", "scripted " + status + " error").put("type", type).put("code", code);
    return new Answer(status, Json.write(root));
  }
}

package dev.persona.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.persona.LessonResult;
import dev.persona.NotFoundException;
import dev.persona.PersonaException;
import dev.persona.PersonalizationService;
import dev.persona.RegenerationReport;
import dev.persona.Submission;
import dev.persona.SubmissionStatus;
import dev.persona.SurveySubmission;
import dev.persona.ValidationException;
import dev.persona.ValidationException.FieldError;
import dev.persona.html.LessonBlockHtml;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.store.PersonaStore;
import dev.persona.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The original system's HTTP endpoints, done over Persona, on the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code POST /api/personalizations} {@code {profileId, lessonId, content}}: save (create or
 *       replace) one personalization; the content must have all five fields;
 *   <li>{@code DELETE /api/personalizations} {@code {profileId, lessonId}} (a JSON body, as the
 *       original had it);
 *   <li>{@code GET /api/profiles/{profileId}/personalizations};
 *   <li>{@code POST /api/survey} (the original's body: {@code uid}, {@code course}, {@code
 *       real_name}, answers): stores the learner's profile and answers 202 with a status link while
 *       lessons are personalized in the background; {@code GET /api/survey/{id}} tells how it went;
 *   <li>{@code POST /api/persona/block} {@code {user_id, lesson, course}}: the learner's lesson as
 *       escaped HTML, personalized on demand, or the lesson's plain block with an absolute survey
 *       link when the learner has no profile.
 * </ul>
 *
 * <p>Every endpoint but the block needs {@code Authorization: Bearer <token>} (the original had no
 * authentication at all, and exposed every profile). Input is validated; errors are JSON {@code
 * {"error": {"code", "message", "fields"}}} with 400, 401, 404, 405, 413 or 503. Bodies over 1 MiB
 * are refused. CORS is answered for the configured origins only.
 */
public final class HttpApi implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1024 * 1024;
  private static final Pattern PROFILE_PATH = Pattern.compile("/api/profiles/([^/]+)/personalizations");
  private static final Pattern SUBMISSION_PATH = Pattern.compile("/api/survey/([^/]+)");

  /**
   * How to run the API.
   *
   * @param service the personalization service
   * @param store the store the service uses (for lookups the service does not offer)
   * @param writeToken the bearer token every protected endpoint requires
   * @param surveyUrl the survey page's absolute URL; the block links to it with {@code uid} and
   *     {@code course} added
   * @param allowedOrigins origins allowed to call the block from a browser
   * @param port the port, 0 for any free one
   */
  public record Config(PersonalizationService service, PersonaStore store, String writeToken, URI surveyUrl,
      Set<String> allowedOrigins, int port) {

    /** Validates and copies. */
    public Config {
      if (service == null || store == null || allowedOrigins == null) {
        throw ValidationException.of("config", "service, store and allowedOrigins are required");
      }
      if (writeToken == null || writeToken.length() < 16) {
        throw ValidationException.of("writeToken", "must be at least 16 characters");
      }
      if (surveyUrl == null || !surveyUrl.isAbsolute()) {
        throw ValidationException.of("surveyUrl", "must be an absolute URL");
      }
      allowedOrigins = Set.copyOf(allowedOrigins);
    }
  }

  /** A route's answer. */
  record Answer(int status, JsonNode body) {}

  private final Config config;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "persona-http");
    t.setDaemon(true);
    return t;
  });

  private HttpApi(Config config, HttpServer server) {
    this.config = config;
    this.server = server;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts the API on loopback.
   *
   * @param config the configuration
   * @return the running API
   * @throws IOException if the port cannot be bound
   */
  public static HttpApi start(Config config) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 0);
    HttpApi api = new HttpApi(config, http);
    http.start();
    return api;
  }

  /**
   * Where the API listens.
   *
   * @return for example {@code http://127.0.0.1:8080}
   */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    Answer answer;
    try {
      answer = route(ex);
    } catch (Unauthorized e) {
      answer = error(401, "unauthorized", "missing or wrong bearer token", List.of());
    } catch (MethodNotAllowed e) {
      answer = error(405, "method_not_allowed", "method not allowed", List.of());
    } catch (ValidationException e) {
      answer = error(400, "validation", "invalid input", e.errors());
    } catch (NotFoundException e) {
      answer = error(404, "not_found", e.getMessage(), List.of());
    } catch (StoreUnavailableException e) {
      answer = error(503, "unavailable", "storage is unavailable; try again", List.of());
    } catch (BodyTooLarge e) {
      answer = error(413, "too_large", "the body is over 1 MiB", List.of());
    } catch (PersonaException e) {
      answer = error(500, "internal", "internal error", List.of());
    } catch (RuntimeException e) {
      answer = error(500, "internal", "internal error", List.of());
    }
    byte[] bytes = JSON.writeValueAsBytes(answer.body());
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Answer route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    if (path.equals("/api/persona/block")) {
      cors(ex);
      if (method.equals("OPTIONS")) {
        return new Answer(200, JSON.createObjectNode());
      }
      requireMethod(method, "POST");
      return block(body(ex));
    }
    if (path.equals("/api/personalizations")) {
      requireToken(ex);
      if (method.equals("POST")) {
        return save(body(ex));
      }
      if (method.equals("DELETE")) {
        return delete(body(ex));
      }
      throw new MethodNotAllowed();
    }
    if (path.equals("/api/survey")) {
      requireToken(ex);
      requireMethod(method, "POST");
      return submitSurvey(body(ex));
    }
    Matcher s = SUBMISSION_PATH.matcher(path);
    if (s.matches()) {
      requireToken(ex);
      requireMethod(method, "GET");
      return submissionStatus(uuid(s.group(1), "submissionId"));
    }
    Matcher m = PROFILE_PATH.matcher(path);
    if (m.matches()) {
      requireToken(ex);
      requireMethod(method, "GET");
      return personalizationsOf(uuid(m.group(1), "profileId"));
    }
    return error(404, "not_found", "no such endpoint", List.of());
  }

  // ---- endpoints ----

  private Answer save(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    UUID profileId = uuidField(body, "profileId", errors);
    UUID lessonId = uuidField(body, "lessonId", errors);
    JsonNode content = body.get("content");
    if (content == null || !content.isObject()) {
      errors.add(new FieldError("content", "must be a JSON object with the five fields"));
    }
    if (!errors.isEmpty() || profileId == null || lessonId == null || content == null) {
      throw new ValidationException(errors);
    }
    PersonalizedContent parsed = PersonalizedContent.fromJson(JsonValue.of(content));
    boolean existed = config.store().findPersonalization(profileId, lessonId).isPresent();
    Personalization saved = config.service().save(profileId, lessonId, parsed);
    ObjectNode out = JSON.createObjectNode();
    out.put("success", true);
    out.set("data", personalization(saved));
    out.put("message", existed ? "Персонализация обновлена" : "Персонализация создана");
    return new Answer(200, out);
  }

  private Answer delete(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    UUID profileId = uuidField(body, "profileId", errors);
    UUID lessonId = uuidField(body, "lessonId", errors);
    if (!errors.isEmpty() || profileId == null || lessonId == null) {
      throw new ValidationException(errors);
    }
    boolean deleted = config.service().delete(profileId, lessonId);
    ObjectNode out = JSON.createObjectNode();
    out.put("success", true);
    out.put("deleted", deleted);
    out.put("message", deleted ? "Персонализация удалена" : "Персонализации не было");
    return new Answer(200, out);
  }

  private Answer personalizationsOf(UUID profileId) {
    if (config.store().findProfile(profileId).isEmpty()) {
      throw new NotFoundException("no profile " + profileId);
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("personalizations");
    for (Personalization p : config.store().personalizations(profileId)) {
      list.add(personalization(p));
    }
    return new Answer(200, out);
  }

  private Answer block(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    String user = text(body, "user_id", 200, errors);
    String course = text(body, "course", Course.MAX_SLUG_LENGTH, errors);
    int lesson = lessonNumber(body.get("lesson"), errors);
    if (!errors.isEmpty() || user == null || course == null) {
      throw new ValidationException(errors);
    }
    Course c = config.store().findCourse(course)
        .orElseThrow(() -> new NotFoundException("course '" + course + "' not found"));
    Lesson l = config.store().lessons(c.id()).stream().filter(x -> x.number() == lesson).findFirst()
        .orElseThrow(() -> new NotFoundException("lesson " + lesson + " not found in course '" + course + "'"));
    LessonBlockHtml html = LessonBlockHtml.in(config.service().prompt().language());
    Optional<Profile> profile = config.store().findProfile(user, course);
    String rendered;
    boolean personalized = false;
    if (profile.isPresent()) {
      LessonResult r = config.service().personalizeLesson(user, course, lesson);
      Personalization p = r.personalization();
      if (p != null) {
        rendered = html.personalized(p.content());
        personalized = true;
      } else {
        rendered = html.fallback(l.title(), l.summary(), surveyLink(user, course));
      }
    } else {
      rendered = html.fallback(l.title(), l.summary(), surveyLink(user, course));
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("ok", true);
    out.put("personalized", personalized);
    out.put("html", rendered);
    return new Answer(200, out);
  }

  private Answer submitSurvey(JsonNode body) {
    Submission s = config.service().submitSurvey(SurveySubmission.fromJson(JsonValue.of(body)));
    ObjectNode out = JSON.createObjectNode();
    out.put("success", true);
    out.put("submission_id", s.id().toString());
    out.put("profile_id", s.profile().id().toString());
    out.put("answers_changed", s.answersChanged());
    out.put("status_url", "/api/survey/" + s.id());
    return new Answer(202, out);
  }

  private Answer submissionStatus(UUID id) {
    SubmissionStatus st = config.service().submissionStatus(id)
        .orElseThrow(() -> new NotFoundException("no submission " + id));
    ObjectNode out = JSON.createObjectNode();
    out.put("submission_id", st.id().toString());
    out.put("state", st.state().name().toLowerCase(java.util.Locale.ROOT));
    RegenerationReport r = st.report();
    if (r != null) {
      ObjectNode counts = out.putObject("lessons");
      r.counts().forEach((k, v) -> counts.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
    }
    if (st.failure() != null) {
      out.put("failure", st.failure());
    }
    return new Answer(200, out);
  }

  // ---- plumbing ----

  private URI surveyLink(String user, String course) {
    String base = config.surveyUrl().toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + "uid=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&course=" + URLEncoder.encode(course, StandardCharsets.UTF_8));
  }

  static ObjectNode personalization(Personalization p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", p.id().toString());
    o.put("profile_id", p.profileId().toString());
    o.put("lesson_id", p.lessonId().toString());
    o.set("content", p.content().toJson().toTree());
    o.put("status", p.status().code());
    if (p.updatedAt() != null) {
      o.put("updated_at", p.updatedAt().toString());
    }
    return o;
  }

  private void requireToken(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    byte[] expected = ("Bearer " + config.writeToken()).getBytes(StandardCharsets.UTF_8);
    byte[] given = header == null ? new byte[0] : header.strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new Unauthorized();
    }
  }

  private void cors(HttpExchange ex) {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin != null && config.allowedOrigins().contains(origin)) {
      ex.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
      ex.getResponseHeaders().set("Vary", "Origin");
      ex.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
      ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
    }
  }

  private static JsonNode body(HttpExchange ex) throws IOException {
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readNBytes(MAX_BODY + 1);
    }
    if (raw.length > MAX_BODY) {
      throw new BodyTooLarge();
    }
    try {
      JsonNode node = JSON.readTree(raw);
      if (node == null || !node.isObject()) {
        throw ValidationException.of("body", "must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw ValidationException.of("body", "is not valid JSON");
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new MethodNotAllowed();
    }
  }

  static @Nullable UUID uuidField(JsonNode body, String field, List<FieldError> errors) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      errors.add(new FieldError(field, "is required and must be a UUID string"));
      return null;
    }
    try {
      return UUID.fromString(v.asText());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(field, "is not a UUID"));
      return null;
    }
  }

  private static UUID uuid(String text, String field) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ValidationException.of(field, "is not a UUID");
    }
  }

  static @Nullable String text(JsonNode body, String field, int max, List<FieldError> errors) {
    JsonNode v = body.get(field);
    if (v == null || !(v.isTextual() || v.isNumber()) || v.asText().isBlank()) {
      errors.add(new FieldError(field, "is required"));
      return null;
    }
    String s = v.asText().strip();
    if (s.length() > max) {
      errors.add(new FieldError(field, "is longer than " + max + " characters"));
      return null;
    }
    return s;
  }

  private static int lessonNumber(@Nullable JsonNode v, List<FieldError> errors) {
    if (v != null && v.canConvertToInt() && v.asInt() >= 1) {
      return v.asInt();
    }
    if (v != null && v.isTextual() && v.asText().strip().matches("[1-9][0-9]{0,5}")) {
      return Integer.parseInt(v.asText().strip());
    }
    errors.add(new FieldError("lesson", "must be a lesson number from 1"));
    return 0;
  }

  static Answer error(int status, String code, @Nullable String message, List<FieldError> fields) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode e = out.putObject("error");
    e.put("code", code);
    e.put("message", message == null ? code : message);
    ArrayNode f = e.putArray("fields");
    fields.forEach(x -> f.addObject().put("field", x.field()).put("message", x.message()));
    return new Answer(status, out);
  }

  /** Answered with 401. */
  private static final class Unauthorized extends PersonaException {
    private static final long serialVersionUID = 1L;

    Unauthorized() {
      super("missing or wrong bearer token");
    }
  }

  /** Answered with 405. */
  private static final class MethodNotAllowed extends PersonaException {
    private static final long serialVersionUID = 1L;

    MethodNotAllowed() {
      super("method not allowed");
    }
  }

  /** Answered with 413. */
  private static final class BodyTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge() {
      super("body too large");
    }
  }
}

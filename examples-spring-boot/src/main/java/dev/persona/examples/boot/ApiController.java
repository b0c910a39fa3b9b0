package dev.persona.examples.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.LessonResult;
import dev.persona.PersonalizationService;
import dev.persona.RegenerationReport;
import dev.persona.Submission;
import dev.persona.SubmissionStatus;
import dev.persona.SurveySubmission;
import dev.persona.ValidationException.FieldError;
import dev.persona.html.LessonBlockHtml;
import dev.persona.links.InvalidLinkException;
import dev.persona.links.LessonLink;
import dev.persona.links.LessonLinkSigner;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.store.PersonaStore;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints. Every one but the block needs {@code Authorization: Bearer <token>}; the block needs
 * a signed link instead. Bodies are JSON objects with snake_case keys; so are answers.
 */
@RestController
final class ApiController {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LESSON = 100_000;

  private final PersonalizationService service;
  private final PersonaStore store;
  private final HttpApiProperties properties;
  private final LessonLinkSigner signer;
  private final JsonBodies bodies;
  private final RateLimits perLearner;
  private final RateLimits perClient;
  private final byte[] expectedToken;

  ApiController(PersonalizationService service, PersonaStore store, HttpApiProperties properties,
      LessonLinkSigner signer) {
    this.service = service;
    this.store = store;
    this.properties = properties;
    this.signer = signer;
    this.bodies = new JsonBodies(properties);
    this.perLearner = new RateLimits(properties.learnerRequestsPerMinute(), 100_000);
    this.perClient = new RateLimits(properties.clientRequestsPerMinute(), 100_000);
    this.expectedToken = properties.token().getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ the block

  /** The learner's lesson as escaped HTML, reached through a signed link. */
  @PostMapping("/api/persona/block")
  ResponseEntity<String> block(HttpServletRequest request) {
    perClient.take(request.getRemoteAddr());
    JsonValue body = bodies.object(request);
    JsonNode b = body.toTree();
    List<FieldError> errors = new ArrayList<>();
    String user = text(b, "user_id", 200, errors);
    String course = text(b, "course", Course.MAX_SLUG_LENGTH, errors);
    int lesson = lessonNumber(b.get("lesson"), "lesson", errors);
    long expires = b.path("expires").isIntegralNumber() && b.path("expires").canConvertToLong()
        ? b.path("expires").longValue() : -1;
    if (expires < 0) {
      errors.add(new FieldError("expires", "must be a whole number of seconds since the epoch"));
    }
    String signature = text(b, "signature", 100, errors);
    if (!errors.isEmpty() || user == null || course == null || signature == null) {
      throw ApiException.badRequest(errors);
    }
    try {
      signer.verify(user, course, lesson, expires, signature);
    } catch (InvalidLinkException e) {
      // one answer for every reason: a caller learns nothing about which part was wrong
      throw new ApiException(403, "invalid_link", "the link is invalid or has expired");
    }
    perLearner.take(course + "\n" + user);
    Course c = store.findCourse(course).orElseThrow(() -> ApiException.notFound("course"));
    Lesson l = store.lessons(c.id()).stream().filter(x -> x.number() == lesson).findFirst()
        .orElseThrow(() -> ApiException.notFound("lesson"));
    LessonBlockHtml html = LessonBlockHtml.in(service.prompt().language());
    boolean personalized = false;
    String rendered = null;
    if (store.findProfile(user, course).isPresent()) {
      LessonResult r = service.personalizeLesson(user, course, lesson);
      Personalization p = r.personalization();
      if (p != null) {
        rendered = html.personalized(p.content());
        personalized = true;
      }
    }
    if (rendered == null) {
      rendered = html.fallback(l.title(), l.summary(), surveyLink(user, course));
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("ok", true);
    out.put("personalized", personalized);
    out.put("html", rendered);
    return ok(200, out);
  }

  /** Signs a block link, for hosts that do not sign in their own code. */
  @PostMapping("/api/persona/links")
  ResponseEntity<String> sign(HttpServletRequest request) {
    requireToken(request);
    JsonNode b = bodies.object(request).toTree();
    List<FieldError> errors = new ArrayList<>();
    String user = text(b, "user_id", 200, errors);
    String course = text(b, "course", Course.MAX_SLUG_LENGTH, errors);
    int lesson = lessonNumber(b.get("lesson"), "lesson", errors);
    long seconds = 3600;
    JsonNode life = b.get("lifetime_seconds");
    if (life != null) {
      if (life.isIntegralNumber() && life.canConvertToLong() && life.longValue() > 0
          && life.longValue() <= properties.linkMaxLifetime().toSeconds()) {
        seconds = life.longValue();
      } else {
        errors.add(new FieldError("lifetime_seconds", "must be a whole number from 1 to "
            + properties.linkMaxLifetime().toSeconds()));
      }
    }
    if (!errors.isEmpty() || user == null || course == null) {
      throw ApiException.badRequest(errors);
    }
    LessonLink link = signer.sign(user, course, lesson, Duration.ofSeconds(seconds));
    ObjectNode out = JSON.createObjectNode();
    out.put("user_id", link.userId());
    out.put("course", link.courseSlug());
    out.put("lesson", link.lessonNumber());
    out.put("expires", link.expires());
    out.put("signature", link.signature());
    out.put("query", link.toQueryString());
    return ok(200, out);
  }

  // ------------------------------------------------------------------ the survey

  /** Stores the learner's answers and personalizes the course in the background. */
  @PostMapping("/api/survey")
  ResponseEntity<String> submitSurvey(HttpServletRequest request) {
    requireToken(request);
    Submission s = service.submitSurvey(SurveySubmission.fromJson(bodies.object(request)));
    ObjectNode out = JSON.createObjectNode();
    out.put("submission_id", s.id().toString());
    out.put("profile_id", s.profile().id().toString());
    out.put("answers_changed", s.answersChanged());
    out.put("status_url", "/api/survey/" + s.id());
    return ok(202, out);
  }

  /** How a submission's personalization went. */
  @GetMapping("/api/survey/{submissionId}")
  ResponseEntity<String> submissionStatus(HttpServletRequest request, @PathVariable String submissionId) {
    requireToken(request);
    SubmissionStatus st = service.submissionStatus(uuid(submissionId, "submission_id"))
        .orElseThrow(() -> ApiException.notFound("submission"));
    ObjectNode out = JSON.createObjectNode();
    out.put("submission_id", st.id().toString());
    out.put("user_id", st.userIdentifier());
    out.put("course", st.courseSlug());
    out.put("state", st.state().name().toLowerCase(Locale.ROOT));
    RegenerationReport r = st.report();
    if (r != null) {
      ObjectNode counts = out.putObject("lessons");
      r.counts().forEach((k, v) -> counts.put(k.name().toLowerCase(Locale.ROOT), v));
    }
    if (st.failure() != null) {
      out.put("failure", st.failure());
    }
    return ok(200, out);
  }

  // ------------------------------------------------------------------ personalizations

  /** Saves (creates or replaces) one personalization, as an edit. */
  @PostMapping("/api/personalizations")
  ResponseEntity<String> save(HttpServletRequest request) {
    requireToken(request);
    JsonValue body = bodies.object(request);
    JsonNode b = body.toTree();
    List<FieldError> errors = new ArrayList<>();
    UUID profileId = uuidField(b, "profile_id", errors);
    UUID lessonId = uuidField(b, "lesson_id", errors);
    Optional<JsonValue> content = body.get("content");
    if (content.isEmpty() || !content.get().isObject()) {
      errors.add(new FieldError("content", "must be a JSON object with the five fields"));
    }
    if (!errors.isEmpty() || profileId == null || lessonId == null || content.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    PersonalizedContent parsed = PersonalizedContent.fromJson(content.get());
    if (store.findProfile(profileId).isEmpty()) {
      throw ApiException.notFound("profile");
    }
    if (store.findLesson(lessonId).isEmpty()) {
      throw ApiException.notFound("lesson");
    }
    boolean existed = store.findPersonalization(profileId, lessonId).isPresent();
    Personalization saved = service.save(profileId, lessonId, parsed);
    ObjectNode out = JSON.createObjectNode();
    out.put("success", true);
    out.set("data", personalization(saved));
    out.put("message", existed ? "Personalization updated" : "Personalization created");
    return ok(200, out);
  }

  /** Deletes one personalization (the original took the key in a JSON body). */
  @DeleteMapping("/api/personalizations")
  ResponseEntity<String> delete(HttpServletRequest request) {
    requireToken(request);
    JsonNode b = bodies.object(request).toTree();
    List<FieldError> errors = new ArrayList<>();
    UUID profileId = uuidField(b, "profile_id", errors);
    UUID lessonId = uuidField(b, "lesson_id", errors);
    if (!errors.isEmpty() || profileId == null || lessonId == null) {
      throw ApiException.badRequest(errors);
    }
    boolean deleted = service.delete(profileId, lessonId);
    ObjectNode out = JSON.createObjectNode();
    out.put("success", true);
    out.put("deleted", deleted);
    out.put("message", deleted ? "Personalization deleted" : "There was no such personalization");
    return ok(200, out);
  }

  /** A learner's personalizations in one course, by user id. */
  @GetMapping("/api/personalizations")
  ResponseEntity<String> ofLearner(HttpServletRequest request, @RequestParam(name = "user_id") String user,
      @RequestParam(name = "course") String course) {
    requireToken(request);
    List<FieldError> errors = new ArrayList<>();
    checkKey(user, "user_id", 200, errors);
    checkKey(course, "course", Course.MAX_SLUG_LENGTH, errors);
    if (!errors.isEmpty()) {
      throw ApiException.badRequest(errors);
    }
    Profile p = store.findProfile(user, course).orElseThrow(() -> ApiException.notFound("learner"));
    return ok(200, personalizationsOf(p));
  }

  /** A profile's personalizations, by profile id. */
  @GetMapping("/api/profiles/{profileId}/personalizations")
  ResponseEntity<String> ofProfile(HttpServletRequest request, @PathVariable String profileId) {
    requireToken(request);
    Profile p = store.findProfile(uuid(profileId, "profile_id")).orElseThrow(() -> ApiException.notFound("profile"));
    return ok(200, personalizationsOf(p));
  }

  // ------------------------------------------------------------------ plumbing

  private ObjectNode personalizationsOf(Profile p) {
    ObjectNode out = JSON.createObjectNode();
    out.put("profile_id", p.id().toString());
    out.put("user_id", p.userIdentifier());
    out.put("course", p.courseSlug());
    ArrayNode list = out.putArray("personalizations");
    for (Personalization x : store.personalizations(p.id())) {
      list.add(personalization(x));
    }
    return out;
  }

  private static ObjectNode personalization(Personalization p) {
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

  private URI surveyLink(String user, String course) {
    String base = properties.survey().toString();
    return URI.create(base + (base.contains("?") ? "&" : "?") + "uid=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&course=" + URLEncoder.encode(course, StandardCharsets.UTF_8));
  }

  /** {@code Authorization: Bearer <token>}; the scheme is case-insensitive (RFC 9110), the token is not. */
  private void requireToken(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    byte[] given = new byte[0];
    if (header != null) {
      String h = header.strip();
      int space = h.indexOf(' ');
      if (space > 0 && h.substring(0, space).equalsIgnoreCase("bearer")) {
        given = h.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8);
      }
    }
    if (!MessageDigest.isEqual(expectedToken, given)) {
      throw new ApiException(401, "unauthorized", "a valid bearer token is required");
    }
  }

  private static ResponseEntity<String> ok(int status, ObjectNode body) {
    try {
      return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a response", e);
    }
  }

  private static @Nullable UUID uuidField(JsonNode body, String field, List<FieldError> errors) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      errors.add(new FieldError(field, "is required and must be a UUID string"));
      return null;
    }
    try {
      return UUID.fromString(v.textValue());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(field, "is not a UUID"));
      return null;
    }
  }

  private static UUID uuid(String text, String field) {
    try {
      if (text.length() == 36) {
        return UUID.fromString(text);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ApiException.badRequest(List.of(new FieldError(field, "is not a UUID")));
  }

  private static @Nullable String text(JsonNode body, String field, int max, List<FieldError> errors) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.textValue().isBlank()) {
      errors.add(new FieldError(field, "is required and must be a string"));
      return null;
    }
    String s = v.textValue().strip();
    return checkKey(s, field, max, errors) ? s : null;
  }

  private static boolean checkKey(String s, String field, int max, List<FieldError> errors) {
    if (s.isBlank() || s.length() > max) {
      errors.add(new FieldError(field, "must be 1 to " + max + " characters"));
      return false;
    }
    // lone surrogates are not text (PostgreSQL would store them as '?'); control characters are not ids
    if (s.codePoints().anyMatch(cp -> Character.isISOControl(cp) || (cp >= 0xD800 && cp <= 0xDFFF))) {
      errors.add(new FieldError(field, "is not valid text"));
      return false;
    }
    return true;
  }

  /** A lesson number: a whole JSON number, or a string of digits (as LMS templates often send). */
  private static int lessonNumber(@Nullable JsonNode v, String field, List<FieldError> errors) {
    if (v != null && v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 1 && v.intValue() <= MAX_LESSON) {
      return v.intValue();
    }
    if (v != null && v.isTextual() && v.textValue().matches("[1-9][0-9]{0,4}")) {
      return Integer.parseInt(v.textValue());
    }
    errors.add(new FieldError(field, "must be a whole lesson number from 1"));
    return 0;
  }
}

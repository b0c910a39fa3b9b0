package dev.persona.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.jdbc.PersonaMigrations;
import dev.persona.links.LessonLink;
import dev.persona.links.LessonLinkSigner;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import dev.persona.testkit.postgres.PostgresExtension;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring Boot API over real HTTP on loopback, on PostgreSQL. */
final class HttpApiTest {

  @RegisterExtension
  static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  static final String TOKEN = "test-token-0123456789abcdef";
  static final String XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";
  static final String K1 = Base64.getEncoder().encodeToString("k1-secret-k1-secret-k1-secret-k1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  static final String K2 = Base64.getEncoder().encodeToString("k2-secret-k2-secret-k2-secret-k2".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  /** A learner whose every generation fails (the provider refuses the request). */
  static final String FAILING = "ВсегдаСбой";
  static final ScriptedLlmProvider LLM = ScriptedLlmProvider.create().otherwise(request -> {
    if (request.messages().stream().anyMatch(m -> m.content().contains(FAILING))) {
      throw new dev.persona.llm.LlmException(dev.persona.llm.LlmException.Kind.INVALID_REQUEST, "HTTP 400");
    }
    return new TemplateLlmProvider().complete(request);
  });
  private static final AtomicInteger CLIENTS = new AtomicInteger(10);

  static ConfigurableApplicationContext app;
  static RawHttp http;
  static PersonaStore store;
  static LessonLinkSigner signer;
  static Course course;
  static List<Lesson> lessons;
  static Profile marina;

  /** The provider: the template writer, counting every call. */
  @Configuration(proxyBeanMethods = false)
  static class CountingProvider {
    @Bean
    LlmProvider llmProvider() {
      return LLM;
    }
  }

  static ConfigurableApplicationContext start(String... extra) {
    List<String> props = new java.util.ArrayList<>(List.of(
        "server.port=0",
        "spring.datasource.url=" + PG.jdbcUrl(),
        "persona.jdbc.schema=" + PG.emptySchema(),
        "persona.http.api-token=" + TOKEN,
        "persona.http.survey-url=https://school.example/survey",
        "persona.http.allowed-origins=https://school.example",
        "persona.http.link-keys[0].id=k2", "persona.http.link-keys[0].secret=" + K2,
        "persona.http.link-keys[1].id=k1", "persona.http.link-keys[1].secret=" + K1,
        "persona.http.learner-requests-per-minute=5",
        "persona.http.client-requests-per-minute=100",
        "persona.http.body-read-timeout=3s"));
    props.addAll(List.of(extra));
    return new SpringApplicationBuilder(PersonaHttpApplication.class, CountingProvider.class)
        .properties(props.toArray(String[]::new)).run();
  }

  @BeforeAll
  static void startApp() throws Exception {
    app = start();
    http = new RawHttp(Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0")));
    store = app.getBean(PersonaStore.class);
    signer = app.getBean(LessonLinkSigner.class);
    course = DemoCourse.install(store);
    lessons = store.lessons(course.id());
    marina = store.saveProfile(Profile.of("marina", DemoCourse.SLUG, XSS,
        Survey.builder().motivation("help_others").wowResult(XSS).targetClients(XSS).build()));
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }

  /** A fresh client address, so per-client limits of one test never touch another. */
  static String client() {
    int n = CLIENTS.incrementAndGet();
    return "127.0." + (n / 250) + "." + (n % 250 + 2);
  }

  static RawHttp.Reply call(String method, String path, String body, boolean token) throws Exception {
    return call(client(), method, path, body, token);
  }

  static RawHttp.Reply call(String from, String method, String path, String body, boolean token) throws Exception {
    return call(http, from, method, path, body, token);
  }

  static RawHttp.Reply call(RawHttp via, String from, String method, String path, String body, boolean token)
      throws Exception {
    Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Origin", "https://school.example");
    if (token) {
      h.put("Authorization", "Bearer " + TOKEN);
    }
    return via.send(from, method, path, h, body);
  }

  static String blockBody(LessonLink l) {
    return "{\"user_id\":" + q(l.userId()) + ",\"course\":" + q(l.courseSlug()) + ",\"lesson\":" + l.lessonNumber()
        + ",\"expires\":" + l.expires() + ",\"signature\":" + q(l.signature()) + "}";
  }

  static String q(String s) {
    return new com.fasterxml.jackson.databind.node.TextNode(s).toString();
  }

  static String content(String marker) {
    return "{\"summary_short\":\"Кратко " + marker + "\",\"why_watch\":\"Зачем " + marker + "\",\"quick_action\":\"Сделайте "
        + marker + "\",\"social_share\":\"Поделитесь " + marker + "\",\"homework_20m\":\"Задание " + marker + "\"}";
  }

  // ------------------------------------------------------------------ the block

  @Test
  void aSignedBlock_personalizesOnDemand_andEscapesSurveyText() throws Exception {
    LessonLink link = signer.sign("marina", DemoCourse.SLUG, 3, Duration.ofMinutes(5));
    RawHttp.Reply r = call("POST", "/api/persona/block", blockBody(link), false);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("personalized").asBoolean()).isTrue();
    String html = r.json().path("html").asText();
    assertThat(html).doesNotContain("<script>").doesNotContain("<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(r.header("access-control-allow-origin")).isEqualTo("https://school.example");
    assertThat(store.findPersonalization(marina.id(), lessons.get(2).id())).isPresent();
  }

  @Test
  void savedContentWithXss_comesBackEscapedInTheBlock() throws Exception {
    String xssContent = "{\"summary_short\":" + q(XSS) + ",\"why_watch\":\"w\",\"quick_action\":\"q\","
        + "\"social_share\":\"s\",\"homework_20m\":\"h\"}";
    RawHttp.Reply saved = call("POST", "/api/personalizations", "{\"profile_id\":\"" + marina.id() + "\",\"lesson_id\":\""
        + lessons.get(0).id() + "\",\"content\":" + xssContent + "}", true);
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    RawHttp.Reply block = call("POST", "/api/persona/block",
        blockBody(signer.sign("marina", DemoCourse.SLUG, 1, Duration.ofMinutes(5))), false);
    assertThat(block.json().path("html").asText()).doesNotContain("<script>").doesNotContain("<img")
        .contains("&lt;img src=x onerror=alert(2)&gt;");
  }

  @Test
  void aLearnerWithoutAProfile_getsThePlainBlock_withAnAbsoluteEscapedSurveyLink() throws Exception {
    LessonLink link = signer.sign("\"><script>x</script>", DemoCourse.SLUG, 2, Duration.ofMinutes(5));
    RawHttp.Reply r = call("POST", "/api/persona/block", blockBody(link), false);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("personalized").asBoolean()).isFalse();
    String html = r.json().path("html").asText();
    assertThat(html).contains("href=\"https://school.example/survey?uid=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&amp;course="
        + DemoCourse.SLUG + "\"").doesNotContain("<script>").contains(lessons.get(1).title());
  }

  @Test
  void withoutAValidSignature_theBlockShowsNothing_andCostsNothing() throws Exception {
    int before = LLM.requests().size();
    LessonLink good = signer.sign("marina", DemoCourse.SLUG, 7, Duration.ofMinutes(5));
    LessonLink expired = LessonLinkSigner.builder().base64Key("k2", K2)
        .clock(java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-10))).build()
        .sign("marina", DemoCourse.SLUG, 7, Duration.ofMinutes(5));
    LessonLink foreign = LessonLinkSigner.builder().base64Key("k2", Base64.getEncoder().encodeToString(new byte[32]))
        .build().sign("marina", DemoCourse.SLUG, 7, Duration.ofMinutes(5));
    List<String> attempts = List.of(
        "{\"user_id\":\"marina\",\"course\":\"" + DemoCourse.SLUG + "\",\"lesson\":7}",
        blockBody(good).replace("\"lesson\":7", "\"lesson\":8"),
        blockBody(good).replace(good.signature(), good.signature().substring(0, good.signature().length() - 2) + "AA"),
        blockBody(good).replace("\"marina\"", "\"nobody\""),
        blockBody(expired), blockBody(foreign),
        blockBody(good).replace(good.signature(), "k9." + good.signature().substring(3)));
    String first = null;
    for (String body : attempts) {
      RawHttp.Reply r = call("POST", "/api/persona/block", body, false);
      assertThat(r.status()).as(body).isIn(400, 403);
      assertThat(r.body()).doesNotContain("marina").doesNotContain("script").doesNotContain("Марина");
      if (r.status() == 403) {
        first = first == null ? r.body() : first;
        assertThat(r.body()).as("one answer for every reason").isEqualTo(first);
      }
    }
    assertThat(LLM.requests()).hasSize(before);
    assertThat(store.findPersonalization(marina.id(), lessons.get(6).id())).isEmpty();
    // text/plain, which any page can send cross-site without a preflight, is refused before anything
    RawHttp.Reply plain = http.send(client(), "POST", "/api/persona/block", Map.of("Content-Type", "text/plain"),
        blockBody(good));
    assertThat(plain.status()).isEqualTo(415);
    assertThat(LLM.requests()).hasSize(before);
  }

  @Test
  void signedRequests_areRateLimitedPerLearner_andPerClient() throws Exception {
    Profile oleg = store.saveProfile(Profile.of("oleg-limits", DemoCourse.SLUG, "Олег", Survey.empty()));
    LessonLink link = signer.sign(oleg.userIdentifier(), DemoCourse.SLUG, 1, Duration.ofMinutes(5));
    int ok = 0;
    RawHttp.Reply limited = null;
    for (int i = 0; i < 7; i++) {
      RawHttp.Reply r = call("POST", "/api/persona/block", blockBody(link), false); // each from a new address
      if (r.status() == 200) {
        ok++;
      } else {
        limited = r;
      }
    }
    assertThat(ok).isEqualTo(5);
    assertThat(limited).isNotNull();
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("retry-after")).isNotNull();

    String one = client();
    int accepted = 0;
    for (int i = 0; i < 105; i++) {
      RawHttp.Reply r = call(one, "POST", "/api/persona/block", "{}", false);
      if (r.status() != 429) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(100);
  }

  @Test
  void aLearnerWhoseGenerationAlwaysFails_costsOneTryPerBackOff_notOnePerRequest() throws Exception {
    store.saveProfile(Profile.of("always-fails", DemoCourse.SLUG, FAILING, Survey.builder().motivation("hobby").build()));
    LessonLink link = signer.sign("always-fails", DemoCourse.SLUG, 5, Duration.ofMinutes(5));
    int before = LLM.requests().size();
    RawHttp.Reply first = call("POST", "/api/persona/block", blockBody(link), false);
    int afterFirst = LLM.requests().size();
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().path("personalized").asBoolean()).as("the plain block instead").isFalse();
    assertThat(afterFirst).isGreaterThan(before);
    for (int i = 0; i < 3; i++) {
      RawHttp.Reply again = call("POST", "/api/persona/block", blockBody(link), false);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().path("personalized").asBoolean()).isFalse();
    }
    assertThat(LLM.requests()).as("no call while the failure back-off lasts").hasSize(afterFirst);
  }

  @Test
  void theBlock_answers404ForAnUnknownCourseOrLesson_400ForBadInput_405And415() throws Exception {
    RawHttp.Reply noCourse = call("POST", "/api/persona/block",
        blockBody(signer.sign("marina", "shvz", 1, Duration.ofMinutes(5))), false);
    assertThat(noCourse.status()).isEqualTo(404);
    assertThat(noCourse.json().path("error").path("message").asText()).isEqualTo("course not found");
    assertThat(call("POST", "/api/persona/block",
        blockBody(signer.sign("marina", DemoCourse.SLUG, 13, Duration.ofMinutes(5))), false).status()).isEqualTo(404);
    RawHttp.Reply bad = call("POST", "/api/persona/block", "{\"lesson\":1.9,\"expires\":\"soon\"}", false);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").path("fields").findValuesAsText("field"))
        .containsExactlyInAnyOrder("user_id", "course", "lesson", "expires", "signature");
    assertThat(call("POST", "/api/persona/block", "{not json", false).status()).isEqualTo(400);
    assertThat(call("GET", "/api/persona/block", "", false).status()).isEqualTo(405);
  }

  @Test
  void theLinkEndpoint_signsForHostsThatDoNotSignThemselves() throws Exception {
    RawHttp.Reply r = call("POST", "/api/persona/links", "{\"user_id\":\"marina\",\"course\":\"" + DemoCourse.SLUG
        + "\",\"lesson\":4,\"lifetime_seconds\":600}", true);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("signature").asText()).startsWith("k2.");
    long expires = r.json().path("expires").asLong();
    assertThat(signer.verify("marina", DemoCourse.SLUG, 4, expires, r.json().path("signature").asText())).isNotNull();
    assertThat(call("POST", "/api/persona/links", "{\"user_id\":\"marina\",\"course\":\"x\",\"lesson\":4}", false)
        .status()).isEqualTo(401);
    assertThat(call("POST", "/api/persona/links", "{\"user_id\":\"marina\",\"course\":\"x\",\"lesson\":4,"
        + "\"lifetime_seconds\":99999999}", true).status()).isEqualTo(400);
  }

  // ------------------------------------------------------------------ token, personalizations, survey

  @Test
  void everyOtherEndpoint_needsTheToken_whoseSchemeIsCaseInsensitive() throws Exception {
    String body = "{\"profile_id\":\"" + marina.id() + "\",\"lesson_id\":\"" + lessons.get(9).id() + "\",\"content\":"
        + content("x") + "}";
    assertThat(call("POST", "/api/personalizations", body, false).status()).isEqualTo(401);
    assertThat(call("DELETE", "/api/personalizations", body, false).status()).isEqualTo(401);
    assertThat(call("GET", "/api/profiles/" + marina.id() + "/personalizations", "", false).status()).isEqualTo(401);
    assertThat(call("GET", "/api/personalizations?user_id=marina&course=" + DemoCourse.SLUG, "", false).status())
        .isEqualTo(401);
    assertThat(call("POST", "/api/survey", "{}", false).status()).isEqualTo(401);
    assertThat(call("GET", "/api/survey/" + UUID.randomUUID(), "", false).status()).isEqualTo(401);
    for (String scheme : List.of("bearer", "BEARER", "Bearer")) {
      RawHttp.Reply r = http.send(client(), "GET", "/api/profiles/" + marina.id() + "/personalizations",
          Map.of("Authorization", scheme + " " + TOKEN), "");
      assertThat(r.status()).as(scheme).isEqualTo(200);
    }
    for (String wrong : List.of("Bearer " + TOKEN.toUpperCase(java.util.Locale.ROOT), "Basic " + TOKEN, TOKEN, "Bearer", "Bearer  ")) {
      assertThat(http.send(client(), "GET", "/api/profiles/" + marina.id() + "/personalizations",
          Map.of("Authorization", wrong), "").status()).as(wrong).isEqualTo(401);
    }
  }

  @Test
  void save_validatesEveryField_andAnswersNotFoundForUnknownIds_withoutEchoingThem() throws Exception {
    RawHttp.Reply bad = call("POST", "/api/personalizations", "{\"profile_id\":\"nope-SECRET\",\"content\":[]}", true);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").path("fields").findValuesAsText("field"))
        .containsExactlyInAnyOrder("profile_id", "lesson_id", "content");
    assertThat(bad.body()).doesNotContain("SECRET");
    RawHttp.Reply incomplete = call("POST", "/api/personalizations", "{\"profile_id\":\"" + marina.id()
        + "\",\"lesson_id\":\"" + lessons.get(0).id() + "\",\"content\":{\"summary_short\":\"a\"}}", true);
    assertThat(incomplete.status()).isEqualTo(400);
    assertThat(incomplete.json().path("error").path("fields").findValuesAsText("field")).contains("content.why_watch");
    UUID unknown = UUID.randomUUID();
    RawHttp.Reply missing = call("POST", "/api/personalizations", "{\"profile_id\":\"" + unknown + "\",\"lesson_id\":\""
        + lessons.get(0).id() + "\",\"content\":" + content("x") + "}", true);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).doesNotContain(unknown.toString());
    assertThat(call("GET", "/api/profiles/" + unknown + "/personalizations", "", true).body())
        .doesNotContain(unknown.toString());
  }

  @Test
  void saveListAndDelete_roundTrip_byProfileIdAndByUserIdAndCourse() throws Exception {
    Profile p = store.saveProfile(Profile.of("anna-roundtrip", DemoCourse.SLUG, "Анна", Survey.empty()));
    String body = "{\"profile_id\":\"" + p.id() + "\",\"lesson_id\":\"" + lessons.get(4).id() + "\",\"content\":"
        + content("v1") + "}";
    RawHttp.Reply created = call("POST", "/api/personalizations", body, true);
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    assertThat(created.json().path("message").asText()).isEqualTo("Personalization created");
    assertThat(created.json().path("data").path("status").asText()).isEqualTo("edited");
    RawHttp.Reply updated = call("POST", "/api/personalizations", body.replace("v1", "v2"), true);
    assertThat(updated.json().path("message").asText()).isEqualTo("Personalization updated");
    assertThat(updated.json().path("data").path("id").asText()).isEqualTo(created.json().path("data").path("id").asText());

    RawHttp.Reply byProfile = call("GET", "/api/profiles/" + p.id() + "/personalizations", "", true);
    RawHttp.Reply byUser = call("GET", "/api/personalizations?user_id=anna-roundtrip&course=" + DemoCourse.SLUG, "", true);
    for (RawHttp.Reply list : List.of(byProfile, byUser)) {
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().path("profile_id").asText()).isEqualTo(p.id().toString());
      assertThat(list.json().path("personalizations")).hasSize(1);
      assertThat(list.json().path("personalizations").path(0).path("content").path("summary_short").asText())
          .isEqualTo("Кратко v2");
    }
    assertThat(call("GET", "/api/personalizations?user_id=nobody&course=" + DemoCourse.SLUG, "", true).status())
        .isEqualTo(404);
    assertThat(call("GET", "/api/personalizations?user_id=anna-roundtrip", "", true).status()).isEqualTo(400);
    assertThat(call("GET", "/api/profiles/not-a-uuid/personalizations", "", true).status()).isEqualTo(400);

    String key = "{\"profile_id\":\"" + p.id() + "\",\"lesson_id\":\"" + lessons.get(4).id() + "\"}";
    assertThat(call("DELETE", "/api/personalizations", key, true).json().path("deleted").asBoolean()).isTrue();
    assertThat(call("DELETE", "/api/personalizations", key, true).json().path("deleted").asBoolean()).isFalse();
  }

  @Test
  void theSurvey_isAccepted_with202AndAStatusLink_thenPersonalizedInTheBackground() throws Exception {
    RawHttp.Reply accepted = call("POST", "/api/survey", "{\"uid\":\"21179358\",\"real_name\":\"Анастасия\",\"course\":\""
        + DemoCourse.SLUG + "\",\"motivation\":[\"extra_income\",\"help_family\"],\"fears\":[],"
        + "\"fears_other\":\"конкуренция\",\"practice_model\":\"на подруге\",\"first_lesson\":1}", true);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    String statusUrl = accepted.json().path("status_url").asText();
    JsonNode status = null;
    for (int i = 0; i < 200; i++) {
      status = call("GET", statusUrl, "", true).json();
      if (!status.path("state").asText().equals("running")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(status.path("state").asText()).isEqualTo("done");
    assertThat(status.path("lessons").path("generated").asInt()).isEqualTo(12);
    assertThat(store.findProfile("21179358", DemoCourse.SLUG).orElseThrow().survey().extras()).containsOnlyKeys("fears_other");
  }

  @Test
  void theSurvey_answers400WithFieldErrors_and404ForAnUnknownCourse() throws Exception {
    RawHttp.Reply bad = call("POST", "/api/survey", "{\"real_name\":\"me@example.com\",\"course\":\"" + DemoCourse.SLUG
        + "\",\"fears\":{\"a\":1}}", true);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").path("fields").findValuesAsText("field"))
        .containsExactlyInAnyOrder("uid", "real_name", "survey.fears");
    RawHttp.Reply unknown = call("POST", "/api/survey", "{\"uid\":\"7\",\"course\":\"shvz-SECRET\"}", true);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).doesNotContain("SECRET");
    assertThat(store.findProfile("7", "shvz-SECRET")).isEmpty();
    assertThat(call("GET", "/api/survey/" + UUID.randomUUID(), "", true).status()).isEqualTo(404);
  }

  // ------------------------------------------------------------------ limits

  @Test
  void contentDeeperThanTheLimit_isRefusedAtWriteTime_andWhatIsStoredIsAlwaysServed() throws Exception {
    Profile p = store.saveProfile(Profile.of("deep-" + UUID.randomUUID(), DemoCourse.SLUG, null, Survey.empty()));
    int limit = dev.persona.model.JsonValue.MAX_DEPTH;
    // content (level 1) > extra (level 2) > arrays: the whole body adds one more level around it
    String deepest = "[".repeat(limit - 3) + "]".repeat(limit - 3);
    String tooDeep = "[".repeat(limit) + "]".repeat(limit);
    String ok = content("d").replace("}", ",\"nested\":" + deepest + "}");
    RawHttp.Reply stored = call("POST", "/api/personalizations", "{\"profile_id\":\"" + p.id() + "\",\"lesson_id\":\""
        + lessons.get(0).id() + "\",\"content\":" + ok + "}", true);
    assertThat(stored.status()).as(stored.body()).isEqualTo(200);
    RawHttp.Reply refused = call("POST", "/api/personalizations", "{\"profile_id\":\"" + p.id() + "\",\"lesson_id\":\""
        + lessons.get(1).id() + "\",\"content\":" + content("d").replace("}", ",\"nested\":" + tooDeep + "}") + "}", true);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("deeper than " + limit);
    RawHttp.Reply served = call("GET", "/api/profiles/" + p.id() + "/personalizations", "", true);
    assertThat(served.status()).isEqualTo(200);
    assertThat(served.json().path("personalizations")).hasSize(1);
    assertThat(call("POST", "/api/personalizations", "[".repeat(100_000), true).status()).isEqualTo(400);
  }

  @Test
  void anOversizedBody_isRefused() throws Exception {
    String big = "{\"pad\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
    assertThat(call("POST", "/api/personalizations", big, true).status()).isEqualTo(413);
  }
}

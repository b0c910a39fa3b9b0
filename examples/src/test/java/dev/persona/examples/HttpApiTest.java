package dev.persona.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.PersonalizationService;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API over real HTTP on loopback. */
final class HttpApiTest {

  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final String XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private InMemoryPersonaStore store;
  private PersonalizationService service;
  private HttpApi api;
  private Course course;
  private List<Lesson> lessons;
  private Profile marina;

  @BeforeEach
  void start() throws IOException {
    store = new InMemoryPersonaStore();
    course = SampleCourse.install(store);
    lessons = store.lessons(course.id());
    marina = store.saveProfile(Profile.of("marina", SampleCourse.SLUG, XSS,
        Survey.builder().motivation("help_others").wowResult(XSS).targetClients(XSS).build()));
    service = PersonalizationService.builder().store(store).provider(new TemplateLlmProvider()).build();
    api = HttpApi.start(new HttpApi.Config(service, store, TOKEN, URI.create("https://school.example/survey"),
        Set.of("https://school.example"), 0));
  }

  @AfterEach
  void stop() {
    api.close();
    service.close();
  }

  private record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  private Reply call(String method, String path, String body, boolean token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.baseUri().resolve(path))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Origin", "https://school.example");
    if (token) {
      b.header("Authorization", "Bearer " + TOKEN);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()), r);
  }

  private static String content(String marker) {
    return "{\"summary_short\":\"Кратко " + marker + "\",\"why_watch\":\"Зачем " + marker + "\",\"quick_action\":\"Сделайте "
        + marker + "\",\"social_share\":\"Поделитесь " + marker + "\",\"homework_20m\":\"Задание " + marker + "\"}";
  }

  @Test
  void theBlock_personalizesOnDemand_andEscapesSurveyText() throws Exception {
    Reply r = call("POST", "/api/persona/block", "{\"user_id\":\"marina\",\"course\":\"" + SampleCourse.SLUG
        + "\",\"lesson\":\"3\"}", false);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("personalized").asBoolean()).isTrue();
    String html = r.body().path("html").asText();
    assertThat(html).doesNotContain("<script>").doesNotContain("<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(r.raw().headers().firstValue("access-control-allow-origin")).contains("https://school.example");
    assertThat(store.personalizations(marina.id())).hasSize(1);
  }

  @Test
  void savedContentWithXss_comesBackEscapedInTheBlock() throws Exception {
    String xssContent = "{\"summary_short\":\"" + XSS.replace("\"", "\\\"") + "\",\"why_watch\":\"w\",\"quick_action\":\"q\","
        + "\"social_share\":\"s\",\"homework_20m\":\"h\"}";
    Reply saved = call("POST", "/api/personalizations", "{\"profileId\":\"" + marina.id() + "\",\"lessonId\":\""
        + lessons.get(0).id() + "\",\"content\":" + xssContent + "}", true);
    assertThat(saved.status()).isEqualTo(200);
    Reply block = call("POST", "/api/persona/block", "{\"user_id\":\"marina\",\"course\":\"" + SampleCourse.SLUG
        + "\",\"lesson\":1}", false);
    assertThat(block.body().path("html").asText()).doesNotContain("<script>").doesNotContain("<img")
        .contains("&lt;img src=x onerror=alert(2)&gt;");
  }

  @Test
  void aLearnerWithoutAProfile_getsThePlainBlock_withAnAbsoluteEscapedSurveyLink() throws Exception {
    Reply r = call("POST", "/api/persona/block", "{\"user_id\":\"\\\"><script>x</script>\",\"course\":\""
        + SampleCourse.SLUG + "\",\"lesson\":2}", false);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("personalized").asBoolean()).isFalse();
    String html = r.body().path("html").asText();
    assertThat(html).contains("href=\"https://school.example/survey?uid=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&amp;course="
        + SampleCourse.SLUG + "\"");
    assertThat(html).doesNotContain("<script>");
    assertThat(html).contains(lessons.get(1).title());
  }

  @Test
  void theBlock_answers404ForAnUnknownCourseOrLesson_and400ForBadInput() throws Exception {
    Reply noCourse = call("POST", "/api/persona/block", "{\"user_id\":\"marina\",\"course\":\"shvz\",\"lesson\":1}", false);
    assertThat(noCourse.status()).isEqualTo(404);
    assertThat(noCourse.body().path("error").path("code").asText()).isEqualTo("not_found");
    assertThat(call("POST", "/api/persona/block", "{\"user_id\":\"marina\",\"course\":\"" + SampleCourse.SLUG
        + "\",\"lesson\":13}", false).status()).isEqualTo(404);
    Reply bad = call("POST", "/api/persona/block", "{\"lesson\":\"демонстрация\"}", false);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("error").path("fields").findValuesAsText("field"))
        .containsExactlyInAnyOrder("user_id", "course", "lesson");
    assertThat(call("POST", "/api/persona/block", "{not json", false).status()).isEqualTo(400);
    assertThat(call("GET", "/api/persona/block", "", false).status()).isEqualTo(405);
  }

  @Test
  void everyWrite_needsTheToken() throws Exception {
    String body = "{\"profileId\":\"" + marina.id() + "\",\"lessonId\":\"" + lessons.get(0).id() + "\",\"content\":"
        + content("x") + "}";
    assertThat(call("POST", "/api/personalizations", body, false).status()).isEqualTo(401);
    assertThat(call("DELETE", "/api/personalizations", body, false).status()).isEqualTo(401);
    assertThat(call("GET", "/api/profiles/" + marina.id() + "/personalizations", "", false).status()).isEqualTo(401);
    HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(api.baseUri().resolve("/api/personalizations"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer wrong-token-wrong-token").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(store.personalizations(marina.id())).isEmpty();
  }

  @Test
  void save_validatesEveryField_andAnswersNotFoundForUnknownIds() throws Exception {
    Reply bad = call("POST", "/api/personalizations", "{\"profileId\":\"nope\",\"content\":[]}", true);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("error").path("fields").findValuesAsText("field"))
        .containsExactlyInAnyOrder("profileId", "lessonId", "content");
    Reply incomplete = call("POST", "/api/personalizations", "{\"profileId\":\"" + marina.id() + "\",\"lessonId\":\""
        + lessons.get(0).id() + "\",\"content\":{\"summary_short\":\"a\"}}", true);
    assertThat(incomplete.status()).isEqualTo(400);
    assertThat(incomplete.body().path("error").path("fields").findValuesAsText("field")).contains("content.why_watch");
    Reply nested = call("POST", "/api/personalizations", "{\"profileId\":\"" + marina.id() + "\",\"lessonId\":\""
        + lessons.get(0).id() + "\",\"content\":{\"homework_20m\":{\"steps\":[]}}}", true);
    assertThat(nested.status()).isEqualTo(400);
    Reply unknown = call("POST", "/api/personalizations", "{\"profileId\":\"" + UUID.randomUUID() + "\",\"lessonId\":\""
        + lessons.get(0).id() + "\",\"content\":" + content("x") + "}", true);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(store.personalizations(marina.id())).isEmpty();
  }

  @Test
  void saveListAndDelete_roundTrip() throws Exception {
    String body = "{\"profileId\":\"" + marina.id() + "\",\"lessonId\":\"" + lessons.get(4).id() + "\",\"content\":"
        + content("v1") + "}";
    Reply created = call("POST", "/api/personalizations", body, true);
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.body().path("message").asText()).isEqualTo("Персонализация создана");
    assertThat(created.body().path("data").path("status").asText()).isEqualTo("edited");
    Reply updated = call("POST", "/api/personalizations", body.replace("v1", "v2"), true);
    assertThat(updated.body().path("message").asText()).isEqualTo("Персонализация обновлена");
    assertThat(updated.body().path("data").path("id").asText()).isEqualTo(created.body().path("data").path("id").asText());

    Reply list = call("GET", "/api/profiles/" + marina.id() + "/personalizations", "", true);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().path("personalizations")).hasSize(1);
    assertThat(list.body().path("personalizations").path(0).path("content").path("summary_short").asText())
        .isEqualTo("Кратко v2");
    assertThat(call("GET", "/api/profiles/not-a-uuid/personalizations", "", true).status()).isEqualTo(400);
    assertThat(call("GET", "/api/profiles/" + UUID.randomUUID() + "/personalizations", "", true).status()).isEqualTo(404);

    String key = "{\"profileId\":\"" + marina.id() + "\",\"lessonId\":\"" + lessons.get(4).id() + "\"}";
    assertThat(call("DELETE", "/api/personalizations", key, true).body().path("deleted").asBoolean()).isTrue();
    assertThat(call("DELETE", "/api/personalizations", key, true).body().path("deleted").asBoolean()).isFalse();
  }

  @Test
  void anOversizedBody_isRefused() throws Exception {
    String big = "{\"pad\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
    assertThat(call("POST", "/api/personalizations", big, true).status()).isEqualTo(413);
  }

  @Test
  void theSurvey_isAccepted_with202AndAStatusLink_thenPersonalizedInTheBackground() throws Exception {
    Reply accepted = call("POST", "/api/survey", "{\"uid\":\"21179358\",\"real_name\":\"Анастасия\",\"course\":\""
        + SampleCourse.SLUG + "\",\"motivation\":[\"extra_income\",\"help_family\"],\"fears\":[],"
        + "\"fears_other\":\"конкуренция\",\"practice_model\":\"на подруге\",\"first_lesson\":1}", true);
    assertThat(accepted.status()).isEqualTo(202);
    String statusUrl = accepted.body().path("status_url").asText();
    assertThat(statusUrl).startsWith("/api/survey/");
    JsonNode status = null;
    for (int i = 0; i < 200; i++) {
      status = call("GET", statusUrl, "", true).body();
      if (!status.path("state").asText().equals("running")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(status.path("state").asText()).isEqualTo("done");
    assertThat(status.path("lessons").path("generated").asInt()).isEqualTo(12);
    assertThat(store.findProfile("21179358", SampleCourse.SLUG).orElseThrow().survey().extras()).containsOnlyKeys("fears_other");
  }

  @Test
  void theSurvey_answers400WithFieldErrors_404ForAnUnknownCourse_and401WithoutToken() throws Exception {
    Reply bad = call("POST", "/api/survey", "{\"real_name\":\"me@example.com\",\"course\":\"" + SampleCourse.SLUG
        + "\",\"fears\":{\"a\":1}}", true);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("error").path("fields").findValuesAsText("field"))
        .containsExactlyInAnyOrder("uid", "real_name", "survey.fears");
    Reply unknown = call("POST", "/api/survey", "{\"uid\":\"7\",\"course\":\"shvz\"}", true);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(store.findProfile("7", "shvz")).isEmpty();
    assertThat(call("POST", "/api/survey", "{\"uid\":\"7\",\"course\":\"" + SampleCourse.SLUG + "\"}", false).status())
        .isEqualTo(401);
    assertThat(call("GET", "/api/survey/" + UUID.randomUUID(), "", true).status()).isEqualTo(404);
  }
}

package dev.persona.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.jdbc.PersonaMigrations;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.PersonaStore;
import dev.persona.testkit.postgres.PostgresExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Slow clients, a fuzz corpus over every endpoint, and start-up refusals. */
final class AttackTest {

  @RegisterExtension
  static final PostgresExtension PG = HttpApiTest.PG;

  private static final String MARKER = "ZQXJ-MARKER-7731";

  static ConfigurableApplicationContext app;
  static RawHttp http;
  static Profile learner;

  @BeforeAll
  static void startApp() throws Exception {
    app = HttpApiTest.start();
    http = new RawHttp(Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0")));
    PersonaStore store = app.getBean(PersonaStore.class);
    DemoCourse.install(store);
    learner = store.saveProfile(Profile.of("fuzz-learner", DemoCourse.SLUG, "Вера", Survey.builder()
        .wowResult("секретный ответ").build()));
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }

  // ------------------------------------------------------------------ slow clients

  private static Socket slowBody(String from) throws IOException {
    Socket s = http.connect(from);
    String head = "POST /api/personalizations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Authorization: Bearer " + HttpApiTest.TOKEN + "\r\nContent-Length: 1000\r\n\r\n{";
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  private static Socket slowHeaders(String from) throws IOException {
    Socket s = http.connect(from);
    s.getOutputStream().write("GET /api/survey/".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  private static long normalRequestMillis() throws Exception {
    long t = System.nanoTime();
    RawHttp.Reply r = HttpApiTest.call(http, HttpApiTest.client(), "GET", "/api/profiles/" + learner.id() + "/personalizations",
        "", true);
    long ms = (System.nanoTime() - t) / 1_000_000;
    assertThat(r.status()).isEqualTo(200);
    return ms;
  }

  @Test
  void fiftySlowClients_doNotDelayANormalRequest_andSlowBodiesTimeOut() throws Exception {
    List<Socket> slow = new ArrayList<>();
    ExecutorService drip = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < 50; i++) {
        slow.add(slowBody("127.0.3." + (i + 2)));
        slow.add(slowHeaders("127.0.4." + (i + 2)));
      }
      // a byte every 500 ms on every connection: each read succeeds, none finishes
      Future<?> dripping = drip.submit(() -> {
        for (int round = 0; round < 5 && !Thread.currentThread().isInterrupted(); round++) {
          for (Socket s : slow) {
            try {
              s.getOutputStream().write(' ');
              s.getOutputStream().flush();
            } catch (IOException e) {
              // the server gave up on it: that is the point
            }
          }
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      long worst = 0;
      for (int i = 0; i < 5; i++) {
        Thread.sleep(300);
        worst = Math.max(worst, normalRequestMillis());
      }
      assertThat(worst).as("slowest normal request while 100 slow connections are open, ms").isLessThan(1000);
      dripping.get(10, TimeUnit.SECONDS);
      // persona.http.body-read-timeout is 3 s here: the slow bodies have been answered 408 by now
      int timedOut = 0;
      for (int i = 0; i < slow.size(); i += 2) {
        slow.get(i).setSoTimeout(5000);
        String answer = readAll(slow.get(i).getInputStream());
        if (answer.startsWith("HTTP/1.1 408")) {
          timedOut++;
        }
        assertThat(answer).doesNotContain("Exception").doesNotContain("java.");
      }
      assertThat(timedOut).isEqualTo(50);
    } finally {
      drip.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void oneClient_holdsAtMostItsShareOfRequestsInProgress() throws Exception {
    String one = HttpApiTest.client();
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        held.add(slowBody(one));
      }
      Thread.sleep(300); // let the server start reading all sixteen bodies
      RawHttp.Reply seventeenth = HttpApiTest.call(http, one, "GET", "/api/profiles/" + learner.id() + "/personalizations",
          "", true);
      assertThat(seventeenth.status()).isEqualTo(429);
      assertThat(seventeenth.json().path("error").path("code").asText()).isEqualTo("too_many_connections");
      assertThat(normalRequestMillis()).as("another client is served").isLessThan(1000);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static String readAll(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    try {
      int n;
      while ((n = in.read(b)) > 0) {
        out.write(b, 0, n);
      }
    } catch (IOException e) {
      // a reset after the answer
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ fuzz

  private static List<String> bodies() {
    String deep = "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
    return List.of("", "{", "}", "[]", "null", "0", "\"" + MARKER + "\"", MARKER, "{\"" + MARKER + "\":}",
        "{\"a\":1,\"a\":\"" + MARKER + "\"}", "{\"user_id\":\"" + MARKER + "\",\"user_id\":1}", deep,
        "{\"n\":1e999999999}", "{\"n\":-" + "9".repeat(5000) + "}", "{\"s\":\"\\ud800" + MARKER + "\"}",
        "{\"s\":\"a\\u0000" + MARKER + "\"}", "{\"user_id\":" + MARKER.length() + ",\"course\":[\"" + MARKER + "\"]}",
        "{\"user_id\":\"" + MARKER + "\",\"course\":\"" + MARKER + "\",\"lesson\":\"" + MARKER + "\",\"expires\":1,"
            + "\"signature\":\"k1." + MARKER + "\"}",
        "{\"profile_id\":\"" + MARKER + "\",\"lesson_id\":\"" + UUID.randomUUID() + "\",\"content\":{\"summary_short\":"
            + "\"" + MARKER + "\"}}",
        "{\"profile_id\":\"" + learner.id() + "\",\"lesson_id\":\"" + UUID.randomUUID() + "\",\"content\":{\""
            + MARKER + "\":{\"x\":\"" + MARKER + "\"}}}",
        "{\"uid\":\"" + MARKER + "\",\"course\":\"" + MARKER + "\",\"motivation\":\"" + MARKER + "\"}",
        "{\"uid\":[1],\"real_name\":{\"" + MARKER + "\":1},\"course\":\"" + DemoCourse.SLUG + "\",\"first_lesson\":1.9}",
        "{\"uid\":\"u\",\"course\":\"" + DemoCourse.SLUG + "\",\"fears\":[" + "\"x\",".repeat(5000) + "\"y\"]}",
        "{\"pad\":\"" + "\\\"".repeat(50_000) + MARKER + "\"}", "\uFEFF{}", "{\"a\":\"" + "*".repeat(200_000) + "\"}");
  }

  private static final List<String[]> ENDPOINTS = List.of(
      new String[] {"POST", "/api/persona/block"}, new String[] {"POST", "/api/persona/links"},
      new String[] {"POST", "/api/survey"}, new String[] {"POST", "/api/personalizations"},
      new String[] {"DELETE", "/api/personalizations"}, new String[] {"GET", "/api/survey/" + MARKER},
      new String[] {"GET", "/api/profiles/" + MARKER + "/personalizations"},
      new String[] {"GET", "/api/personalizations?user_id=" + MARKER + "&course=" + MARKER},
      new String[] {"GET", "/api/personalizations?user_id=%ED%A0%80&course=" + DemoCourse.SLUG},
      new String[] {"PUT", "/api/" + MARKER}, new String[] {"GET", "/" + MARKER + "%3Cscript%3E"},
      new String[] {"PATCH", "/api/personalizations"}, new String[] {"OPTIONS", "/api/persona/block"});

  private static void assertSafe(String what, int status, String body) {
    assertThat(status).as(what).satisfiesAnyOf(st -> assertThat(st).isBetween(200, 499),
        st -> assertThat(st).as("HTTP Version Not Supported").isEqualTo(505));
    assertThat(body).as(what).doesNotContain(MARKER).doesNotContain("Exception").doesNotContain("java.")
        .doesNotContain("org.springframework").doesNotContain("at dev.").doesNotContain("Tomcat")
        .doesNotContain("секретный");
  }

  @Test
  void aFuzzCorpusOverEveryEndpoint_getsNo5xx_noStackTrace_andNoEcho() throws Exception {
    int sent = 0;
    for (String[] e : ENDPOINTS) {
      for (String body : bodies()) {
        for (boolean token : new boolean[] {true, false}) {
          RawHttp.Reply r = HttpApiTest.call(http, HttpApiTest.client(), e[0], e[1], body, token);
          assertSafe(e[0] + " " + e[1] + " <" + body.substring(0, Math.min(60, body.length())) + ">", r.status(), r.body());
          sent++;
        }
      }
    }
    Map<String, String> types = new LinkedHashMap<>();
    types.put("text/plain", "{}");
    types.put("application/json; charset=latin1", "{}");
    types.put("multipart/form-data; boundary=" + MARKER, "--" + MARKER + "\r\n");
    types.put("application/x-www-form-urlencoded", "user_id=" + MARKER);
    types.put("application/json" + MARKER, "{}");
    for (var t : types.entrySet()) {
      RawHttp.Reply r = http.send(HttpApiTest.client(), "POST", "/api/persona/block", Map.of("Content-Type", t.getKey()),
          t.getValue());
      assertThat(r.status()).isEqualTo(415);
      assertSafe(t.getKey(), r.status(), r.body());
      sent++;
    }
    assertThat(sent).isGreaterThan(600);
  }

  @Test
  void malformedHttp_isAnsweredByTomcatInJson_withoutAReportOrVersion() throws Exception {
    List<String> raw = List.of(
        "GARBAGE " + MARKER + "\r\n\r\n",
        "GET /api/%zz" + MARKER + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/survey/x HTTP/1.1\r\nHost: x\r\nX-A: " + "a".repeat(20_000) + MARKER + "\r\n\r\n",
        "POST /api/survey HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST /api/survey HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
            + "zz\r\n" + MARKER + "\r\n0\r\n\r\n",
        "GET /api/survey/x HTTP/1.1\r\nHost: x\r\nX-Bad\u0001Name: " + MARKER + "\r\n\r\n",
        "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/survey/x HTTP/9.9\r\nHost: x\r\n\r\n");
    int answered = 0;
    for (String text : raw) {
      byte[] request = (text + "\r\n").getBytes(StandardCharsets.UTF_8);
      String answer;
      try (Socket s = http.connect(HttpApiTest.client())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        try {
          out.write(request);
          out.flush();
        } catch (IOException e) {
          // Tomcat may answer and close before it has read all of a bad request (a header over its
          // limit): the write fails, and the answer is still there to read
        }
        answer = readAll(s.getInputStream());
      }
      answered += answer.isEmpty() ? 0 : 1;
      String what = new String(request, 0, Math.min(40, request.length), StandardCharsets.UTF_8);
      // an HTTP/0.9-looking request line gets a body without a status line
      int status = answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : 400;
      assertSafe(what, status, answer);
    }
    assertThat(answered).as("malformed requests that got an answer to check").isGreaterThanOrEqualTo(raw.size() - 1);
  }

  // ------------------------------------------------------------------ start-up

  @Test
  void badSettings_stopTheApplicationAtStartUp_namingTheProperty() {
    assertThatThrownBy(() -> HttpApiTest.start("persona.http.survey-url=not a url")).hasStackTraceContaining(
        "persona.http.survey-url");
    assertThatThrownBy(() -> HttpApiTest.start("persona.http.survey-url=/survey")).hasStackTraceContaining(
        "persona.http.survey-url must be an absolute http or https URL");
    assertThatThrownBy(() -> HttpApiTest.start("persona.http.survey-url=javascript:alert(1)")).hasStackTraceContaining(
        "persona.http.survey-url");
    assertThatThrownBy(() -> HttpApiTest.start("persona.http.api-token=short")).hasStackTraceContaining(
        "persona.http.api-token");
    assertThatThrownBy(() -> HttpApiTest.start("persona.http.link-keys[0].secret=c2hvcnQ=")).hasStackTraceContaining(
        "secret");
  }
}

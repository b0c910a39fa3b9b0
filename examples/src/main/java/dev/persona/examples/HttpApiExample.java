package dev.persona.examples;

import dev.persona.PersonalizationService;
import dev.persona.model.Profile;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link HttpApi} on the sample course with the template writer, in memory.
 *
 * <pre>mvn -q -pl examples -am compile exec:java -Dexec.mainClass=dev.persona.examples.HttpApiExample</pre>
 *
 * <p>{@code PERSONA_API_TOKEN} sets the bearer token (otherwise a random one is printed), {@code
 * PERSONA_HTTP_PORT} the port (default 8080), {@code PERSONA_SURVEY_URL} the survey page.
 */
public final class HttpApiExample {

  private HttpApiExample() {}

  /**
   * Starts the API and waits until the process is stopped.
   *
   * @param args ignored
   * @throws Exception if the server cannot start
   */
  public static void main(String[] args) throws Exception {
    PersonaStore store = new InMemoryPersonaStore();
    SampleCourse.install(store);
    store.saveProfile(Profile.of("marina", SampleCourse.SLUG, "Марина", SampleCourse.marina()));
    String token = System.getenv().getOrDefault("PERSONA_API_TOKEN", randomToken());
    int port = Integer.parseInt(System.getenv().getOrDefault("PERSONA_HTTP_PORT", "8080"));
    URI survey = URI.create(System.getenv().getOrDefault("PERSONA_SURVEY_URL", "https://persona.example/survey"));
    PersonalizationService service = PersonalizationService.builder().store(store)
        .provider(new TemplateLlmProvider()).build();
    HttpApi api = HttpApi.start(new HttpApi.Config(service, store, token, survey, Set.of(), port));
    System.out.println("Persona HTTP API on " + api.baseUri() + " (bearer token: " + token + ")");
    System.out.println("Try: curl -s -X POST " + api.baseUri() + "/api/persona/block -d '{\"user_id\":\"marina\",\"course\":\""
        + SampleCourse.SLUG + "\",\"lesson\":1}'");
    new CountDownLatch(1).await();
  }

  private static String randomToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}

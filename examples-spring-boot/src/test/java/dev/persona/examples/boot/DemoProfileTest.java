package dev.persona.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.links.LessonLinkSigner;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The README's demo command: the demo profile alone gives a working API, with no database and no key. */
final class DemoProfileTest {

  @Test
  void theDemoProfile_servesAPersonalizedBlock_withNothingElseConfigured() throws Exception {
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PersonaHttpApplication.class)
        .run("--spring.profiles.active=demo", "--server.port=0")) {
      RawHttp http = new RawHttp(Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0")));
      LessonLinkSigner signer = app.getBean(LessonLinkSigner.class);
      RawHttp.Reply r = HttpApiTest.call(http, "127.0.0.1", "POST", "/api/persona/block",
          HttpApiTest.blockBody(signer.sign("marina", DemoCourse.SLUG, 2, Duration.ofMinutes(5))), false);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().path("personalized").asBoolean()).isTrue();
      assertThat(r.json().path("html").asText()).contains("Марина");
    }
  }
}

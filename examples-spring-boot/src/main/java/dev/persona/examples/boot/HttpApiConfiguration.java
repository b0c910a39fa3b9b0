package dev.persona.examples.boot;

import dev.persona.links.LessonLinkSigner;
import java.util.List;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The signer, the per-client gate, CORS for the block, and Tomcat without its own error pages. */
@Configuration(proxyBeanMethods = false)
class HttpApiConfiguration implements WebMvcConfigurer {

  private final HttpApiProperties properties;

  HttpApiConfiguration(HttpApiProperties properties) {
    this.properties = properties;
  }

  @Bean
  LessonLinkSigner lessonLinkSigner() {
    LessonLinkSigner.Builder b = LessonLinkSigner.builder().maxLifetime(properties.linkMaxLifetime());
    properties.linkKeys().forEach(k -> b.base64Key(k.id(), k.secret()));
    return b.build();
  }

  @Bean
  FilterRegistrationBean<ClientGate> clientGate() {
    FilterRegistrationBean<ClientGate> r = new FilterRegistrationBean<>(new ClientGate(properties.maxRequestsInFlightPerClient()));
    r.addUrlPatterns("/*");
    r.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return r;
  }

  /** Tomcat's own answers (to requests it refuses before the application) are JSON too, with no report or version. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> quietTomcatErrors() {
    return factory -> factory.addContextCustomizers(context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(JsonErrorReportValve.class.getName()); // so Tomcat adds no HTML one
        host.getPipeline().addValve(new JsonErrorReportValve());
      }
    });
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    List<String> origins = properties.allowedOrigins();
    if (!origins.isEmpty()) {
      registry.addMapping("/api/persona/block").allowedOrigins(origins.toArray(String[]::new))
          .allowedMethods("POST").allowedHeaders("Content-Type").maxAge(600);
    }
  }
}

package dev.persona.examples.boot;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API's settings, {@code persona.http.*}. Checked when the application starts: a bad value
 * stops it with a message naming the property, instead of failing requests later.
 *
 * @param apiToken the bearer token of every endpoint but the block; at least 16 characters
 * @param surveyUrl the survey page (absolute http or https); the plain block links to it with {@code
 *     uid} and {@code course} added
 * @param allowedOrigins origins whose pages may call the block from a browser
 * @param linkKeys keys for block links; the first signs, all verify (rotation)
 * @param linkMaxLifetime the longest a block link may be valid
 * @param learnerRequestsPerMinute block requests a minute for one learner in one course
 * @param clientRequestsPerMinute block requests a minute from one client address
 * @param maxRequestsInFlightPerClient requests one client address may have in progress at once
 * @param maxBodyBytes the largest request body
 * @param bodyReadTimeout the longest a request body may take to arrive
 */
@ConfigurationProperties("persona.http")
public record HttpApiProperties(
    @Nullable String apiToken,
    @Nullable URI surveyUrl,
    @DefaultValue List<String> allowedOrigins,
    @DefaultValue List<LinkKey> linkKeys,
    @DefaultValue("7d") Duration linkMaxLifetime,
    @DefaultValue("30") int learnerRequestsPerMinute,
    @DefaultValue("120") int clientRequestsPerMinute,
    @DefaultValue("16") int maxRequestsInFlightPerClient,
    @DefaultValue("1048576") int maxBodyBytes,
    @DefaultValue("10s") Duration bodyReadTimeout) {

  /**
   * A key for block links.
   *
   * @param id the key id that travels in each link
   * @param secret the secret, base64, at least 32 bytes once decoded
   */
  public record LinkKey(String id, String secret) {}

  /** Checks every setting. */
  public HttpApiProperties {
    if (apiToken == null || apiToken.strip().length() < 16) {
      throw new IllegalArgumentException("persona.http.api-token must be set, at least 16 characters");
    }
    if (surveyUrl == null || !surveyUrl.isAbsolute() || surveyUrl.getHost() == null
        || !("https".equalsIgnoreCase(surveyUrl.getScheme()) || "http".equalsIgnoreCase(surveyUrl.getScheme()))
        || surveyUrl.getRawUserInfo() != null || surveyUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("persona.http.survey-url must be an absolute http or https URL without "
          + "credentials or a fragment, for example https://school.example/survey");
    }
    if (linkKeys.isEmpty()) {
      throw new IllegalArgumentException("persona.http.link-keys must hold at least one key (id and base64 secret)");
    }
    for (String origin : allowedOrigins) {
      URI o = URI.create(origin);
      if (o.getScheme() == null || o.getHost() == null || (o.getPath() != null && !o.getPath().isEmpty())) {
        throw new IllegalArgumentException("persona.http.allowed-origins holds an entry that is not an origin "
            + "(scheme://host[:port])");
      }
    }
    if (learnerRequestsPerMinute < 1 || clientRequestsPerMinute < 1 || maxRequestsInFlightPerClient < 1
        || maxBodyBytes < 1024 || bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
      throw new IllegalArgumentException("persona.http limits must be positive (max-body-bytes at least 1024)");
    }
    apiToken = apiToken.strip();
    allowedOrigins = List.copyOf(allowedOrigins);
    linkKeys = List.copyOf(linkKeys);
  }

  /**
   * The token, present after validation.
   *
   * @return the token
   */
  String token() {
    return java.util.Objects.requireNonNull(apiToken);
  }

  /**
   * The survey page, present after validation.
   *
   * @return the URL
   */
  URI survey() {
    return java.util.Objects.requireNonNull(surveyUrl);
  }
}

package dev.persona.links;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.links.InvalidLinkException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies {@link LessonLink}s with HMAC-SHA256 over the user id, course, lesson number and
 * expiry. Keys have ids, so they can be rotated: the first key added signs, every key added
 * verifies, and a key is retired by leaving it out.
 *
 * <pre>{@code
 * LessonLinkSigner signer = LessonLinkSigner.builder()
 *     .key("2026-11", newSecret)       // signs
 *     .key("2026-10", previousSecret)  // still verifies links signed last month
 *     .build();
 * LessonLink link = signer.sign("marina", "neck-massage", 3, Duration.ofHours(12));
 * // where the block is served:
 * LessonLink ok = signer.verify(userId, course, lesson, expires, signature);  // or InvalidLinkException
 * }</pre>
 *
 * <p>Secrets are at least 32 bytes. Thread-safe. {@link #toString()} shows key ids, never secrets.
 */
public final class LessonLinkSigner {

  /** The shortest secret accepted, in bytes. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final String DOMAIN = "persona-lesson-link/1";
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final int MAX_SIGNATURE_LENGTH = 100;

  private final Map<String, SecretKeySpec> keys;
  private final String signingKey;
  private final Duration maxLifetime;
  private final Clock clock;

  private LessonLinkSigner(Builder b, String signingKey) {
    this.keys = Map.copyOf(b.keys);
    this.signingKey = signingKey;
    this.maxLifetime = b.maxLifetime;
    this.clock = b.clock;
  }

  /**
   * Starts a signer.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Signs a link that works for {@code lifetime} from now.
   *
   * @param userId the learner's user id
   * @param courseSlug the course
   * @param lessonNumber the lesson, from 1
   * @param lifetime how long the link works; at most the signer's maximum lifetime
   * @return the signed link
   * @throws ValidationException if a part is invalid or the lifetime is not positive or too long
   */
  public LessonLink sign(String userId, String courseSlug, int lessonNumber, Duration lifetime) {
    Check.key(userId, "userId");
    Check.key(courseSlug, "courseSlug");
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(maxLifetime) > 0) {
      throw ValidationException.of("lifetime", "must be positive and at most " + maxLifetime);
    }
    Instant expires = Instant.ofEpochSecond(clock.instant().plus(lifetime).getEpochSecond());
    String mac = mac(keys.get(signingKey), userId, courseSlug, lessonNumber, expires.getEpochSecond());
    return new LessonLink(userId, courseSlug, lessonNumber, expires, signingKey + "." + mac);
  }

  /**
   * Verifies a link's parts as they arrived.
   *
   * @param userId the user id
   * @param courseSlug the course
   * @param lessonNumber the lesson
   * @param expires the expiry, epoch seconds
   * @param signature the signature
   * @return the verified link
   * @throws InvalidLinkException if the link does not verify, with the reason
   */
  public LessonLink verify(@Nullable String userId, @Nullable String courseSlug, int lessonNumber, long expires,
      @Nullable String signature) {
    if (userId == null || courseSlug == null || signature == null || lessonNumber < 1
        || signature.length() > MAX_SIGNATURE_LENGTH || Check.unicodeProblem(userId) != null
        || Check.unicodeProblem(courseSlug) != null || userId.isBlank() || courseSlug.isBlank()) {
      throw new InvalidLinkException(Reason.MALFORMED, "the link is incomplete or malformed");
    }
    int dot = signature.indexOf('.');
    if (dot < 1 || dot == signature.length() - 1) {
      throw new InvalidLinkException(Reason.MALFORMED, "the signature is not in the <key id>.<mac> form");
    }
    SecretKeySpec key = keys.get(signature.substring(0, dot));
    if (key == null) {
      throw new InvalidLinkException(Reason.UNKNOWN_KEY, "the link was signed with a key this signer does not have");
    }
    byte[] expected = mac(key, userId, courseSlug, lessonNumber, expires).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new InvalidLinkException(Reason.BAD_SIGNATURE, "the signature does not match the link");
    }
    long now = clock.instant().getEpochSecond();
    if (expires <= now) {
      throw new InvalidLinkException(Reason.EXPIRED, "the link has expired");
    }
    if (expires - now > maxLifetime.toSeconds()) {
      throw new InvalidLinkException(Reason.LIFETIME_TOO_LONG, "the link is valid for longer than allowed");
    }
    return new LessonLink(userId, courseSlug, lessonNumber, Instant.ofEpochSecond(expires), signature);
  }

  private static String mac(@Nullable SecretKeySpec key, String userId, String courseSlug, int lesson, long expires) {
    String canonical = DOMAIN + "\n" + userId.length() + ":" + userId + "\n" + courseSlug.length() + ":" + courseSlug
        + "\n" + lesson + "\n" + expires;
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(Check.required(key, "key"));
      byte[] sum = mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** Shows the key ids and which one signs, never a secret. */
  @Override
  public String toString() {
    return "LessonLinkSigner[signs with " + signingKey + ", verifies " + keys.keySet().stream().sorted().toList()
        + ", maxLifetime=" + maxLifetime + "]";
  }

  /** Builds a {@link LessonLinkSigner}; at least one key is required. */
  public static final class Builder {
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private @Nullable String signingKey;
    private Duration maxLifetime = Duration.ofDays(7);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a key. The first key added signs; all verify.
     *
     * @param id the key's id, 1 to 32 of {@code A-Z a-z 0-9 _ -}; it travels in every link
     * @param secret at least {@value #MIN_SECRET_BYTES} random bytes; copied
     * @return this builder
     */
    public Builder key(String id, byte[] secret) {
      if (id == null || !KEY_ID.matcher(id).matches()) {
        throw ValidationException.of("key id", "must be 1 to 32 of A-Z a-z 0-9 _ -");
      }
      if (secret == null || secret.length < MIN_SECRET_BYTES) {
        throw ValidationException.of("secret", "must be at least " + MIN_SECRET_BYTES + " bytes");
      }
      if (keys.containsKey(id)) {
        throw ValidationException.of("key id", "is added twice");
      }
      keys.put(id, new SecretKeySpec(secret.clone(), ALGORITHM));
      if (signingKey == null) {
        signingKey = id;
      }
      return this;
    }

    /**
     * Adds a key given in base64 (standard or URL-safe), as it is usually kept in configuration.
     *
     * @param id the key's id
     * @param base64Secret the secret, at least {@value #MIN_SECRET_BYTES} bytes once decoded
     * @return this builder
     */
    public Builder base64Key(String id, String base64Secret) {
      if (base64Secret == null) {
        throw ValidationException.of("secret", "is required");
      }
      byte[] secret;
      try {
        String s = base64Secret.strip();
        secret = s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s)
            : Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        throw ValidationException.of("secret", "is not base64");
      }
      return key(id, secret);
    }

    /**
     * The longest a link may be valid; 7 days by default. Links claiming a later expiry are refused.
     *
     * @param maxLifetime positive
     * @return this builder
     */
    public Builder maxLifetime(Duration maxLifetime) {
      if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
        throw ValidationException.of("maxLifetime", "must be positive");
      }
      this.maxLifetime = maxLifetime;
      return this;
    }

    /**
     * The clock; the system's by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Check.required(clock, "clock");
      return this;
    }

    /**
     * Builds the signer.
     *
     * @return the signer
     * @throws ValidationException if no key was added
     */
    public LessonLinkSigner build() {
      String s = signingKey;
      if (s == null) {
        throw ValidationException.of("keys", "at least one key is required");
      }
      return new LessonLinkSigner(this, s);
    }
  }
}

package dev.persona.links;

import dev.persona.internal.Check;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed link to one lesson of one learner, valid until {@code expiresAt}. Made by {@link
 * LessonLinkSigner#sign}; a host puts its parts in the page that shows the lesson block.
 *
 * @param userId the learner's user id in the host's platform
 * @param courseSlug the course
 * @param lessonNumber the lesson, from 1
 * @param expiresAt when the link stops working (whole seconds)
 * @param signature {@code <key id>.<HMAC-SHA256, base64url>}
 */
public record LessonLink(String userId, String courseSlug, int lessonNumber, Instant expiresAt, String signature) {

  /** Validates the parts. */
  public LessonLink {
    Check.key(userId, "userId");
    Check.key(courseSlug, "courseSlug");
    if (lessonNumber < 1) {
      throw dev.persona.ValidationException.of("lessonNumber", "must be at least 1");
    }
    Check.required(expiresAt, "expiresAt");
    Check.required(signature, "signature");
  }

  /**
   * The expiry in seconds since the epoch, as it travels in a link.
   *
   * @return epoch seconds
   */
  public long expires() {
    return expiresAt.getEpochSecond();
  }

  /**
   * The link's parts as a URL query: {@code user_id}, {@code course}, {@code lesson}, {@code expires},
   * {@code signature}, each URL-encoded.
   *
   * @return for example {@code user_id=marina&course=neck&lesson=3&expires=1798761600&signature=k1.Xy...}
   */
  public String toQueryString() {
    return "user_id=" + encode(userId) + "&course=" + encode(courseSlug) + "&lesson=" + lessonNumber
        + "&expires=" + expires() + "&signature=" + encode(signature);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

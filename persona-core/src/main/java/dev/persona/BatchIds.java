package dev.persona;

import dev.persona.internal.Hashing;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * A batch request's id: the learner, the lesson, and the inputs' fingerprint, so an answer is used
 * only for the exact inputs it was asked with (52 characters of {@code A-Z a-z 0-9 _ -}).
 */
final class BatchIds {

  private BatchIds() {}

  static String of(UUID profileId, UUID lessonId, Fingerprint fingerprint) {
    ByteBuffer b = ByteBuffer.allocate(32);
    b.putLong(profileId.getMostSignificantBits()).putLong(profileId.getLeastSignificantBits())
        .putLong(lessonId.getMostSignificantBits()).putLong(lessonId.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array()) + "_"
        + Hashing.sha256Hex(8, fingerprint.asText());
  }
}

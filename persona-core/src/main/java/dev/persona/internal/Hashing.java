package dev.persona.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. Not API. */
public final class Hashing {

  private Hashing() {}

  /** The first {@code hexChars} hex digits of the SHA-256 of the parts, each length-prefixed. */
  public static String sha256Hex(int hexChars, String... parts) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) ':');
      digest.update(bytes);
    }
    String hex = HexFormat.of().formatHex(digest.digest());
    return hex.substring(0, Math.min(hexChars, hex.length()));
  }
}

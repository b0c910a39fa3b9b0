package dev.persona.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.persona.ValidationException;
import dev.persona.links.InvalidLinkException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class LessonLinkSignerTest {

  private static final byte[] K1 = secret(1);
  private static final byte[] K2 = secret(2);
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

  private static byte[] secret(int seed) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) seed);
    return b;
  }

  private static LessonLinkSigner signer(Instant now, String... ids) {
    LessonLinkSigner.Builder b = LessonLinkSigner.builder().clock(Clock.fixed(now, ZoneOffset.UTC));
    for (String id : ids) {
      b.key(id, id.equals("k1") ? K1 : K2);
    }
    return b.build();
  }

  private static Reason refused(LessonLinkSigner s, String user, String course, int lesson, long expires, String sig) {
    InvalidLinkException e = catchThrowableOfType(InvalidLinkException.class,
        () -> s.verify(user, course, lesson, expires, sig));
    assertThat(e).isNotNull();
    if (user.length() > 3) {
      assertThat(e.getMessage()).doesNotContain(user);
    }
    if (sig.length() > 3) {
      assertThat(e.getMessage()).doesNotContain(sig);
    }
    return e.reason();
  }

  @Test
  void aSignedLink_verifies_withTheSameParts() {
    LessonLinkSigner s = signer(NOW, "k1");
    LessonLink link = s.sign("marina", "neck-massage", 3, Duration.ofHours(12));
    assertThat(link.signature()).startsWith("k1.");
    assertThat(link.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(12)));
    assertThat(s.verify("marina", "neck-massage", 3, link.expires(), link.signature())).isEqualTo(link);
    assertThat(link.toQueryString()).startsWith("user_id=marina&course=neck-massage&lesson=3&expires=");
  }

  @Test
  void changingAnyPart_breaksTheSignature() {
    LessonLinkSigner s = signer(NOW, "k1");
    LessonLink l = s.sign("marina", "neck", 3, Duration.ofHours(1));
    assertThat(refused(s, "marinA", "neck", 3, l.expires(), l.signature())).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(refused(s, "marina", "neck2", 3, l.expires(), l.signature())).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(refused(s, "marina", "neck", 4, l.expires(), l.signature())).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(refused(s, "marina", "neck", 3, l.expires() + 1, l.signature())).isEqualTo(Reason.BAD_SIGNATURE);
    String flipped = l.signature().substring(0, l.signature().length() - 1)
        + (l.signature().endsWith("A") ? "B" : "A");
    assertThat(refused(s, "marina", "neck", 3, l.expires(), flipped)).isEqualTo(Reason.BAD_SIGNATURE);
    // the length prefixes keep the split between fields from being moved
    LessonLink a = s.sign("ab", "c", 1, Duration.ofHours(1));
    assertThat(refused(s, "a", "bc", 1, a.expires(), a.signature())).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void expiredAndTooLongLivedLinks_areRefused() {
    LessonLinkSigner then = signer(NOW, "k1");
    LessonLink l = then.sign("marina", "neck", 3, Duration.ofMinutes(5));
    LessonLinkSigner later = signer(NOW.plus(Duration.ofMinutes(6)), "k1");
    assertThat(refused(later, "marina", "neck", 3, l.expires(), l.signature())).isEqualTo(Reason.EXPIRED);

    LessonLinkSigner generous = LessonLinkSigner.builder().key("k1", K1).maxLifetime(Duration.ofDays(365))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    LessonLink year = generous.sign("marina", "neck", 3, Duration.ofDays(300));
    assertThat(refused(then, "marina", "neck", 3, year.expires(), year.signature())).isEqualTo(Reason.LIFETIME_TOO_LONG);
    assertThatThrownBy(() -> then.sign("marina", "neck", 3, Duration.ofDays(8))).isInstanceOf(ValidationException.class);
  }

  @Test
  void keysRotate_theFirstSigns_allVerify_andARetiredKeyIsUnknown() {
    LessonLink old = signer(NOW, "k1").sign("marina", "neck", 1, Duration.ofHours(1));
    LessonLinkSigner rotated = signer(NOW, "k2", "k1");
    assertThat(rotated.verify("marina", "neck", 1, old.expires(), old.signature())).isNotNull();
    assertThat(rotated.sign("marina", "neck", 1, Duration.ofHours(1)).signature()).startsWith("k2.");
    LessonLinkSigner retired = signer(NOW, "k2");
    assertThat(refused(retired, "marina", "neck", 1, old.expires(), old.signature())).isEqualTo(Reason.UNKNOWN_KEY);
    // the same key id with another secret does not verify
    LessonLinkSigner impostor = LessonLinkSigner.builder().key("k1", K2).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    assertThat(refused(impostor, "marina", "neck", 1, old.expires(), old.signature())).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void malformedInput_isRefused_withoutAnExceptionOfAnotherType() {
    LessonLinkSigner s = signer(NOW, "k1");
    long exp = NOW.getEpochSecond() + 60;
    for (String sig : new String[] {"", ".", "k1.", ".abc", "nodot", "k1." + "A".repeat(200), "k1.ü"}) {
      assertThat(refused(s, "marina", "neck", 1, exp, sig)).isIn(Reason.MALFORMED, Reason.BAD_SIGNATURE);
    }
    assertThat(catchThrowableOfType(InvalidLinkException.class, () -> s.verify(null, "neck", 1, exp, "k1.x")).reason())
        .isEqualTo(Reason.MALFORMED);
    assertThat(refused(s, "user\ud800", "neck", 1, exp, "k1.x")).isEqualTo(Reason.MALFORMED);
    assertThat(refused(s, "marina", "neck", 0, exp, "k1.x")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void weakOrMissingKeys_areRefusedAtBuildTime_andToStringShowsNoSecret() {
    assertThatThrownBy(() -> LessonLinkSigner.builder().key("k", new byte[31])).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> LessonLinkSigner.builder().key("bad id", K1)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> LessonLinkSigner.builder().build()).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> LessonLinkSigner.builder().base64Key("k", "not base64!")).isInstanceOf(ValidationException.class);
    String b64 = java.util.Base64.getEncoder().encodeToString(K1);
    LessonLinkSigner s = LessonLinkSigner.builder().base64Key("k1", b64).build();
    assertThat(s.toString()).contains("k1").doesNotContain(b64);
  }
}

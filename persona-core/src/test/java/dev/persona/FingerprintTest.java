package dev.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class FingerprintTest {

  @Test
  void fingerprint_roundTripsAndExplainsChanges() {
    Fingerprint a = new Fingerprint("ru-1/abc", "gpt-4o", "s1", "l1");
    assertThat(Fingerprint.parse(a.asText())).isEqualTo(a);
    Fingerprint b = new Fingerprint("ru-2/abc", "gpt-4o", "s2", "l1");
    assertThat(b.changesSince(a)).containsExactly("prompt changed (ru-1/abc -> ru-2/abc)", "survey or name changed");
    assertThat(a.changesSince(a)).isEmpty();
    assertThatThrownBy(() -> Fingerprint.parse("nonsense")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("fingerprint");
    assertThatThrownBy(() -> new Fingerprint("a;b", "m", "s", "l")).isInstanceOf(ValidationException.class)
        .hasMessageContaining("fingerprint.promptVersion");
    assertThatThrownBy(() -> Fingerprint.parse(null)).isInstanceOf(ValidationException.class);
  }
}

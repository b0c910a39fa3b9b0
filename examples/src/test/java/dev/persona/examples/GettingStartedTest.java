package dev.persona.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** README's first program runs as printed. */
final class GettingStartedTest {

  @Test
  void theReadmesProgram_personalizesBothLessons_andServesThem() {
    PrintStream before = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      GettingStarted.main(new String[0]);
    } finally {
      System.setOut(before);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("GENERATED=2").contains("1. Анна").contains("2. Анна")
        .contains("UNCHANGED: unchanged").contains("1 KEEP (unchanged)").doesNotContain("not personalized yet");
  }
}

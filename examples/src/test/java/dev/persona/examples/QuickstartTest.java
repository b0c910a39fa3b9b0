package dev.persona.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.LessonResult.Outcome;
import dev.persona.RegenerationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class QuickstartTest {

  @Test
  void quickstart_personalizesBoth_thenRegeneratesOnlyTheLearnerWhoChanged() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.Result r = Quickstart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(r.first()).allSatisfy(rep -> assertThat(rep.count(Outcome.GENERATED)).isEqualTo(12));
    RegenerationReport marina = r.afterChange().get(0);
    RegenerationReport oleg = r.afterChange().get(1);
    assertThat(marina.count(Outcome.UNCHANGED)).isEqualTo(12);
    assertThat(marina.usage().totalTokens()).isZero();
    assertThat(oleg.count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(out).contains("== Массаж шеи и плеч for Марина ==", "== Массаж шеи и плеч for Олег ==")
        .contains("not an AI")
        .contains("Regenerated marina: 0 generated, 12 unchanged")
        .contains("Regenerated oleg: 12 generated, 0 unchanged")
        .contains("спортсмены")
        .doesNotContain("(not personalized)");
  }
}

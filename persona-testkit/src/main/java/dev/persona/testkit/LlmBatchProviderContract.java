package dev.persona.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.llm.BatchHandle;
import dev.persona.llm.BatchRequest;
import dev.persona.llm.BatchResult;
import dev.persona.llm.BatchStatus;
import dev.persona.llm.LlmBatchProvider;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LlmBatchProvider} must do. Subclass it, return the provider under test (one
 * whose batches finish within {@link #pollLimit()} status reads), and run it.
 */
public abstract class LlmBatchProviderContract {

  /** For subclasses. */
  protected LlmBatchProviderContract() {}

  /**
   * The provider under test.
   *
   * @return the provider
   */
  protected abstract LlmBatchProvider provider();

  /**
   * How many status reads a batch may need before it is final.
   *
   * @return 20 unless overridden
   */
  protected int pollLimit() {
    return 20;
  }

  private static List<BatchRequest> requests(int n) {
    List<BatchRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new BatchRequest("r-" + i, new LlmRequest(List.of(new LlmMessage(LlmMessage.Role.USER,
          "Answer with the JSON object {\"n\": " + i + "}")), null, 0.0, 50, Duration.ofSeconds(30))));
    }
    return out;
  }

  private BatchStatus finish(BatchHandle h) {
    BatchStatus s = provider().status(h);
    for (int i = 0; i < pollLimit() && !s.state().isFinal(); i++) {
      s = provider().status(h);
    }
    return s;
  }

  @Test
  void aSubmittedBatch_finishes_andEveryRequestHasAnAnswerOrAnError_byItsId() {
    BatchHandle h = provider().submit("contract-" + UUID.randomUUID(), requests(3));
    BatchStatus s = finish(h);
    assertThat(s.state()).isEqualTo(BatchStatus.State.COMPLETED);
    assertThat(s.total()).isEqualTo(3);
    List<BatchResult> results = provider().results(h);
    assertThat(results).extracting(BatchResult::id).containsExactlyInAnyOrder("r-0", "r-1", "r-2");
    assertThat(results).allSatisfy(r -> assertThat(r.response() != null || r.error() != null).isTrue());
  }

  @Test
  void aSubmittedBatch_isFoundByItsKey_sinceBeforeItWasSubmitted_andByNoOtherKey() {
    String key = "contract-" + UUID.randomUUID();
    Instant before = Instant.now().minus(Duration.ofMinutes(2)); // providers may count in whole seconds
    BatchHandle h = provider().submit(key, requests(2));
    assertThat(provider().find(key, before)).contains(h);
    assertThat(provider().find("contract-" + UUID.randomUUID(), before)).isEmpty();
    assertThat(provider().find(key, Instant.now().plus(Duration.ofHours(1)))).as("since after the submission")
        .isEmpty();
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void badInput_isAnInvalidRequest() {
    assertThatThrownBy(() -> provider().submit("bad key!", requests(1))).isInstanceOf(LlmException.class)
        .extracting(e -> ((LlmException) e).kind()).isEqualTo(LlmException.Kind.INVALID_REQUEST);
    assertThatThrownBy(() -> provider().submit("k-" + UUID.randomUUID(), List.of())).isInstanceOf(LlmException.class);
    assertThatThrownBy(() -> provider().submit(null, requests(1))).isInstanceOf(LlmException.class);
    assertThatThrownBy(() -> provider().find(null, Instant.now())).isInstanceOf(LlmException.class);
    assertThatThrownBy(() -> provider().find("k", null)).isInstanceOf(LlmException.class);
    LlmRequest one = requests(1).get(0).request();
    assertThatThrownBy(() -> new BatchRequest("a.b", one)).as("ids every vendor takes: A-Z a-z 0-9 _ -")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BatchRequest("x".repeat(65), one)).isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.persona;

import dev.persona.llm.LlmRequest;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.LearnerSet;
import dev.persona.store.SetResult;
import dev.persona.store.StoreUnavailableException;
import dev.persona.template.TemplateLlmProvider;
import java.time.Duration;
import java.util.List;

/** Small test doubles around real parts. */
final class Fakes {

  private Fakes() {}

  /** The template writer behind the scripted provider, which counts and records every call. */
  static ScriptedLlmProvider countingTemplate() {
    TemplateLlmProvider template = new TemplateLlmProvider();
    return ScriptedLlmProvider.create().withModel(template.model()).otherwise(template::complete);
  }

  /** Four retries a millisecond apart: for tests about what is stored, not about waiting. */
  static final RetryPolicy INSTANT_RETRIES =
      new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0, Duration.ofSeconds(1));

  /** The in-memory store, with writes of personalization batches that can be made to fail. */
  static final class FlakyStore extends DelegatingStore {
    volatile boolean failBatches;

    FlakyStore(InMemoryPersonaStore delegate) {
      super(delegate);
    }

    @Override
    public List<SetResult> saveLearnerSets(List<LearnerSet> sets) {
      if (failBatches) {
        throw new StoreUnavailableException("connection lost", null);
      }
      return super.saveLearnerSets(sets);
    }
  }

  /** Waits for a condition that other threads make true, failing after ten seconds of real time. */
  static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  /** Finds the lesson title in a request made from the standard Russian prompt. */
  static boolean isAbout(LlmRequest request, String lessonTitle) {
    return request.messages().stream().anyMatch(m -> m.content().contains("\"название\" : \"" + lessonTitle + "\""));
  }
}

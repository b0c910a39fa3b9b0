package dev.persona;

import dev.persona.llm.LlmRequest;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.model.Personalization;
import dev.persona.model.Profile;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.StoreUnavailableException;
import dev.persona.template.TemplateLlmProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Small test doubles around real parts. */
final class Fakes {

  private Fakes() {}

  /** The template writer behind the scripted provider, which counts and records every call. */
  static ScriptedLlmProvider countingTemplate() {
    TemplateLlmProvider template = new TemplateLlmProvider();
    return ScriptedLlmProvider.create().withModel(template.model()).otherwise(template::complete);
  }

  /** Records waits instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  /** The in-memory store, with writes of personalization batches that can be made to fail. */
  static final class FlakyStore extends DelegatingStore {
    volatile boolean failBatches;

    FlakyStore(InMemoryPersonaStore delegate) {
      super(delegate);
    }

    @Override
    public List<Personalization> savePersonalizations(UUID profileId, @Nullable Profile basedOn,
        List<Personalization> batch, boolean keepEdited) {
      if (failBatches) {
        throw new StoreUnavailableException("connection lost", null);
      }
      return super.savePersonalizations(profileId, basedOn, batch, keepEdited);
    }
  }

  /** Finds the lesson title in a request made from the standard Russian prompt. */
  static boolean isAbout(LlmRequest request, String lessonTitle) {
    return request.messages().stream().anyMatch(m -> m.content().contains("\"название\" : \"" + lessonTitle + "\""));
  }
}

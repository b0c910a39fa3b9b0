package dev.persona;

import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.TokenUsage;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the host's {@link EngineObserver} so that a failing observer never breaks the engine. */
final class Observers {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.engine");

  private final EngineObserver observer;

  Observers(EngineObserver observer) {
    this.observer = observer;
  }

  void engineStarted(EngineObserver.EngineState state) {
    guard(() -> observer.engineStarted(state));
  }

  EngineObserver.CallObservation callStarting(String model, CallPriority priority, long estimatedTokens) {
    try {
      EngineObserver.CallObservation o = observer.callStarting(
          new EngineObserver.CallStart(model, "chat", name(priority), estimatedTokens));
      return o == null ? EngineObserver.CallObservation.NONE : o;
    } catch (RuntimeException e) {
      LOG.warn("the engine observer threw {}", e.getClass().getName());
      return EngineObserver.CallObservation.NONE;
    }
  }

  static void answered(EngineObserver.CallObservation o, String model, TokenUsage usage, FinishReason finish) {
    guard(() -> o.answered(model, usage, finish));
  }

  static void failed(EngineObserver.CallObservation o, LlmException.Kind kind) {
    guard(() -> o.failed(kind));
  }

  void runStarted(String course, CallPriority priority) {
    guard(() -> observer.runStarted(course, name(priority)));
  }

  void lessonFinished(String course, LessonResult.Outcome outcome) {
    guard(() -> observer.lessonFinished(course, outcome));
  }

  void runFinished(RegenerationReport report) {
    guard(() -> observer.runFinished(report));
  }

  static String name(CallPriority p) {
    return p.name().toLowerCase(Locale.ROOT);
  }

  private static void guard(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("the engine observer threw {}", e.getClass().getName());
    }
  }
}

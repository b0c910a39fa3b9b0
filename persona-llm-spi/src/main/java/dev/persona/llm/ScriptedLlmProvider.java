package dev.persona.llm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A fake provider for tests: answers from a queue of scripted steps (answers, errors, functions),
 * records every request, and is thread-safe.
 *
 * <pre>{@code
 * ScriptedLlmProvider llm = ScriptedLlmProvider.create()
 *     .thenThrow(new LlmException(LlmException.Kind.RATE_LIMITED, "429"))
 *     .thenReturn("{\"summary_short\": \"...\", ...}");
 * }</pre>
 *
 * <p>When the queue is empty it uses the {@link #otherwise} step, which by default throws an
 * {@link LlmException} of kind {@link LlmException.Kind#INVALID_REQUEST}, so an unexpected call
 * fails loudly.
 */
public final class ScriptedLlmProvider implements LlmProvider {

  private final Deque<Function<LlmRequest, LlmResponse>> steps = new ArrayDeque<>();
  private final List<LlmRequest> requests = new ArrayList<>();
  private Function<LlmRequest, LlmResponse> otherwise = r -> {
    throw new LlmException(LlmException.Kind.INVALID_REQUEST, "the script has no more steps");
  };
  private String model = "scripted-model";

  private ScriptedLlmProvider() {}

  /**
   * A provider with an empty script.
   *
   * @return the provider
   */
  public static ScriptedLlmProvider create() {
    return new ScriptedLlmProvider();
  }

  /**
   * Sets the model name it reports.
   *
   * @param model the name
   * @return this provider
   */
  public synchronized ScriptedLlmProvider withModel(String model) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    this.model = model;
    return this;
  }

  /**
   * Queues an answer with this text, finish reason {@link FinishReason#STOP} and 10 + 10 tokens.
   *
   * @param text the answer
   * @return this provider
   */
  public ScriptedLlmProvider thenReturn(String text) {
    return thenAnswer(r -> new LlmResponse(text, model(), new TokenUsage(10, 0, 10), FinishReason.STOP));
  }

  /**
   * Queues a response.
   *
   * @param response the response
   * @return this provider
   */
  public ScriptedLlmProvider thenReturn(LlmResponse response) {
    return thenAnswer(r -> response);
  }

  /**
   * Queues an error.
   *
   * @param error the exception to throw
   * @return this provider
   */
  public ScriptedLlmProvider thenThrow(LlmException error) {
    return thenAnswer(r -> {
      throw error;
    });
  }

  /**
   * Queues a function of the request.
   *
   * @param step computes the response, or throws
   * @return this provider
   */
  public synchronized ScriptedLlmProvider thenAnswer(Function<LlmRequest, LlmResponse> step) {
    steps.addLast(step);
    return this;
  }

  /**
   * Sets what answers once the queue is empty.
   *
   * @param step computes the response, or throws
   * @return this provider
   */
  public synchronized ScriptedLlmProvider otherwise(Function<LlmRequest, LlmResponse> step) {
    this.otherwise = step;
    return this;
  }

  @Override
  public LlmResponse complete(LlmRequest request) {
    Function<LlmRequest, LlmResponse> step;
    synchronized (this) {
      requests.add(request);
      Function<LlmRequest, LlmResponse> next = steps.pollFirst();
      step = next != null ? next : otherwise;
    }
    return step.apply(request);
  }

  @Override
  public synchronized String model() {
    return model;
  }

  /**
   * Every request received, in order.
   *
   * @return a copy
   */
  public synchronized List<LlmRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * How many requests were received.
   *
   * @return the count
   */
  public synchronized int callCount() {
    return requests.size();
  }

  /**
   * How many scripted steps are left.
   *
   * @return the count
   */
  public synchronized int remainingSteps() {
    return steps.size();
  }
}

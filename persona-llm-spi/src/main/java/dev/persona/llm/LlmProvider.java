package dev.persona.llm;

/**
 * A large language model that answers chat requests.
 *
 * <p>Implementations must be thread-safe: the engine calls {@link #complete} from many threads at
 * once, within the concurrency bound the host configured. An implementation should not retry on its
 * own; it reports a failure as an {@link LlmException} whose {@link LlmException.Kind kind} lets the
 * engine decide (see {@link LlmException.Kind#retryable()}).
 *
 * <p>Shipped implementations: {@code TemplateLlmProvider} (offline, deterministic, in persona-core),
 * {@code ScriptedLlmProvider} (queued answers for tests, in persona-testkit), {@code OpenAiLlmProvider}
 * (any OpenAI-compatible server) and {@code LangChain4jLlmProvider} (any LangChain4j chat model).
 */
public interface LlmProvider {

  /**
   * Sends one request and waits for the whole answer.
   *
   * @param request the messages and generation settings; never {@code null}
   * @return the model's answer
   * @throws LlmException when the call fails; its kind says whether a retry can help. Messages must
   *     not contain the API key or the request's message text.
   */
  LlmResponse complete(LlmRequest request);

  /**
   * The model this provider calls, as the engine records it with every personalization. A change of
   * model makes stored personalizations stale, so the value should name the model precisely (for
   * example {@code gpt-4o-2024-08-06}, not {@code default}).
   *
   * @return a stable, non-blank model identifier
   */
  default String model() {
    return getClass().getSimpleName();
  }
}

package dev.persona.llm;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Optional, beside {@link LlmProvider}: many requests at once, answered within a window (hours) at
 * a lower price. OpenAI's Batch API, Anthropic's message batches and LangChain4j's batch models
 * all have this shape: submit requests with ids, poll, read each request's answer or error, cancel.
 *
 * <p>Every method may block on the network and throws {@link LlmException} on failure, mapped as
 * for {@link LlmProvider#complete}. Implementations must be thread-safe. Answers are parsed and
 * validated by the caller exactly as synchronous ones are.
 */
public interface LlmBatchProvider {

  /**
   * The model the requests are sent to.
   *
   * @return the model id
   */
  String model();

  /**
   * The most requests one batch may hold.
   *
   * @return 50,000 unless the provider says otherwise
   */
  default int maxRequests() {
    return 50_000;
  }

  /**
   * The most bytes one batch's input may take (see {@link BatchRequest#estimatedBytes()}).
   *
   * @return 200 MB unless the provider says otherwise
   */
  default long maxBytes() {
    return 200L * 1024 * 1024;
  }

  /**
   * Submits a new batch, labelled with the key. It does not look for an earlier batch with the
   * key (that can take many requests): a caller that may have submitted before, and cannot know
   * whether it went through (it crashed, or the answer was lost), asks {@link #find} first.
   *
   * @param key the caller's name for this batch, 1 to 64 of {@code A-Z a-z 0-9 _ . : / -}
   * @param requests 1 to {@link #maxRequests()} requests with distinct ids
   * @return the batch
   */
  BatchHandle submit(String key, List<BatchRequest> requests);

  /**
   * The batch submitted with this key at or after {@code since}, if there is one: how a retry
   * after a crash avoids submitting (and paying) twice. Looks back no further than {@code since},
   * so pass the time the first attempt started, a little earlier for clock differences. A provider
   * whose API cannot label batches (Anthropic's message batches carry no metadata) returns empty,
   * and a retry after a crash then submits again.
   *
   * @param key the key given to {@link #submit}
   * @param since how far back to look
   * @return the batch, or empty when that key submitted none since then
   */
  Optional<BatchHandle> find(String key, Instant since);

  /**
   * Where a batch stands.
   *
   * @param batch the batch
   * @return its status
   */
  BatchStatus status(BatchHandle batch);

  /**
   * The outcomes of a batch in a final state, in any order. A request with no outcome (an
   * unreadable line, say) is simply absent: the caller treats it as failed.
   *
   * @param batch the batch
   * @return its outcomes
   */
  List<BatchResult> results(BatchHandle batch);

  /**
   * Asks the provider to stop a batch. Answers already made may still be read.
   *
   * @param batch the batch
   */
  void cancel(BatchHandle batch);

  /**
   * A batch provider that answers every request at once through a synchronous provider: for tests,
   * development, and providers without a batch API. Keys are remembered in memory.
   *
   * @param provider the provider
   * @return the batch provider
   */
  static LlmBatchProvider inline(LlmProvider provider) {
    return new InlineBatchProvider(provider);
  }
}

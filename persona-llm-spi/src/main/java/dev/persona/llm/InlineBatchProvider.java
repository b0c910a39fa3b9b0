package dev.persona.llm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** {@link LlmBatchProvider#inline}: every request answered at submit time, one by one; keys remembered in memory. */
final class InlineBatchProvider implements LlmBatchProvider {

  private final LlmProvider provider;
  private final Map<String, Submitted> byKey = new ConcurrentHashMap<>();

  private record Submitted(BatchHandle handle, Instant at) {}
  private final Map<BatchHandle, List<BatchResult>> results = new ConcurrentHashMap<>();

  InlineBatchProvider(LlmProvider provider) {
    if (provider == null) {
      throw new IllegalArgumentException("a provider is required");
    }
    this.provider = provider;
  }

  @Override
  public String model() {
    return provider.model();
  }

  @Override
  public BatchHandle submit(String key, List<BatchRequest> requests) {
    if (key == null || !key.matches("[A-Za-z0-9_.:/-]{1,64}")) {
      throw new LlmException(LlmException.Kind.INVALID_REQUEST, "a batch key is 1 to 64 of A-Z a-z 0-9 _ . : / -");
    }
    if (requests == null || requests.isEmpty() || requests.size() > maxRequests()) {
      throw new LlmException(LlmException.Kind.INVALID_REQUEST, "a batch holds 1 to " + maxRequests() + " requests");
    }
    BatchHandle h = new BatchHandle("inline-" + UUID.randomUUID());
    List<BatchResult> out = new ArrayList<>();
    for (BatchRequest r : requests) {
      try {
        out.add(BatchResult.answered(r.id(), provider.complete(r.request())));
      } catch (LlmException e) {
        out.add(BatchResult.failed(r.id(), e));
      }
    }
    results.put(h, List.copyOf(out));
    byKey.put(key, new Submitted(h, Instant.now())); // the latest batch with the key, as a provider's list would show first
    return h;
  }

  @Override
  public Optional<BatchHandle> find(String key, Instant since) {
    if (key == null || since == null) {
      throw new LlmException(LlmException.Kind.INVALID_REQUEST, "key and since are required");
    }
    Submitted s = byKey.get(key);
    return s == null || s.at().isBefore(since) ? Optional.empty() : Optional.of(s.handle());
  }

  @Override
  public BatchStatus status(BatchHandle batch) {
    List<BatchResult> r = known(batch);
    int failed = (int) r.stream().filter(x -> x.error() != null).count();
    return new BatchStatus(BatchStatus.State.COMPLETED, r.size(), r.size() - failed, failed, null);
  }

  @Override
  public List<BatchResult> results(BatchHandle batch) {
    return known(batch);
  }

  @Override
  public void cancel(BatchHandle batch) {
    known(batch);
  }

  private List<BatchResult> known(BatchHandle batch) {
    List<BatchResult> r = batch == null ? null : results.get(batch);
    if (r == null) {
      throw new LlmException(LlmException.Kind.INVALID_REQUEST, "no such batch");
    }
    return r;
  }
}

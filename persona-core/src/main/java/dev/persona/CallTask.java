package dev.persona;

import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One provider call: its request, its ticket, its place in the queue, its retries and its current launch. */
final class CallTask implements CallQueue.Entry {
  final LlmRequest request;
  final CallTicket ticket;
  final long sequence;
  final long estimatedTokens;
  final CompletableFuture<LlmResponse> result = new CompletableFuture<>();
  int retries;
  volatile @Nullable CallLaunch launch;
  EngineClock.@Nullable Cancellable retryTimer;

  CallTask(LlmRequest request, CallTicket ticket, long sequence) {
    this.request = request;
    this.ticket = ticket;
    this.sequence = sequence;
    this.estimatedTokens = estimateTokens(request);
  }

  /** A rough token count: about three characters a token for the prompt, plus the answer's limit. */
  static long estimateTokens(LlmRequest request) {
    long chars = 0;
    for (LlmMessage m : request.messages()) {
      chars += m.content().length();
    }
    return chars / 3 + request.maxOutputTokens();
  }

  @Override
  public CallPriority priority() {
    return ticket.priority;
  }

  @Override
  public Object learner() {
    return ticket.learner;
  }

  @Override
  public long sequence() {
    return sequence;
  }
}

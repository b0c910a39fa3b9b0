package dev.persona;

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
    this.estimatedTokens = CallScheduler.estimateTokens(request);
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

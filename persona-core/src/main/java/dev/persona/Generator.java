package dev.persona;

import dev.persona.ContentValidator.Parsed;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmProvider;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.TokenUsage;
import dev.persona.model.PersonalizedContent;
import dev.persona.prompt.ContentRules;
import dev.persona.prompt.Prompt;
import dev.persona.prompt.PromptInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Turns one prompt input into validated content: calls the provider within the shared limits,
 * retries retryable failures with backoff, and re-asks with the exact violations when an answer
 * breaks the rules.
 */
final class Generator {

  /** What one generation produced: content, or the reason there is none, and what it cost. */
  record Attempt(
      @Nullable PersonalizedContent content,
      TokenUsage usage,
      int attempts,
      String model,
      @Nullable String failure,
      @Nullable LlmException providerFailure) {

    boolean succeeded() {
      return content != null;
    }
  }

  private static final int MAX_FED_BACK_CHARS = 8_000;
  private static final Duration TIMEOUT_GRACE = Duration.ofSeconds(2);
  private static final System.Logger LOG = System.getLogger("dev.persona.engine");

  private final LlmProvider provider;
  private final Prompt prompt;
  private final ContentRules rules;
  private final RetryPolicy retryPolicy;
  private final CallLimiter limiter;
  private final Sleeper sleeper;
  private final ExecutorService callExecutor;
  private final RandomGenerator random;
  private final int maxAttempts;
  private final double temperature;
  private final int maxOutputTokens;
  private final Duration callTimeout;

  Generator(
      LlmProvider provider,
      Prompt prompt,
      ContentRules rules,
      RetryPolicy retryPolicy,
      CallLimiter limiter,
      Sleeper sleeper,
      ExecutorService callExecutor,
      RandomGenerator random,
      int maxAttempts,
      double temperature,
      int maxOutputTokens,
      Duration callTimeout) {
    this.provider = provider;
    this.prompt = prompt;
    this.rules = rules;
    this.retryPolicy = retryPolicy;
    this.limiter = limiter;
    this.sleeper = sleeper;
    this.callExecutor = callExecutor;
    this.random = random;
    this.maxAttempts = maxAttempts;
    this.temperature = temperature;
    this.maxOutputTokens = maxOutputTokens;
    this.callTimeout = callTimeout;
  }

  Attempt generate(PromptInput input) throws InterruptedException {
    List<LlmMessage> messages = new ArrayList<>(prompt.messages(input));
    TokenUsage usage = TokenUsage.ZERO;
    String model = provider.model();
    List<String> problems = List.of();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      LlmResponse response;
      try {
        response = callWithRetries(new LlmRequest(messages, prompt.responseFormat(), temperature,
            maxOutputTokens, callTimeout));
      } catch (LlmException e) {
        return new Attempt(null, usage, attempt, model, "provider failed: " + e.kind()
            + (e.retryable() ? " (retries exhausted)" : " (not retryable)"), e);
      }
      usage = usage.plus(response.usage());
      model = response.model();
      if (response.finishReason() == FinishReason.CONTENT_FILTER) {
        return new Attempt(null, usage, attempt, model, "provider's content filter withheld the answer", null);
      }
      Parsed parsed = ContentValidator.parse(response.text(), rules.language());
      PersonalizedContent content = parsed.content();
      if (content == null) {
        problems = new ArrayList<>();
        problems.add(String.valueOf(parsed.problem()));
        if (response.finishReason() == FinishReason.LENGTH) {
          problems.add(rules.language() == dev.persona.model.Language.RUSSIAN
              ? "ответ оборвался на лимите длины: пиши короче"
              : "the answer was cut off at the length limit: write less");
        }
      } else {
        problems = ContentValidator.violations(content, rules);
        if (problems.isEmpty()) {
          return new Attempt(content, usage, attempt, model, null, null);
        }
      }
      LOG.log(System.Logger.Level.DEBUG, "answer {0} of {1} broke {2} rule(s); re-asking", attempt,
          maxAttempts, problems.size());
      String fedBack = response.text().length() > MAX_FED_BACK_CHARS
          ? response.text().substring(0, MAX_FED_BACK_CHARS)
          : response.text();
      messages.add(LlmMessage.assistant(fedBack));
      messages.add(LlmMessage.user(prompt.correction(problems)));
    }
    return new Attempt(null, usage, maxAttempts, model,
        "every answer broke the content rules (" + maxAttempts + " attempts); last: " + String.join("; ", problems),
        null);
  }

  private LlmResponse callWithRetries(LlmRequest request) throws InterruptedException {
    for (int retry = 0; ; retry++) {
      try {
        return callOnce(request);
      } catch (LlmException e) {
        if (!e.retryable() || retry >= retryPolicy.maxRetries()) {
          throw e;
        }
        Duration wait = e.retryAfter().orElseGet(() -> Duration.ZERO);
        if (e.retryAfter().isPresent()) {
          if (wait.compareTo(retryPolicy.maxRetryAfter()) > 0) {
            throw e;
          }
        } else {
          wait = retryPolicy.backoff(retry, random);
        }
        LOG.log(System.Logger.Level.DEBUG, "provider call failed with {0}; retry {1} of {2} in {3} ms",
            e.kind(), retry + 1, retryPolicy.maxRetries(), wait.toMillis());
        sleeper.sleep(wait);
      }
    }
  }

  private LlmResponse callOnce(LlmRequest request) throws InterruptedException {
    limiter.acquire();
    // 0 = queued, 1 = running, 2 = abandoned before it ran. Whoever moves it off 0 owns the permit.
    AtomicInteger state = new AtomicInteger();
    Future<LlmResponse> call;
    try {
      call = callExecutor.submit(() -> {
        if (!state.compareAndSet(0, 1)) {
          throw new CancellationException("abandoned");
        }
        try {
          return provider.complete(request);
        } finally {
          limiter.release();
        }
      });
    } catch (RejectedExecutionException e) {
      limiter.release();
      throw new LlmException(LlmException.Kind.UNAVAILABLE, "the service is shut down", null, e);
    }
    try {
      return call.get(callTimeout.plus(TIMEOUT_GRACE).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandon(call, state);
      throw new LlmException(LlmException.Kind.TIMEOUT,
          "no answer within " + callTimeout.toMillis() + " ms", null, e);
    } catch (InterruptedException e) {
      abandon(call, state);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof LlmException le) {
        throw le;
      }
      // A provider bug, not a provider answer: do not retry, and do not leak its message.
      throw new LlmException(LlmException.Kind.INVALID_REQUEST,
          "the provider threw " + (cause == null ? "an error" : cause.getClass().getName()), null, cause);
    }
  }

  private void abandon(Future<LlmResponse> call, AtomicInteger state) {
    if (state.compareAndSet(0, 2)) {
      limiter.release();
    }
    call.cancel(true);
  }
}

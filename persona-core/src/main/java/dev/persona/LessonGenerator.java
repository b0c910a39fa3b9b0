package dev.persona;

import dev.persona.ContentValidator.Parsed;
import dev.persona.llm.FinishReason;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.LlmResponse;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Language;
import dev.persona.model.PersonalizedContent;
import dev.persona.prompt.ContentRules;
import dev.persona.prompt.Prompt;
import dev.persona.prompt.PromptInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one prompt input into validated content: sends the prompt through the {@link
 * CallScheduler}, checks the answer against the content rules, and re-asks with the exact
 * violations and the answer itself until an answer passes or the attempts are spent. Nothing here
 * blocks: each answer is handled on the thread that received it.
 */
final class LessonGenerator {

  /** How answers are requested and checked. */
  record Settings(Prompt prompt, ContentRules rules, int maxAttempts, double temperature, int maxOutputTokens,
      Duration callTimeout) {}

  /** What one generation produced: content, or the reason there is none, and what it cost. */
  record Attempt(
      @Nullable PersonalizedContent content,
      TokenUsage usage,
      int attempts,
      String model,
      @Nullable String failure,
      boolean notSent,
      boolean cutsRunShort) {

    boolean succeeded() {
      return content != null;
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.engine");
  private static final int MAX_FED_BACK_CHARS = 8_000;

  private final CallScheduler scheduler;
  private final Settings settings;
  private final String model;

  LessonGenerator(CallScheduler scheduler, Settings settings, String model) {
    this.scheduler = scheduler;
    this.settings = settings;
    this.model = model;
  }

  /** The first attempt's prompt in tokens, about three characters a token. */
  long estimatePromptTokens(PromptInput input) {
    long chars = 0;
    for (LlmMessage m : settings.prompt().messages(input)) {
      chars += m.content().length();
    }
    return chars / 3;
  }

  int maxOutputTokens() {
    return settings.maxOutputTokens();
  }

  CompletableFuture<Attempt> generate(PromptInput input, CallTicket ticket) {
    return attempt(1, new ArrayList<>(settings.prompt().messages(input)), TokenUsage.ZERO, model, ticket);
  }

  /**
   * Generates with a first answer that came from elsewhere (a batch): it is checked like any answer,
   * and re-asks go through the scheduler. Its tokens are not counted here: the batch paid for them.
   */
  CompletableFuture<Attempt> generate(PromptInput input, CallTicket ticket, LlmResponse first) {
    LlmResponse unbilled = new LlmResponse(first.text(), first.model(), TokenUsage.ZERO, first.finishReason());
    return answered(1, new ArrayList<>(settings.prompt().messages(input)), TokenUsage.ZERO, unbilled, ticket);
  }

  /** The request of a first attempt, as it would be sent (for a batch). */
  LlmRequest firstRequest(PromptInput input) {
    return new LlmRequest(settings.prompt().messages(input), settings.prompt().responseFormat(), settings.temperature(),
        settings.maxOutputTokens(), settings.callTimeout());
  }

  private CompletableFuture<Attempt> attempt(int n, List<LlmMessage> messages, TokenUsage spent, String lastModel,
      CallTicket ticket) {
    LlmRequest request = new LlmRequest(messages, settings.prompt().responseFormat(), settings.temperature(),
        settings.maxOutputTokens(), settings.callTimeout());
    // a later attempt handles its own failures, so only this attempt's call can fail here
    return scheduler.submit(request, ticket)
        .thenCompose(response -> answered(n, messages, spent, response, ticket))
        .exceptionally(error -> failure(n, spent, lastModel, unwrap(error)));
  }

  private CompletableFuture<Attempt> answered(int n, List<LlmMessage> messages, TokenUsage spent,
      LlmResponse response, CallTicket ticket) {
    TokenUsage usage = spent.plus(response.usage());
    String answeredBy = response.model();
    if (response.finishReason() == FinishReason.CONTENT_FILTER) {
      return done(new Attempt(null, usage, n, answeredBy, "provider's content filter withheld the answer", false, false));
    }
    Language language = settings.rules().language();
    Parsed parsed = ContentValidator.parse(response.text(), language);
    PersonalizedContent content = parsed.content();
    List<String> problems = new ArrayList<>();
    if (content == null) {
      problems.add(String.valueOf(parsed.problem()));
      if (response.finishReason() == FinishReason.LENGTH) {
        problems.add(language == Language.RUSSIAN
            ? "ответ оборвался на лимите длины: пиши короче"
            : "the answer was cut off at the length limit: write less");
      }
    } else {
      problems.addAll(ContentValidator.violations(content, settings.rules()));
      if (problems.isEmpty()) {
        return done(new Attempt(content, usage, n, answeredBy, null, false, false));
      }
    }
    if (n >= settings.maxAttempts()) {
      return done(new Attempt(null, usage, n, answeredBy, "every answer broke the content rules ("
          + settings.maxAttempts() + " attempts); last: " + String.join("; ", problems), false, false));
    }
    LOG.debug("answer {} of {} broke {} rule(s); re-asking", n, settings.maxAttempts(), problems.size());
    String fedBack = response.text().length() > MAX_FED_BACK_CHARS
        ? response.text().substring(0, MAX_FED_BACK_CHARS)
        : response.text();
    List<LlmMessage> next = new ArrayList<>(messages);
    next.add(LlmMessage.assistant(fedBack));
    next.add(LlmMessage.user(settings.prompt().correction(problems)));
    return attempt(n + 1, next, usage, answeredBy, ticket);
  }

  private static Attempt failure(int n, TokenUsage usage, String model, Throwable error) {
    if (error instanceof CallNotSentException ns) {
      return new Attempt(null, usage, n - 1, model, ns.getMessage(), true, ns.cutsRunShort());
    }
    if (error instanceof LlmException e) {
      return new Attempt(null, usage, n, model, "provider failed: " + e.kind()
          + (e.retryable() ? " (retries exhausted)" : " (not retryable)"), false, false);
    }
    return new Attempt(null, usage, n, model, "unexpected error: " + error.getClass().getSimpleName(), false, false);
  }

  private static CompletableFuture<Attempt> done(Attempt a) {
    return CompletableFuture.completedFuture(a);
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}

package dev.persona.jobs;

import dev.persona.LearnerBatches.LearnerRequests;
import dev.persona.PersonalizationService;
import dev.persona.llm.BatchHandle;
import dev.persona.llm.BatchRequest;
import dev.persona.llm.BatchResult;
import dev.persona.llm.BatchStatus;
import dev.persona.llm.LlmBatchProvider;
import dev.persona.llm.LlmException;
import dev.persona.llm.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A page's life in batch mode: its learners' first attempts go up in parts that fit the provider's
 * limits (each learner whole in one part); a part is recorded before it is submitted, so an
 * execution that dies mid-submission is followed by one that looks for the batch instead of paying
 * for it twice; a batch failing as a whole on a rate limit (OpenAI's enqueued-token limit) is
 * submitted again after a growing wait; the finished batches' outcomes are read for ingestion.
 */
final class BatchPages {

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.jobs");
  /** How much earlier than our recorded submission time the provider's clock may say it was. */
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(10);
  private static final Duration LONGEST_WAIT = Duration.ofHours(2);

  /** What a page's finished batches hold: their outcomes, and what was asked and answered through them. */
  record Ingest(List<BatchResult> results, long requests, TokenUsage usage) {}

  private final RunTables tables;
  private final PersonalizationService service;
  private final @Nullable LlmBatchProvider provider;
  private final PriceTable prices;
  private final int resubmits;
  private final Duration firstWait;

  BatchPages(RunTables tables, PersonalizationService service, PriceTable prices, @Nullable LlmBatchProvider provider,
      int resubmits, Duration firstWait) {
    this.tables = tables;
    this.service = service;
    this.prices = prices;
    this.provider = provider;
    this.resubmits = resubmits;
    this.firstWait = firstWait;
  }

  boolean configured() {
    return provider != null;
  }

  /** Whether a page has parts recorded (submitted, being submitted, or waiting to be again). */
  boolean hasParts(UUID run, int page) {
    return !tables.batches(run, page).isEmpty();
  }

  /** What {@link #submit} did. */
  enum Submitted {
    /** The page's batches are out: poll them. */
    OUT,
    /** Nothing is out: the page goes on synchronously (finding its lessons up to date), or ends if the run did. */
    NONE,
    /** The budget cannot hold the page's batches until other pages' batches are taken in: try again later. */
    WAIT
  }

  /**
   * Submits what a page's learners need, in parts. Parts recorded by an earlier execution are
   * finished (found or submitted); learners in no part are planned anew while the run is running.
   * Under a budget, the page's new parts are recorded only if their upper bound fits beside what the
   * run spent and the bounds of batches not yet taken in: if not, the page waits while other pages'
   * batches are out (their answers cost less than their bounds), and otherwise the run ends with its
   * budget reached (batches already out are still taken in).
   */
  Submitted submit(RunTables.Run r, int page, List<String> todo) {
    List<RunTables.PageBatch> earlier = tables.batches(r.id(), page);
    Set<String> covered = new HashSet<>();
    int nextPart = 0;
    for (RunTables.PageBatch b : earlier) {
      covered.addAll(b.learners());
      nextPart = Math.max(nextPart, b.part() + 1);
      if (b.batchId() == null && b.retryAt() == null) {
        ensureSubmitted(r, b);
      }
    }
    List<String> rest = r.state() != RunState.RUNNING ? List.of()
        : todo.stream().filter(u -> !covered.contains(u)).toList();
    List<LearnerRequests> planned = rest.isEmpty() ? List.of() : service.learnerBatches().requests(r.course(), rest,
        r.force());
    List<RunTables.NewPart> parts = new ArrayList<>();
    List<List<BatchRequest>> partRequests = new ArrayList<>();
    for (List<LearnerRequests> part : split(planned)) {
      List<BatchRequest> requests = part.stream().flatMap(l -> l.requests().stream()).toList();
      TokenUsage bound = bound(requests);
      parts.add(new RunTables.NewPart(nextPart++, part.stream().map(LearnerRequests::userIdentifier).toList(),
          requests.size(), bound.totalTokens(), prices.batchCostMicros(service.model(), bound).orElse(0L)));
      partRequests.add(requests);
    }
    if (!parts.isEmpty()) {
      RunTables.Reservation reservation = tables.parts(r.id(), page, parts, r.budget());
      if (reservation == RunTables.Reservation.WAIT && earlier.isEmpty()) {
        return Submitted.WAIT;
      }
      if (reservation == RunTables.Reservation.NO_ROOM && tables.end(r.id(), RunState.BUDGET_REACHED)) {
        LOG.info("course run {}: budget reached (page {}'s batches would not fit); batches out are still taken in",
            r.id(), page);
      }
      if (reservation != RunTables.Reservation.RECORDED) {
        parts.clear(); // parts an earlier execution recorded go on; this page's other learners go synchronously
      }
    }
    for (int i = 0; i < parts.size(); i++) {
      RunTables.NewPart p = parts.get(i);
      RunTables.PageBatch b = new RunTables.PageBatch(r.id(), page, p.part(), p.learners(), 1, null, p.requests(),
          Instant.now(), null);
      BatchHandle h = provider().submit(b.key(), partRequests.get(i));
      tables.submitted(b, h.id());
    }
    int out = tables.batches(r.id(), page).size();
    if (out > 0) {
      LOG.info("course run {} page {}: {} batch(es) out", r.id(), page, out);
    }
    return out > 0 ? Submitted.OUT : Submitted.NONE;
  }

  /**
   * Looks at a page's batches: submits parts whose wait is over (or whose submission an execution
   * left unfinished), and makes a part whose batch failed as a whole on a rate limit wait for its
   * next attempt. True when every batch is in a final state.
   */
  boolean poll(RunTables.Run r, int page) {
    boolean allFinal = true;
    Instant now = Instant.now();
    for (RunTables.PageBatch b : tables.batches(r.id(), page)) {
      String id = b.batchId();
      if (id == null) {
        Instant retryAt = b.retryAt();
        if (retryAt == null || !now.isBefore(retryAt)) {
          ensureSubmitted(r, b);
        }
        allFinal = false;
        continue;
      }
      BatchStatus status = provider().status(new BatchHandle(id));
      LlmException error = status.error();
      if (status.state() == BatchStatus.State.FAILED && error != null && error.kind() == LlmException.Kind.RATE_LIMITED
          && b.attempt() <= resubmits) {
        Duration wait = wait(b.attempt());
        tables.retryLater(b, now.plus(wait));
        LOG.info("batch {} of course run {} page {} failed on a rate limit; submitting it again in {} s (attempt {} of {})",
            id, r.id(), page, wait.toSeconds(), b.attempt() + 1, resubmits + 1);
        allFinal = false;
        continue;
      }
      allFinal &= status.state().isFinal();
    }
    return allFinal;
  }

  /**
   * What a batch may cost at most: each prompt at about three characters a token, and each answer's
   * full output limit.
   */
  static TokenUsage bound(List<BatchRequest> requests) {
    long prompt = 0;
    long output = 0;
    for (BatchRequest r : requests) {
      for (dev.persona.llm.LlmMessage m : r.request().messages()) {
        prompt += m.content().length();
      }
      output += r.request().maxOutputTokens();
    }
    return new TokenUsage(prompt / 3 + requests.size(), 0, output);
  }

  /** The wait before attempt {@code attempt + 1}: the first wait, doubling, at most two hours. */
  Duration wait(int attempt) {
    Duration d = firstWait;
    for (int i = 1; i < attempt && d.compareTo(LONGEST_WAIT) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : d;
  }

  /** The outcomes of a page's finished batches; none from a batch that failed as a whole. */
  Ingest results(UUID run, int page) {
    List<BatchResult> results = new ArrayList<>();
    long requests = 0;
    TokenUsage usage = TokenUsage.ZERO;
    for (RunTables.PageBatch b : tables.batches(run, page)) {
      String id = b.batchId();
      if (id == null) {
        continue;
      }
      BatchHandle h = new BatchHandle(id);
      BatchStatus status = provider().status(h);
      if (status.state() == BatchStatus.State.FAILED) {
        LlmException e = status.error();
        LOG.warn("batch {} failed as a whole ({}); its lessons go the synchronous way", id,
            e == null ? "no reason given" : e.kind());
        continue;
      }
      requests += b.requests();
      for (BatchResult result : provider().results(h)) {
        results.add(result);
        if (result.response() != null) {
          usage = usage.plus(result.response().usage());
        }
      }
    }
    return new Ingest(results, requests, usage);
  }

  /** Asks the provider to stop a page's batches; a batch that cannot be cancelled ends on its own. */
  void cancel(UUID run, int page) {
    LlmBatchProvider p = provider;
    if (p == null) {
      return;
    }
    for (RunTables.PageBatch b : tables.batches(run, page)) {
      String id = b.batchId();
      if (id == null) {
        continue;
      }
      try {
        p.cancel(new BatchHandle(id));
      } catch (LlmException e) {
        LOG.info("cancelling batch {} failed ({}); it ends on its own", id, e.kind());
      }
    }
  }

  /**
   * Makes sure a recorded part's attempt is at the provider exactly once: a part with a submission
   * time may have gone through before the execution died, so it is looked for first.
   */
  private void ensureSubmitted(RunTables.Run r, RunTables.PageBatch b) {
    Instant submittedAt = b.submittedAt();
    if (submittedAt != null) {
      Optional<BatchHandle> found = provider().find(b.key(), submittedAt.minus(CLOCK_MARGIN));
      if (found.isPresent()) {
        LOG.info("batch {} for {} was submitted before; not submitting it again", found.get().id(), b.key());
        tables.submitted(b, found.get().id());
        return;
      }
    }
    List<BatchRequest> requests = service.learnerBatches().requests(r.course(), b.learners(), r.force()).stream()
        .flatMap(l -> l.requests().stream()).toList();
    if (requests.isEmpty()) {
      tables.drop(b); // its learners are up to date or gone; ingestion finds them so
      return;
    }
    tables.submitting(b, requests.size());
    BatchHandle h = provider().submit(b.key(), requests);
    tables.submitted(b, h.id());
  }

  /**
   * Learners in parts within the provider's request and byte limits, each learner whole. A learner
   * who alone exceeds them is left out: with no batch answers, that learner goes synchronously.
   */
  private List<List<LearnerRequests>> split(List<LearnerRequests> planned) {
    LlmBatchProvider p = provider();
    List<List<LearnerRequests>> parts = new ArrayList<>();
    List<LearnerRequests> part = new ArrayList<>();
    int count = 0;
    long bytes = 0;
    for (LearnerRequests l : planned) {
      long learnerBytes = l.requests().stream().mapToLong(BatchRequest::estimatedBytes).sum();
      if (l.requests().size() > p.maxRequests() || learnerBytes > p.maxBytes()) {
        LOG.warn("a learner's {} request(s) exceed one batch's limits; that learner goes synchronously",
            l.requests().size());
        continue;
      }
      if (!part.isEmpty() && (count + l.requests().size() > p.maxRequests() || bytes + learnerBytes > p.maxBytes())) {
        parts.add(part);
        part = new ArrayList<>();
        count = 0;
        bytes = 0;
      }
      part.add(l);
      count += l.requests().size();
      bytes += learnerBytes;
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
    return parts;
  }

  private LlmBatchProvider provider() {
    LlmBatchProvider p = provider;
    if (p == null) {
      throw new IllegalStateException("this node has no batch provider, but a run is in batch mode: build every "
          + "worker's CourseRuns with batchProvider(...)");
    }
    return p;
  }
}

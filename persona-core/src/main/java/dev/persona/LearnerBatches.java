package dev.persona;

import dev.persona.llm.BatchRequest;
import dev.persona.llm.BatchResult;
import dev.persona.llm.LlmResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Work on a batch of learners of one course at once, a course run's unit of work (see {@code
 * persona-jobs}): every learner's new personalizations go to the store in one write, each learner
 * still all or nothing. Synchronously with {@link #regenerate(String, List, RegenerateOptions,
 * RunLimit)}, or through a provider's batch API ({@link dev.persona.llm.LlmBatchProvider}) in two
 * steps: {@link #requests} gives the first attempt of every lesson the learners need, to submit as
 * one batch; once it is done, {@link #regenerate(String, List, RegenerateOptions, RunLimit, List)}
 * regenerates them with its answers. Each answer is parsed and checked like a synchronous one; a
 * lesson whose answer is missing, failed, expired, invalid, or was asked with inputs that have
 * changed since goes the synchronous way, through the scheduler and its limits. From {@link
 * PersonalizationService#learnerBatches()}.
 */
public final class LearnerBatches {

  private final Launcher launcher;
  private final Planner planner;
  private final LessonWork work;

  LearnerBatches(Launcher launcher, Planner planner, LessonWork work) {
    this.launcher = launcher;
    this.planner = planner;
    this.work = work;
  }

  /**
   * Regenerates several learners at once, as background work, and stores every learner's new
   * personalizations in one write. Learners without a profile in the course are left out of the
   * result. When {@code limit} refuses, no further call is sent and every learner whose lessons
   * were not all done keeps what was stored, whole.
   *
   * @param courseSlug the course
   * @param userIdentifiers at most 500 learners
   * @param options force (a priority lesson is ignored)
   * @param limit asked before each call, told what each used; {@link RunLimit#NONE} for none
   * @return one report per learner found, in the order given
   * @throws NotFoundException at once if the course does not exist
   * @throws ValidationException if the list is missing, too long or holds an invalid id
   * @throws ServiceClosedException if the service is closed
   */
  public CompletableFuture<List<RegenerationReport>> regenerate(String courseSlug, List<String> userIdentifiers,
      RegenerateOptions options, RunLimit limit) {
    return launcher.batch(courseSlug, userIdentifiers, options, limit);
  }

  /**
   * One learner's first-attempt requests.
   *
   * @param userIdentifier the learner
   * @param requests at least one request
   */
  public record LearnerRequests(String userIdentifier, List<BatchRequest> requests) {
    /** Validates and copies. */
    public LearnerRequests {
      dev.persona.internal.Check.required(userIdentifier, "userIdentifier");
      dev.persona.internal.Check.required(requests, "requests");
      if (requests.isEmpty() || requests.stream().anyMatch(java.util.Objects::isNull)) {
        throw ValidationException.of("requests", "holds at least one request, and no null");
      }
      requests = List.copyOf(requests);
    }
  }

  /**
   * The first-attempt requests of every lesson a regeneration of these learners would generate now,
   * per learner: a batch that holds each learner's requests whole lets that learner be committed
   * whole. Ids name the learner, the lesson and the inputs (at most 52 characters).
   *
   * @param courseSlug the course
   * @param userIdentifiers at most 500 learners; those without a profile, and those with nothing
   *     to generate, are left out
   * @param force whether every lesson would be regenerated
   * @return the requests, a learner at a time, in the order given
   * @throws NotFoundException if the course does not exist
   * @throws ValidationException if the list is missing, too long or holds an invalid id
   */
  public List<LearnerRequests> requests(String courseSlug, List<String> userIdentifiers, boolean force) {
    List<LearnerRequests> out = new ArrayList<>();
    for (Planner.Snapshot s : launcher.snapshots(courseSlug, userIdentifiers)) {
      List<BatchRequest> mine = new ArrayList<>();
      for (dev.persona.model.Lesson lesson : s.lessons) {
        Planner.Decision d = planner.decide(lesson, s, force);
        if (d.generates()) {
          mine.add(new BatchRequest(BatchIds.of(s.profileId(), lesson.id(), d.fingerprint()), work.firstRequest(s, d)));
        }
      }
      if (!mine.isEmpty()) {
        out.add(new LearnerRequests(s.profile.userIdentifier(), mine));
      }
    }
    return out;
  }

  /**
   * Regenerates learners with a finished batch's answers; see the class description.
   *
   * @param courseSlug the course
   * @param userIdentifiers at most 500 learners
   * @param options force (a priority lesson is ignored)
   * @param limit asked before each synchronous call; {@link RunLimit#NONE} for none
   * @param results the batch's outcomes (errors and unknown ids are ignored)
   * @return one report per learner found; its usage counts the synchronous calls only
   * @throws NotFoundException if the course does not exist
   * @throws ValidationException if an argument is missing or invalid
   * @throws ServiceClosedException if the service is closed
   */
  public CompletableFuture<List<RegenerationReport>> regenerate(String courseSlug, List<String> userIdentifiers,
      RegenerateOptions options, RunLimit limit, List<BatchResult> results) {
    Map<String, LlmResponse> answers = new HashMap<>();
    for (BatchResult r : dev.persona.internal.Check.required(results, "results")) {
      if (r != null && r.response() != null) {
        answers.put(r.id(), r.response());
      }
    }
    return launcher.batch(courseSlug, userIdentifiers, options, limit, answers);
  }
}

package dev.persona;

import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Profile;
import dev.persona.store.MissingReferenceException;
import dev.persona.store.PersonaStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Survey submissions: stores the learner's profile, starts their onboarding run, and remembers
 * where the last {@value PersonalizationService#TRACKED_SUBMISSIONS} submissions stand.
 */
final class Submissions {

  private record Tracked(UUID id, String user, String slug, CompletableFuture<RegenerationReport> report) {}

  private final PersonaStore store;
  private final Map<UUID, Tracked> tracked = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Tracked> eldest) {
          return size() > PersonalizationService.TRACKED_SUBMISSIONS;
        }
      });

  Submissions(PersonaStore store) {
    this.store = store;
  }

  /**
   * Stores the profile and starts the run that {@code onboard} makes from (user, options).
   *
   * @param onboard starts an onboarding run for a learner of the course
   */
  Submission submit(SurveySubmission submission,
      BiFunction<Profile, RegenerateOptions, CompletableFuture<RegenerationReport>> onboard) {
    String user = submission.userIdentifier();
    String slug = submission.courseSlug();
    Course course = store.findCourse(slug).orElseThrow(() -> new NotFoundException("no course '" + slug + "'"));
    UUID priority = null;
    Integer first = submission.firstLesson();
    if (first != null) {
      priority = store.lessons(course.id()).stream().filter(l -> l.number() == first).findFirst()
          .map(Lesson::id)
          .orElseThrow(() -> new NotFoundException("course '" + slug + "' has no lesson " + first));
    }
    Optional<Profile> before = store.findProfile(user, slug);
    Profile stored;
    try {
      stored = store.saveProfile(Profile.of(user, slug, submission.name(), submission.survey()));
    } catch (MissingReferenceException e) {
      throw new NotFoundException("no course '" + slug + "'");
    }
    boolean changed = before.isEmpty() || !Objects.equals(before.get().name(), stored.name())
        || !before.get().survey().equals(stored.survey());
    UUID id = UUID.randomUUID();
    CompletableFuture<RegenerationReport> report =
        onboard.apply(stored, RegenerateOptions.defaults().withPriorityLesson(priority));
    tracked.put(id, new Tracked(id, user, slug, report));
    return new Submission(id, stored, changed, report);
  }

  Optional<SubmissionStatus> status(UUID submissionId) {
    Tracked t = tracked.get(submissionId);
    if (t == null) {
      return Optional.empty();
    }
    if (!t.report().isDone()) {
      return Optional.of(status(t, SubmissionStatus.State.RUNNING, null, null));
    }
    try {
      return Optional.of(status(t, SubmissionStatus.State.DONE, t.report().join(), null));
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return Optional.of(status(t, SubmissionStatus.State.FAILED, null, cause.getClass().getSimpleName()));
    }
  }

  private static SubmissionStatus status(Tracked t, SubmissionStatus.State state, @Nullable RegenerationReport report,
      @Nullable String failure) {
    return new SubmissionStatus(t.id(), t.user(), t.slug(), state, report, failure);
  }
}

package dev.persona;

import dev.persona.PlannedLesson.Action;
import dev.persona.internal.Check;
import dev.persona.internal.Hashing;
import dev.persona.internal.Json;
import dev.persona.model.Course;
import dev.persona.model.Fingerprint;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.Profile;
import dev.persona.prompt.LearnerCard;
import dev.persona.prompt.LessonMaterial;
import dev.persona.prompt.Prompt;
import dev.persona.store.PersonaStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a run needs and decides, lesson by lesson, whether to generate, keep or skip, and
 * why: the fingerprints of the prompt, the model, the learner and the lesson, compared with what
 * each stored personalization was made from.
 */
final class Planner {

  /** Everything a run reads before it starts, read once. */
  static final class Snapshot {
    final Profile profile;
    final Course course;
    final List<Lesson> lessons;
    final Map<UUID, Personalization> existing;
    final LearnerCard card;
    final String learnerHash;

    Snapshot(Profile profile, Course course, List<Lesson> lessons, List<Personalization> existing, Prompt prompt) {
      this.profile = profile;
      this.course = course;
      this.lessons = lessons;
      this.existing = new HashMap<>();
      existing.forEach(p -> this.existing.put(p.lessonId(), p));
      this.card = LearnerCard.of(profile, prompt.language());
      this.learnerHash = Hashing.sha256Hex(16, Json.write(Json.canonical(Json.MAPPER.valueToTree(card))));
    }

    UUID profileId() {
      return profile.id();
    }
  }

  /** The plan for one lesson, with what generating it needs. */
  record Decision(
      PlannedLesson plan,
      Lesson lesson,
      LessonMaterial material,
      Fingerprint fingerprint,
      @Nullable Personalization old) {

    boolean generates() {
      return plan.action() == Action.GENERATE;
    }

    /** The result of a decision that needs no call: kept or skipped. */
    LessonResult immediateResult(UUID profileId) {
      LessonResult.Outcome outcome = switch (plan.action()) {
        case SKIP -> LessonResult.Outcome.SKIPPED;
        case KEEP -> old != null && old.status() == PersonalizationStatus.EDITED
            ? LessonResult.Outcome.KEPT_EDITED
            : LessonResult.Outcome.UNCHANGED;
        case GENERATE -> throw new IllegalStateException("not an immediate decision");
      };
      return LessonResult.untouched(profileId, this, outcome, plan.reason());
    }
  }

  private final PersonaStore store;
  private final Prompt prompt;
  private final String promptPart;
  private final String modelId;
  private final int transcriptBudget;

  Planner(PersonaStore store, Prompt prompt, String promptPart, String modelId, int transcriptBudget) {
    this.store = store;
    this.prompt = prompt;
    this.promptPart = promptPart;
    this.modelId = modelId;
    this.transcriptBudget = transcriptBudget;
  }

  Snapshot snapshot(String userIdentifier, String courseSlug) {
    Profile profile = requireProfile(userIdentifier, courseSlug);
    Course course = store.findCourse(courseSlug)
        .orElseThrow(() -> new NotFoundException("no course '" + courseSlug + "'"));
    return new Snapshot(profile, course, store.lessons(course.id()), store.personalizations(profile.id()), prompt);
  }

  Profile requireProfile(String userIdentifier, String courseSlug) {
    Check.identifier(userIdentifier, "userIdentifier", Profile.MAX_USER_IDENTIFIER_LENGTH);
    Check.identifier(courseSlug, "courseSlug", Course.MAX_SLUG_LENGTH);
    if (store.findCourse(courseSlug).isEmpty()) {
      throw new NotFoundException("no course '" + courseSlug + "'");
    }
    return store.findProfile(userIdentifier, courseSlug)
        .orElseThrow(() -> new NotFoundException("user '" + userIdentifier + "' has no profile for course '"
            + courseSlug + "'"));
  }

  Decision decide(Lesson lesson, Snapshot s, boolean force) {
    LessonMaterial material = LessonMaterial.of(lesson, transcriptBudget);
    Fingerprint fp = new Fingerprint(promptPart, modelId, s.learnerHash, Hashing.sha256Hex(16,
        material.title(), String.valueOf(material.summary()), String.valueOf(material.description()),
        String.valueOf(material.transcript()),
        Integer.toString(material.transcriptLength())));
    Personalization old = s.existing.get(lesson.id());
    Action action;
    String reason;
    if (!material.hasSubstance()) {
      action = Action.SKIP;
      reason = "the lesson has no summary, description or transcript to personalize from";
    } else if (s.profile.survey().isBlank()) {
      action = Action.SKIP;
      reason = "the learner has not answered the survey";
    } else if (force) {
      action = Action.GENERATE;
      reason = "forced";
    } else if (old == null) {
      action = Action.GENERATE;
      reason = "no personalization yet";
    } else if (old.status() == PersonalizationStatus.EDITED) {
      action = Action.KEEP;
      reason = "edited by the host";
    } else if (old.status() == PersonalizationStatus.DEGRADED) {
      action = Action.GENERATE;
      reason = "degraded fallback; trying the model again";
    } else if (old.provenance() == null) {
      action = Action.GENERATE;
      reason = "no fingerprint (written by an older system)";
    } else {
      List<String> changes = changes(fp, old.provenance().fingerprint());
      action = changes.isEmpty() ? Action.KEEP : Action.GENERATE;
      reason = changes.isEmpty() ? "unchanged" : String.join(", ", changes);
    }
    return new Decision(new PlannedLesson(lesson.id(), lesson.number(), lesson.title(), action, reason),
        lesson, material, fp, old);
  }

  private static List<String> changes(Fingerprint current, String stored) {
    try {
      return current.changesSince(Fingerprint.parse(stored));
    } catch (ValidationException e) {
      return List.of("unreadable fingerprint");
    }
  }
}

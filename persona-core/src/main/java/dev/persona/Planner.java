package dev.persona;

import dev.persona.PlannedLesson.Action;
import dev.persona.internal.Check;
import dev.persona.internal.Hashing;
import dev.persona.internal.Json;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.SurveyVocabulary;
import dev.persona.prompt.LearnerCard;
import dev.persona.prompt.LessonMaterial;
import dev.persona.prompt.Prompt;
import dev.persona.store.PersonaStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** A short id for this run, put in the MDC as {@code persona.run}; only for correlating log lines. */
    final String runId = Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);

    Snapshot(Profile profile, Course course, List<Lesson> lessons, List<Personalization> existing, Prompt prompt,
        SurveyVocabulary vocabulary) {
      this.profile = profile;
      this.course = course;
      this.lessons = lessons;
      this.existing = new HashMap<>();
      existing.forEach(p -> this.existing.put(p.lessonId(), p));
      this.card = LearnerCard.of(profile, prompt.language(), vocabulary);
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

  private static final Logger LOG = LoggerFactory.getLogger("dev.persona.engine");
  private static final int REPORTED_CODES = 10_000;

  private final PersonaStore store;
  private final Prompt prompt;
  private final String promptPart;
  private final String modelId;
  private final int transcriptBudget;
  private final SurveyVocabulary vocabulary;
  private final int minFieldLength;
  private final Set<String> reportedCodes = ConcurrentHashMap.newKeySet();

  Planner(PersonaStore store, Prompt prompt, String promptPart, String modelId, int transcriptBudget,
      SurveyVocabulary vocabulary, int minFieldLength) {
    this.minFieldLength = minFieldLength;
    this.store = store;
    this.prompt = prompt;
    this.promptPart = promptPart;
    this.modelId = modelId;
    this.transcriptBudget = transcriptBudget;
    this.vocabulary = vocabulary;
  }

  Snapshot snapshot(String userIdentifier, String courseSlug) {
    Profile profile = requireProfile(userIdentifier, courseSlug);
    Course course = store.findCourse(courseSlug)
        .orElseThrow(() -> new NotFoundException("no course '" + courseSlug + "'"));
    return snapshot(profile, course, store.lessons(course.id()));
  }

  /** A snapshot of a learner whose course and lessons the caller has read already (a course run's page). */
  Snapshot snapshot(Profile profile, Course course, List<Lesson> lessons) {
    reportUnknownCodes(profile);
    return new Snapshot(profile, course, lessons, store.personalizations(profile.id()), prompt, vocabulary);
  }

  Map<String, List<String>> unknownCodes(Profile profile) {
    return vocabulary.unknownCodes(profile.survey());
  }

  /** Logs each unknown code once: it is left out of every prompt until the vocabulary knows it. */
  private void reportUnknownCodes(Profile profile) {
    vocabulary.unknownCodes(profile.survey()).forEach((question, codes) -> {
      for (String code : codes) {
        if (reportedCodes.size() < REPORTED_CODES && reportedCodes.add(question + ":" + code)) {
          LOG.warn("survey answer '{}' to '{}' (first seen for user '{}' in course '{}') looks like a code the"
              + " vocabulary does not know; it is left out of prompts until it is added", code, question,
              profile.userIdentifier(), profile.courseSlug());
        }
      }
    });
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
    boolean adoptable = false;
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
      String notAdoptable = notAdoptable(old);
      adoptable = notAdoptable == null;
      reason = "no fingerprint (written by an older system)"
          + (adoptable ? "; can be adopted without a call" : "; cannot be adopted: " + notAdoptable);
    } else {
      List<String> changes = changes(fp, old.provenance().fingerprint());
      action = changes.isEmpty() ? Action.KEEP : Action.GENERATE;
      reason = changes.isEmpty() ? "unchanged" : String.join(", ", changes);
    }
    return new Decision(new PlannedLesson(lesson.id(), lesson.number(), lesson.title(), action, reason, adoptable),
        lesson, material, fp, old);
  }

  /** Why a legacy row cannot be kept as it is, or {@code null} when it can. */
  private @Nullable String notAdoptable(Personalization old) {
    if (old.status() != PersonalizationStatus.GENERATED) {
      return "it is " + old.status().code();
    }
    if (!old.content().isComplete()) {
      return "fields missing: " + String.join(", ", old.content().missingFields());
    }
    for (String key : PersonalizedContent.KEYS) {
      String value = old.content().field(key).strip();
      if (value.length() < minFieldLength) {
        return "field " + key + " is shorter than " + minFieldLength + " characters";
      }
      if (!ContentValidator.inLanguage(value, prompt.language())) {
        return "field " + key + " is not in " + prompt.language().name().toLowerCase(java.util.Locale.ROOT);
      }
    }
    return null;
  }

  private static List<String> changes(Fingerprint current, String stored) {
    try {
      return current.changesSince(Fingerprint.parse(stored));
    } catch (ValidationException e) {
      return List.of("unreadable fingerprint");
    }
  }
}

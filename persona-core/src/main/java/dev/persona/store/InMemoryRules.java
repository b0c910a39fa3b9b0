package dev.persona.store;

import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.PersonalizedLesson;
import dev.persona.model.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The rules of the in-memory store's writes and composite reads, over its tables; callers hold the lock. */
final class InMemoryRules {

  private final InMemoryTables t;

  InMemoryRules(InMemoryTables t) {
    this.t = t;
  }

  /** Stores a personalization, keeping the row's id (and its extras when asked). */
  Personalization put(Personalization p, boolean keepExtras, Instant now) {
    Personalization old = t.personalization(p.profileId(), p.lessonId());
    Personalization stored = new Personalization(old == null ? p.id() : old.id(), p.profileId(), p.lessonId(),
        keepExtras && old != null ? p.content().keepingExtrasOf(old.content()) : p.content(), p.status(),
        p.provenance(), now);
    t.putPersonalization(stored);
    return stored;
  }

  /** One learner's set, all or nothing; see {@link LearnerStore#saveLearnerSets}. */
  SetResult storeSet(LearnerSet set, Instant now) {
    Profile stored = t.profiles.get(set.profileId());
    if (stored == null) {
      return SetResult.notStored(set.profileId(), SetResult.Status.PROFILE_MISSING);
    }
    if (!set.answersMatch(stored)) {
      return SetResult.notStored(set.profileId(), SetResult.Status.SUPERSEDED);
    }
    if (!set.lessonIds().stream().allMatch(t.lessons::containsKey)) {
      return SetResult.notStored(set.profileId(), SetResult.Status.LESSON_MISSING);
    }
    List<Personalization> rows = new ArrayList<>(set.personalizations().size());
    for (Personalization p : set.personalizations()) {
      Personalization current = t.personalization(p.profileId(), p.lessonId());
      boolean keep = set.keepEdited() && current != null && current.status() == PersonalizationStatus.EDITED
          && p.status() != PersonalizationStatus.EDITED;
      rows.add(keep ? current : put(p, true, now));
    }
    return new SetResult(set.profileId(), SetResult.Status.STORED, rows);
  }

  /** Stamps provenance onto legacy generated rows that have none; see {@link LearnerStore#adoptPersonalizations}. */
  int adopt(List<Adoption> adoptions, Instant now) {
    int stamped = 0;
    for (Adoption a : adoptions) {
      Personalization p = t.personalization(a.profileId(), a.lessonId());
      if (p != null && p.provenance() == null && p.status() == PersonalizationStatus.GENERATED) {
        t.putPersonalization(new Personalization(p.id(), p.profileId(), p.lessonId(), p.content(), p.status(),
            a.provenance(), now));
        stamped++;
      }
    }
    return stamped;
  }

  Optional<PersonalizedCourse> personalizedCourse(String userIdentifier, String courseSlug) {
    Profile profile = t.profile(userIdentifier, courseSlug);
    Course course = t.courseBySlug(courseSlug);
    if (profile == null || course == null) {
      return Optional.empty();
    }
    List<PersonalizedLesson> lines = new ArrayList<>();
    for (Lesson l : t.lessonsOf(course.id())) {
      lines.add(new PersonalizedLesson(l.id(), l.number(), l.title(), l.summary(), t.personalization(profile.id(), l.id())));
    }
    return Optional.of(new PersonalizedCourse(profile, course, lines));
  }

  /** Saves a course; a new slug is followed by its profiles, as ON UPDATE CASCADE does (checked first). */
  void saveCourse(Course course) {
    UUID holder = t.courseBySlug.get(course.slug());
    if (holder != null && !holder.equals(course.id())) {
      throw new DuplicateKeyException("a course with slug '" + course.slug() + "' already exists", null);
    }
    Course old = t.courses.get(course.id());
    if (old != null && !old.slug().equals(course.slug())) {
      // profiles refer to the slug: follow it, as ON UPDATE CASCADE does; check before changing
      List<Profile> moved = new ArrayList<>();
      for (UUID id : t.profileIdsOf(old.slug())) {
        Profile p = Objects.requireNonNull(t.profiles.get(id));
        if (t.profile(p.userIdentifier(), course.slug()) != null) {
          throw new DuplicateKeyException("renaming the course would merge two profiles of user '"
              + p.userIdentifier() + "'", null);
        }
        moved.add(new Profile(p.id(), p.userIdentifier(), p.name(), course.slug(), p.survey()));
      }
      moved.forEach(t::putProfile);
    }
    t.putCourse(course);
  }

  /** A page of a course's profiles by user id, after {@code afterUser} (a keyset: no offset to skip). */
  List<Profile> profilesPage(String courseSlug, @Nullable String afterUser, int limit) {
    NavigableMap<String, UUID> byUser = t.profilesOf(courseSlug);
    if (byUser == null) {
      return List.of();
    }
    Map<String, UUID> tail = afterUser == null ? byUser : byUser.tailMap(afterUser, false);
    List<Profile> page = new ArrayList<>(Math.min(limit, tail.size()));
    for (UUID id : tail.values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(t.profiles.get(id));
    }
    return page;
  }
}

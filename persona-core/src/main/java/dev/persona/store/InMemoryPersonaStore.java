package dev.persona.store;

import dev.persona.internal.Check;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.PersonalizedLesson;
import dev.persona.model.Profile;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe {@link PersonaStore} in memory, with PostgreSQL's semantics: unique keys,
 * references, cascades and all-or-nothing batches. For tests, demos and single-process hosts that
 * do not need durability.
 *
 * <p>One read-write lock guards all data: reads run in parallel, writes one at a time. Every write
 * validates everything before it changes anything, so a failing write leaves no trace.
 */
public final class InMemoryPersonaStore implements PersonaStore {

  private record ProfileKey(String userIdentifier, String courseSlug) {}

  private record PersonalizationKey(UUID profileId, UUID lessonId) {}

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Clock clock;

  private final Map<UUID, Course> courses = new HashMap<>();
  private final Map<UUID, Lesson> lessons = new HashMap<>();
  private final Map<UUID, LessonDescription> descriptionsByLesson = new HashMap<>();
  private final Map<UUID, LessonAsset> assets = new LinkedHashMap<>();
  private final Map<UUID, Profile> profiles = new HashMap<>();
  private final Map<ProfileKey, UUID> profileIds = new HashMap<>();
  private final Map<PersonalizationKey, Personalization> personalizations = new HashMap<>();
  private Instant lastWrite = Instant.EPOCH;

  /** A store using the system clock for {@link Personalization#updatedAt()}. */
  public InMemoryPersonaStore() {
    this(Clock.systemUTC());
  }

  /**
   * A store with a clock of your choice.
   *
   * @param clock the clock for {@link Personalization#updatedAt()}
   */
  public InMemoryPersonaStore(Clock clock) {
    this.clock = Check.required(clock, "clock");
  }

  // ---- courses ----

  @Override
  public void saveCourse(Course course) {
    Check.required(course, "course");
    write(() -> {
      for (Course other : courses.values()) {
        if (!other.id().equals(course.id()) && other.slug().equals(course.slug())) {
          throw new DuplicateKeyException("a course with slug '" + course.slug() + "' already exists", null);
        }
      }
      Course old = courses.get(course.id());
      if (old != null && !old.slug().equals(course.slug())) {
        // profiles refer to the slug: follow it, as ON UPDATE CASCADE would; check before changing
        List<Profile> moved = new ArrayList<>();
        for (Profile p : profiles.values()) {
          if (p.courseSlug().equals(old.slug())) {
            if (profileIds.containsKey(new ProfileKey(p.userIdentifier(), course.slug()))) {
              throw new DuplicateKeyException("renaming the course would merge two profiles of user '"
                  + p.userIdentifier() + "'", null);
            }
            moved.add(new Profile(p.id(), p.userIdentifier(), p.name(), course.slug(), p.survey()));
          }
        }
        moved.forEach(p -> profiles.put(p.id(), p));
        rebuildProfileIndex();
      }
      courses.put(course.id(), course);
      return null;
    });
  }

  @Override
  public Optional<Course> findCourse(String slug) {
    Check.required(slug, "slug");
    return read(() -> courses.values().stream().filter(c -> c.slug().equals(slug)).findFirst());
  }

  @Override
  public Optional<Course> findCourseById(UUID courseId) {
    Check.id(courseId, "courseId");
    return read(() -> Optional.ofNullable(courses.get(courseId)));
  }

  @Override
  public List<Course> courses() {
    return read(() -> courses.values().stream().sorted(Comparator.comparing(Course::slug)).toList());
  }

  @Override
  public boolean deleteCourse(UUID courseId) {
    Check.id(courseId, "courseId");
    return write(() -> {
      Course course = courses.remove(courseId);
      if (course == null) {
        return false;
      }
      for (Lesson l : List.copyOf(lessons.values())) {
        if (l.courseId().equals(courseId)) {
          removeLesson(l.id());
        }
      }
      for (Profile p : List.copyOf(profiles.values())) {
        if (p.courseSlug().equals(course.slug())) {
          removeProfile(p.id());
        }
      }
      return true;
    });
  }

  // ---- lessons ----

  @Override
  public void saveLesson(Lesson lesson) {
    Check.required(lesson, "lesson");
    write(() -> {
      if (!courses.containsKey(lesson.courseId())) {
        throw new MissingReferenceException("course " + lesson.courseId() + " does not exist", null);
      }
      checkLessonKeys(lesson, Set.of());
      lessons.put(lesson.id(), lesson);
      return null;
    });
  }

  private void checkLessonKeys(Lesson lesson, Set<UUID> ignore) {
    for (Lesson other : lessons.values()) {
      if (other.id().equals(lesson.id()) || ignore.contains(other.id())
          || !other.courseId().equals(lesson.courseId())) {
        continue;
      }
      if (other.number() == lesson.number()) {
        throw new DuplicateKeyException("course " + lesson.courseId() + " already has a lesson number "
            + lesson.number(), null);
      }
      if (lesson.externalId() != null && lesson.externalId().equals(other.externalId())) {
        throw new DuplicateKeyException("course " + lesson.courseId() + " already has a lesson with external id '"
            + lesson.externalId() + "'", null);
      }
    }
  }

  @Override
  public Optional<Lesson> findLesson(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(() -> Optional.ofNullable(lessons.get(lessonId)));
  }

  @Override
  public List<Lesson> lessons(UUID courseId) {
    Check.id(courseId, "courseId");
    return read(() -> lessonsOf(courseId));
  }

  private List<Lesson> lessonsOf(UUID courseId) {
    return lessons.values().stream()
        .filter(l -> l.courseId().equals(courseId))
        .sorted(Comparator.comparingInt(Lesson::number))
        .toList();
  }

  @Override
  public boolean deleteLesson(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return write(() -> removeLesson(lessonId));
  }

  private boolean removeLesson(UUID lessonId) {
    if (lessons.remove(lessonId) == null) {
      return false;
    }
    descriptionsByLesson.remove(lessonId);
    assets.values().removeIf(a -> a.lessonId().equals(lessonId));
    personalizations.keySet().removeIf(k -> k.lessonId().equals(lessonId));
    return true;
  }

  @Override
  public void saveLessonDescription(LessonDescription description) {
    Check.required(description, "description");
    write(() -> {
      if (!lessons.containsKey(description.lessonId())) {
        throw new MissingReferenceException("lesson " + description.lessonId() + " does not exist", null);
      }
      LessonDescription old = descriptionsByLesson.get(description.lessonId());
      UUID id = old == null ? description.id() : old.id();
      descriptionsByLesson.put(description.lessonId(),
          new LessonDescription(id, description.lessonId(), description.data()));
      return null;
    });
  }

  @Override
  public Optional<LessonDescription> findLessonDescription(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(() -> Optional.ofNullable(descriptionsByLesson.get(lessonId)));
  }

  @Override
  public void saveLessonAsset(LessonAsset asset) {
    Check.required(asset, "asset");
    write(() -> {
      if (!lessons.containsKey(asset.lessonId())) {
        throw new MissingReferenceException("lesson " + asset.lessonId() + " does not exist", null);
      }
      assets.put(asset.id(), asset);
      return null;
    });
  }

  @Override
  public List<LessonAsset> lessonAssets(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(() -> assets.values().stream().filter(a -> a.lessonId().equals(lessonId)).toList());
  }

  // ---- profiles ----

  @Override
  public Profile saveProfile(Profile profile) {
    Check.required(profile, "profile");
    return write(() -> {
      if (courses.values().stream().noneMatch(c -> c.slug().equals(profile.courseSlug()))) {
        throw new MissingReferenceException("no course has slug '" + profile.courseSlug() + "'", null);
      }
      ProfileKey key = new ProfileKey(profile.userIdentifier(), profile.courseSlug());
      UUID existingId = profileIds.get(key);
      Profile stored;
      if (existingId != null) {
        stored = new Profile(existingId, profile.userIdentifier(), profile.name(), profile.courseSlug(),
            profile.survey());
      } else {
        Profile sameId = profiles.get(profile.id());
        if (sameId != null) {
          throw new DuplicateKeyException("profile id " + profile.id() + " belongs to another learner or course", null);
        }
        stored = profile;
      }
      profiles.put(stored.id(), stored);
      profileIds.put(key, stored.id());
      return stored;
    });
  }

  @Override
  public Optional<Profile> findProfile(String userIdentifier, String courseSlug) {
    Check.required(userIdentifier, "userIdentifier");
    Check.required(courseSlug, "courseSlug");
    return read(() -> {
      UUID id = profileIds.get(new ProfileKey(userIdentifier, courseSlug));
      return id == null ? Optional.empty() : Optional.ofNullable(profiles.get(id));
    });
  }

  @Override
  public Optional<Profile> findProfileById(UUID profileId) {
    Check.id(profileId, "profileId");
    return read(() -> Optional.ofNullable(profiles.get(profileId)));
  }

  @Override
  public List<Profile> profiles(String courseSlug) {
    Check.required(courseSlug, "courseSlug");
    return read(() -> profiles.values().stream()
        .filter(p -> p.courseSlug().equals(courseSlug))
        .sorted(Comparator.comparing(Profile::userIdentifier))
        .toList());
  }

  @Override
  public boolean deleteProfile(UUID profileId) {
    Check.id(profileId, "profileId");
    return write(() -> removeProfile(profileId));
  }

  private boolean removeProfile(UUID profileId) {
    Profile removed = profiles.remove(profileId);
    if (removed == null) {
      return false;
    }
    profileIds.remove(new ProfileKey(removed.userIdentifier(), removed.courseSlug()));
    personalizations.keySet().removeIf(k -> k.profileId().equals(profileId));
    return true;
  }

  private void rebuildProfileIndex() {
    profileIds.clear();
    profiles.values().forEach(p -> profileIds.put(new ProfileKey(p.userIdentifier(), p.courseSlug()), p.id()));
  }

  // ---- personalizations ----

  @Override
  public Optional<Personalization> findPersonalization(UUID profileId, UUID lessonId) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    return read(() -> Optional.ofNullable(personalizations.get(new PersonalizationKey(profileId, lessonId))));
  }

  @Override
  public List<Personalization> personalizations(UUID profileId) {
    Check.id(profileId, "profileId");
    return read(() -> personalizations.values().stream().filter(p -> p.profileId().equals(profileId)).toList());
  }

  @Override
  public Personalization upsertPersonalization(Personalization personalization) {
    Check.required(personalization, "personalization");
    return write(() -> {
      checkReferences(personalization.profileId(), List.of(personalization));
      return put(personalization, now());
    });
  }

  @Override
  public List<Personalization> savePersonalizations(
      UUID profileId, @Nullable Profile basedOn, List<Personalization> batch, boolean keepEdited) {
    Check.id(profileId, "profileId");
    List<Personalization> items = List.copyOf(Check.required(batch, "batch"));
    return write(() -> {
      checkReferences(profileId, items);
      if (basedOn != null) {
        Profile current = profiles.get(profileId);
        if (current == null || !Objects.equals(current.name(), basedOn.name())
            || !current.survey().equals(basedOn.survey())) {
          throw new ConcurrentUpdateException("profile " + profileId + " changed since generation started");
        }
      }
      checkNoDuplicateLessons(items);
      Instant now = now();
      List<Personalization> stored = new ArrayList<>(items.size());
      for (Personalization p : items) {
        Personalization current = personalizations.get(new PersonalizationKey(p.profileId(), p.lessonId()));
        boolean keep = keepEdited && current != null && current.status() == PersonalizationStatus.EDITED
            && p.status() != PersonalizationStatus.EDITED;
        stored.add(keep ? current : put(p, now));
      }
      return stored;
    });
  }

  @Override
  public void replacePersonalizations(UUID profileId, List<Personalization> set) {
    Check.id(profileId, "profileId");
    List<Personalization> items = List.copyOf(Check.required(set, "personalizations"));
    write(() -> {
      checkReferences(profileId, items);
      checkNoDuplicateLessons(items);
      Set<UUID> keep = new HashSet<>();
      items.forEach(p -> keep.add(p.lessonId()));
      personalizations.keySet().removeIf(k -> k.profileId().equals(profileId) && !keep.contains(k.lessonId()));
      Instant now = now();
      items.forEach(p -> put(p, now));
      return null;
    });
  }

  @Override
  public boolean deletePersonalization(UUID profileId, UUID lessonId) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    return write(() -> personalizations.remove(new PersonalizationKey(profileId, lessonId)) != null);
  }

  @Override
  public Optional<PersonalizedCourse> personalizedCourse(String userIdentifier, String courseSlug) {
    Check.required(userIdentifier, "userIdentifier");
    Check.required(courseSlug, "courseSlug");
    return read(() -> {
      UUID profileId = profileIds.get(new ProfileKey(userIdentifier, courseSlug));
      if (profileId == null) {
        return Optional.empty();
      }
      Profile profile = profiles.get(profileId);
      Optional<Course> course = courses.values().stream().filter(c -> c.slug().equals(courseSlug)).findFirst();
      if (profile == null || course.isEmpty()) {
        return Optional.empty();
      }
      List<PersonalizedLesson> lines = new ArrayList<>();
      for (Lesson l : lessonsOf(course.get().id())) {
        lines.add(new PersonalizedLesson(l.id(), l.number(), l.title(), l.summary(),
            personalizations.get(new PersonalizationKey(profileId, l.id()))));
      }
      return Optional.of(new PersonalizedCourse(profile, course.get(), lines));
    });
  }

  private void checkReferences(UUID profileId, List<Personalization> items) {
    if (!profiles.containsKey(profileId)) {
      throw new MissingReferenceException("profile " + profileId + " does not exist", null);
    }
    for (Personalization p : items) {
      if (p == null) {
        throw new MissingReferenceException("a batch item is null", null);
      }
      if (!p.profileId().equals(profileId)) {
        throw new MissingReferenceException("a batch item belongs to profile " + p.profileId()
            + ", not " + profileId, null);
      }
      if (!lessons.containsKey(p.lessonId())) {
        throw new MissingReferenceException("lesson " + p.lessonId() + " does not exist", null);
      }
    }
  }

  private static void checkNoDuplicateLessons(List<Personalization> items) {
    Set<UUID> seen = new HashSet<>();
    for (Personalization p : items) {
      if (!seen.add(p.lessonId())) {
        throw new DuplicateKeyException("the batch has lesson " + p.lessonId() + " twice", null);
      }
    }
  }

  private Personalization put(Personalization p, Instant now) {
    PersonalizationKey key = new PersonalizationKey(p.profileId(), p.lessonId());
    Personalization old = personalizations.get(key);
    Personalization stored = p.stored(old == null ? p.id() : old.id(), now);
    personalizations.put(key, stored);
    return stored;
  }

  // Timestamps never go backwards, even if the clock does, so "updated after" comparisons hold.
  private Instant now() {
    Instant t = clock.instant();
    if (!t.isAfter(lastWrite)) {
      t = lastWrite.plusNanos(1000);
    }
    lastWrite = t;
    return t;
  }

  @Override
  public <T> T inTransaction(Function<PersonaStore, T> work) {
    Check.required(work, "work");
    lock.writeLock().lock();
    try {
      if (lock.getWriteHoldCount() > 1) {
        return work.apply(this); // nested: the outer call owns the snapshot
      }
      Snapshot before = new Snapshot(this);
      try {
        return work.apply(this);
      } catch (RuntimeException | Error e) {
        before.restore(this);
        throw e;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Copies of every map, to restore when a transaction fails. Records are immutable, so shallow copies suffice. */
  private static final class Snapshot {
    final Map<UUID, Course> courses;
    final Map<UUID, Lesson> lessons;
    final Map<UUID, LessonDescription> descriptions;
    final Map<UUID, LessonAsset> assets;
    final Map<UUID, Profile> profiles;
    final Map<ProfileKey, UUID> profileIds;
    final Map<PersonalizationKey, Personalization> personalizations;

    Snapshot(InMemoryPersonaStore s) {
      courses = new HashMap<>(s.courses);
      lessons = new HashMap<>(s.lessons);
      descriptions = new HashMap<>(s.descriptionsByLesson);
      assets = new LinkedHashMap<>(s.assets);
      profiles = new HashMap<>(s.profiles);
      profileIds = new HashMap<>(s.profileIds);
      personalizations = new HashMap<>(s.personalizations);
    }

    void restore(InMemoryPersonaStore s) {
      replace(s.courses, courses);
      replace(s.lessons, lessons);
      replace(s.descriptionsByLesson, descriptions);
      replace(s.assets, assets);
      replace(s.profiles, profiles);
      replace(s.profileIds, profileIds);
      replace(s.personalizations, personalizations);
    }

    private static <K, V> void replace(Map<K, V> target, Map<K, V> source) {
      target.clear();
      target.putAll(source);
    }
  }

  private <T> T read(Supplier<T> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> body) {
    lock.writeLock().lock();
    try {
      return body.get();
    } finally {
      lock.writeLock().unlock();
    }
  }
}

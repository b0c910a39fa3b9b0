package dev.persona.store;

import dev.persona.ValidationException;
import dev.persona.internal.Check;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.Profile;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe {@link PersonaStore} in memory, with PostgreSQL's semantics: unique keys,
 * references, cascades and all-or-nothing writes. For tests, demos and single-process hosts that do
 * not need durability.
 *
 * <p>One read-write lock guards all data: reads run in parallel, writes one at a time. Every write
 * validates before it changes anything, and a transaction that fails undoes exactly what it did.
 * Every lookup is indexed, so a course of tens of thousands of learners costs time in proportion to
 * its size.
 */
public final class InMemoryPersonaStore implements PersonaStore {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Clock clock;
  private final InMemoryTables t = new InMemoryTables();
  private final InMemoryRules rules = new InMemoryRules(t);
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

  // ---------------------------------------------------------------- courses

  @Override
  public void saveCourse(Course course) {
    Check.required(course, "course");
    write(() -> {
      rules.saveCourse(course);
      return null;
    });
  }

  @Override
  public Optional<Course> findCourse(String slug) {
    Check.key(slug, "slug");
    return read(() -> Optional.ofNullable(t.courseBySlug(slug)));
  }

  @Override
  public Optional<Course> findCourse(UUID courseId) {
    Check.id(courseId, "courseId");
    return read(() -> Optional.ofNullable(t.courses.get(courseId)));
  }

  @Override
  public List<Course> courses() {
    return read(() -> t.courses.values().stream().sorted(Comparator.comparing(Course::slug)).toList());
  }

  @Override
  public boolean deleteCourse(UUID courseId) {
    Check.id(courseId, "courseId");
    return write(() -> {
      Course course = t.courses.get(courseId);
      if (course == null) {
        return false;
      }
      NavigableMap<String, UUID> learners = t.profilesOf(course.slug());
      if (learners != null && !learners.isEmpty()) {
        throw new CourseInUseException(course.slug(), learners.size());
      }
      t.lessonsOf(courseId).forEach(l -> removeLesson(l.id()));
      t.removeCourse(courseId);
      return true;
    });
  }

  // ---------------------------------------------------------------- lessons

  @Override
  public void saveLesson(Lesson lesson) {
    Check.required(lesson, "lesson");
    write(() -> {
      if (!t.courses.containsKey(lesson.courseId())) {
        throw new MissingReferenceException("course " + lesson.courseId() + " does not exist", null);
      }
      for (Lesson other : t.lessonsOf(lesson.courseId())) {
        if (other.id().equals(lesson.id())) {
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
      t.putLesson(lesson);
      return null;
    });
  }

  @Override
  public Optional<Lesson> findLesson(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(() -> Optional.ofNullable(t.lessons.get(lessonId)));
  }

  @Override
  public List<Lesson> lessons(UUID courseId) {
    Check.id(courseId, "courseId");
    return read(() -> t.lessonsOf(courseId));
  }

  @Override
  public boolean deleteLesson(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return write(() -> removeLesson(lessonId));
  }

  private boolean removeLesson(UUID lessonId) {
    if (!t.lessons.containsKey(lessonId)) {
      return false;
    }
    t.removeDescription(lessonId);
    t.assetsOf(lessonId).forEach(a -> t.removeAsset(a.id()));
    t.holdersOf(lessonId).forEach(profileId -> t.removePersonalization(profileId, lessonId));
    t.removeLessonRow(lessonId);
    return true;
  }

  @Override
  public void saveLessonDescription(LessonDescription description) {
    Check.required(description, "description");
    write(() -> {
      requireLesson(description.lessonId());
      LessonDescription old = t.descriptionByLesson.get(description.lessonId());
      t.putDescription(old == null ? description
          : new LessonDescription(old.id(), description.lessonId(), description.data()));
      return null;
    });
  }

  @Override
  public Optional<LessonDescription> findLessonDescription(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(() -> Optional.ofNullable(t.descriptionByLesson.get(lessonId)));
  }

  @Override
  public void saveLessonAsset(LessonAsset asset) {
    Check.required(asset, "asset");
    write(() -> {
      requireLesson(asset.lessonId());
      t.putAsset(asset);
      return null;
    });
  }

  @Override
  public List<LessonAsset> lessonAssets(UUID lessonId) {
    Check.id(lessonId, "lessonId");
    return read(() -> t.assetsOf(lessonId));
  }

  private void requireLesson(UUID lessonId) {
    if (!t.lessons.containsKey(lessonId)) {
      throw new MissingReferenceException("lesson " + lessonId + " does not exist", null);
    }
  }

  // ---------------------------------------------------------------- profiles

  @Override
  public Profile saveProfile(Profile profile) {
    Check.required(profile, "profile");
    return write(() -> {
      if (t.courseBySlug(profile.courseSlug()) == null) {
        throw new MissingReferenceException("no course has slug '" + profile.courseSlug() + "'", null);
      }
      Profile existing = t.profile(profile.userIdentifier(), profile.courseSlug());
      Profile stored;
      if (existing != null) {
        stored = new Profile(existing.id(), profile.userIdentifier(), profile.name(), profile.courseSlug(),
            profile.survey());
      } else if (t.profiles.containsKey(profile.id())) {
        throw new DuplicateKeyException("profile id " + profile.id() + " belongs to another learner or course", null);
      } else {
        stored = profile;
      }
      t.putProfile(stored);
      return stored;
    });
  }

  @Override
  public Optional<Profile> findProfile(String userIdentifier, String courseSlug) {
    Check.key(userIdentifier, "userIdentifier");
    Check.key(courseSlug, "courseSlug");
    return read(() -> Optional.ofNullable(t.profile(userIdentifier, courseSlug)));
  }

  @Override
  public Optional<Profile> findProfile(UUID profileId) {
    Check.id(profileId, "profileId");
    return read(() -> Optional.ofNullable(t.profiles.get(profileId)));
  }

  @Override
  public List<Profile> profiles(String courseSlug, @Nullable String afterUser, int limit) {
    Check.key(courseSlug, "courseSlug");
    if (afterUser != null) {
      Check.key(afterUser, "afterUser");
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw ValidationException.of("limit", "must be between 1 and " + MAX_PAGE);
    }
    return read(() -> rules.profilesPage(courseSlug, afterUser, limit));
  }

  @Override
  public long countProfiles(String courseSlug) {
    Check.key(courseSlug, "courseSlug");
    return read(() -> {
      NavigableMap<String, UUID> byUser = t.profilesOf(courseSlug);
      return byUser == null ? 0L : byUser.size();
    });
  }

  @Override
  public boolean deleteProfile(UUID profileId) {
    Check.id(profileId, "profileId");
    return write(() -> {
      if (!t.profiles.containsKey(profileId)) {
        return false;
      }
      t.personalizationsOf(profileId).forEach(p -> t.removePersonalization(profileId, p.lessonId()));
      t.removeProfileRow(profileId);
      return true;
    });
  }

  // ---------------------------------------------------------------- personalizations

  @Override
  public Optional<Personalization> findPersonalization(UUID profileId, UUID lessonId) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    return read(() -> Optional.ofNullable(t.personalization(profileId, lessonId)));
  }

  @Override
  public List<Personalization> personalizations(UUID profileId) {
    Check.id(profileId, "profileId");
    return read(() -> t.personalizationsOf(profileId));
  }

  @Override
  public Personalization savePersonalization(Personalization personalization) {
    Check.required(personalization, "personalization");
    return write(() -> {
      checkReferences(personalization);
      return rules.put(personalization, true, now());
    });
  }

  @Override
  public Personalization replacePersonalization(Personalization personalization) {
    Check.required(personalization, "personalization");
    return write(() -> {
      checkReferences(personalization);
      return rules.put(personalization, false, now());
    });
  }

  @Override
  public List<SetResult> saveLearnerSets(List<LearnerSet> sets) {
    List<LearnerSet> batch = LearnerSet.checkBatch(sets);
    return write(() -> {
      Instant now = now();
      List<SetResult> results = new ArrayList<>(batch.size());
      for (LearnerSet set : batch) {
        results.add(rules.storeSet(set, now));
      }
      return results;
    });
  }

  @Override
  public int adoptPersonalizations(List<Adoption> adoptions) {
    List<Adoption> all = List.copyOf(Check.required(adoptions, "adoptions"));
    return write(() -> rules.adopt(all, now()));
  }

  @Override
  public boolean deletePersonalization(UUID profileId, UUID lessonId) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    return write(() -> {
      boolean existed = t.personalization(profileId, lessonId) != null;
      t.removePersonalization(profileId, lessonId);
      return existed;
    });
  }

  @Override
  public Optional<PersonalizedCourse> personalizedCourse(String userIdentifier, String courseSlug) {
    Check.key(userIdentifier, "userIdentifier");
    Check.key(courseSlug, "courseSlug");
    return read(() -> rules.personalizedCourse(userIdentifier, courseSlug));
  }

  private void checkReferences(Personalization p) {
    if (!t.profiles.containsKey(p.profileId())) {
      throw new MissingReferenceException("profile " + p.profileId() + " does not exist", null);
    }
    requireLesson(p.lessonId());
  }

  // timestamps never go backwards, even if the clock does, so "updated after" comparisons hold
  private Instant now() {
    Instant now = clock.instant();
    if (!now.isAfter(lastWrite)) {
      now = lastWrite.plusNanos(1000);
    }
    lastWrite = now;
    return now;
  }

  // ---------------------------------------------------------------- locking and transactions

  @Override
  public <T> T inTransaction(Function<PersonaStore, T> work) {
    Check.required(work, "work");
    lock.writeLock().lock();
    try {
      if (t.inTransaction()) {
        return work.apply(this); // nested: the outer call owns the undo log
      }
      t.begin();
      try {
        T result = work.apply(this);
        t.commit();
        return result;
      } catch (RuntimeException | Error e) {
        t.rollback();
        throw e;
      }
    } finally {
      lock.writeLock().unlock();
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

  /** Every write is a small transaction of its own, so one that fails half-way leaves no trace. */
  private <T> T write(Supplier<T> body) {
    return inTransaction(store -> body.get());
  }
}

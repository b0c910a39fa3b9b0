package dev.persona.store;

import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.Profile;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store's rows and indexes, changed only through a few primitives that keep every
 * index right and, inside a transaction, log how to undo themselves. Every lookup the store makes
 * is a hash or tree lookup, so work grows linearly with the data. Not thread-safe: the store's lock
 * guards it.
 */
final class InMemoryTables {

  record ProfileKey(String userIdentifier, String courseSlug) {}

  final Map<UUID, Course> courses = new HashMap<>();
  final Map<String, UUID> courseBySlug = new HashMap<>();
  final Map<UUID, Lesson> lessons = new HashMap<>();
  final Map<UUID, Set<UUID>> lessonsByCourse = new HashMap<>();
  final Map<UUID, LessonDescription> descriptionByLesson = new HashMap<>();
  final Map<UUID, LessonAsset> assets = new HashMap<>();
  final Map<UUID, Set<UUID>> assetsByLesson = new HashMap<>();
  final Map<UUID, Profile> profiles = new HashMap<>();
  final Map<ProfileKey, UUID> profileByKey = new HashMap<>();
  final Map<String, TreeMap<String, UUID>> profilesByCourse = new HashMap<>();
  final Map<UUID, Map<UUID, Personalization>> personalizationsByProfile = new HashMap<>();
  final Map<UUID, Set<UUID>> profilesByLesson = new HashMap<>();

  private @Nullable ArrayDeque<Runnable> undo;

  // ---------------------------------------------------------------- transactions

  boolean inTransaction() {
    return undo != null;
  }

  void begin() {
    undo = new ArrayDeque<>();
  }

  void commit() {
    undo = null;
  }

  void rollback() {
    ArrayDeque<Runnable> log = undo;
    undo = null;
    if (log != null) {
      while (!log.isEmpty()) {
        log.pop().run();
      }
    }
  }

  private void log(Runnable inverse) {
    ArrayDeque<Runnable> log = undo;
    if (log != null) {
      log.push(inverse);
    }
  }

  // ---------------------------------------------------------------- primitives

  void putCourse(Course c) {
    Course old = courses.put(c.id(), c);
    if (old != null) {
      courseBySlug.remove(old.slug());
    }
    courseBySlug.put(c.slug(), c.id());
    log(() -> {
      removeCourseRow(c.id());
      if (old != null) {
        putCourseRow(old);
      }
    });
  }

  private void putCourseRow(Course c) {
    courses.put(c.id(), c);
    courseBySlug.put(c.slug(), c.id());
  }

  private void removeCourseRow(UUID id) {
    Course c = courses.remove(id);
    if (c != null) {
      courseBySlug.remove(c.slug());
    }
  }

  void removeCourse(UUID id) {
    Course old = courses.get(id);
    if (old == null) {
      return;
    }
    removeCourseRow(id);
    log(() -> putCourseRow(old));
  }

  void putLesson(Lesson l) {
    Lesson old = lessons.put(l.id(), l);
    if (old != null) {
      index(lessonsByCourse, old.courseId()).remove(l.id());
    }
    index(lessonsByCourse, l.courseId()).add(l.id());
    log(() -> {
      lessons.remove(l.id());
      index(lessonsByCourse, l.courseId()).remove(l.id());
      if (old != null) {
        lessons.put(old.id(), old);
        index(lessonsByCourse, old.courseId()).add(old.id());
      }
    });
  }

  void removeLessonRow(UUID id) {
    Lesson old = lessons.remove(id);
    if (old == null) {
      return;
    }
    index(lessonsByCourse, old.courseId()).remove(id);
    log(() -> {
      lessons.put(old.id(), old);
      index(lessonsByCourse, old.courseId()).add(old.id());
    });
  }

  void putDescription(LessonDescription d) {
    LessonDescription old = descriptionByLesson.put(d.lessonId(), d);
    log(() -> restore(descriptionByLesson, d.lessonId(), old));
  }

  void removeDescription(UUID lessonId) {
    LessonDescription old = descriptionByLesson.remove(lessonId);
    log(() -> restore(descriptionByLesson, lessonId, old));
  }

  void putAsset(LessonAsset a) {
    LessonAsset old = assets.put(a.id(), a);
    if (old != null) {
      index(assetsByLesson, old.lessonId()).remove(a.id());
    }
    index(assetsByLesson, a.lessonId()).add(a.id());
    log(() -> {
      assets.remove(a.id());
      index(assetsByLesson, a.lessonId()).remove(a.id());
      if (old != null) {
        assets.put(old.id(), old);
        index(assetsByLesson, old.lessonId()).add(old.id());
      }
    });
  }

  void removeAsset(UUID id) {
    LessonAsset old = assets.remove(id);
    if (old == null) {
      return;
    }
    index(assetsByLesson, old.lessonId()).remove(id);
    log(() -> {
      assets.put(old.id(), old);
      index(assetsByLesson, old.lessonId()).add(old.id());
    });
  }

  void putProfile(Profile p) {
    Profile old = profiles.get(p.id());
    if (old != null) {
      unindexProfile(old);
    }
    profiles.put(p.id(), p);
    indexProfile(p);
    log(() -> {
      unindexProfile(p);
      profiles.remove(p.id());
      if (old != null) {
        profiles.put(old.id(), old);
        indexProfile(old);
      }
    });
  }

  void removeProfileRow(UUID id) {
    Profile old = profiles.remove(id);
    if (old == null) {
      return;
    }
    unindexProfile(old);
    log(() -> {
      profiles.put(old.id(), old);
      indexProfile(old);
    });
  }

  private void indexProfile(Profile p) {
    profileByKey.put(new ProfileKey(p.userIdentifier(), p.courseSlug()), p.id());
    profilesByCourse.computeIfAbsent(p.courseSlug(), k -> new TreeMap<>()).put(p.userIdentifier(), p.id());
  }

  private void unindexProfile(Profile p) {
    profileByKey.remove(new ProfileKey(p.userIdentifier(), p.courseSlug()));
    TreeMap<String, UUID> byUser = profilesByCourse.get(p.courseSlug());
    if (byUser != null) {
      byUser.remove(p.userIdentifier());
      if (byUser.isEmpty()) {
        profilesByCourse.remove(p.courseSlug());
      }
    }
  }

  void putPersonalization(Personalization p) {
    Personalization old = personalizationsByProfile.computeIfAbsent(p.profileId(), k -> new HashMap<>())
        .put(p.lessonId(), p);
    index(profilesByLesson, p.lessonId()).add(p.profileId());
    log(() -> {
      if (old != null) {
        personalizationsByProfile.computeIfAbsent(p.profileId(), k -> new HashMap<>()).put(p.lessonId(), old);
      } else {
        dropPersonalizationRow(p.profileId(), p.lessonId());
      }
    });
  }

  void removePersonalization(UUID profileId, UUID lessonId) {
    Map<UUID, Personalization> rows = personalizationsByProfile.get(profileId);
    Personalization old = rows == null ? null : rows.get(lessonId);
    if (old == null) {
      return;
    }
    dropPersonalizationRow(profileId, lessonId);
    log(() -> {
      personalizationsByProfile.computeIfAbsent(profileId, k -> new HashMap<>()).put(lessonId, old);
      index(profilesByLesson, lessonId).add(profileId);
    });
  }

  private void dropPersonalizationRow(UUID profileId, UUID lessonId) {
    Map<UUID, Personalization> rows = personalizationsByProfile.get(profileId);
    if (rows != null) {
      rows.remove(lessonId);
      if (rows.isEmpty()) {
        personalizationsByProfile.remove(profileId);
      }
    }
    Set<UUID> holders = profilesByLesson.get(lessonId);
    if (holders != null) {
      holders.remove(profileId);
      if (holders.isEmpty()) {
        profilesByLesson.remove(lessonId);
      }
    }
  }

  // ---------------------------------------------------------------- reads

  @Nullable Course courseBySlug(String slug) {
    UUID id = courseBySlug.get(slug);
    return id == null ? null : courses.get(id);
  }

  List<Lesson> lessonsOf(UUID courseId) {
    Set<UUID> ids = lessonsByCourse.get(courseId);
    if (ids == null) {
      return List.of();
    }
    List<Lesson> out = new ArrayList<>(ids.size());
    ids.forEach(id -> out.add(lessons.get(id)));
    out.sort(Comparator.comparingInt(Lesson::number));
    return out;
  }

  List<LessonAsset> assetsOf(UUID lessonId) {
    Set<UUID> ids = assetsByLesson.get(lessonId);
    List<LessonAsset> out = new ArrayList<>();
    if (ids != null) {
      ids.forEach(id -> out.add(assets.get(id)));
    }
    return out;
  }

  @Nullable Profile profile(String userIdentifier, String courseSlug) {
    UUID id = profileByKey.get(new ProfileKey(userIdentifier, courseSlug));
    return id == null ? null : profiles.get(id);
  }

  Collection<UUID> profileIdsOf(String courseSlug) {
    TreeMap<String, UUID> byUser = profilesByCourse.get(courseSlug);
    return byUser == null ? List.of() : List.copyOf(byUser.values());
  }

  @Nullable NavigableMap<String, UUID> profilesOf(String courseSlug) {
    return profilesByCourse.get(courseSlug);
  }

  @Nullable Personalization personalization(UUID profileId, UUID lessonId) {
    Map<UUID, Personalization> rows = personalizationsByProfile.get(profileId);
    return rows == null ? null : rows.get(lessonId);
  }

  List<Personalization> personalizationsOf(UUID profileId) {
    Map<UUID, Personalization> rows = personalizationsByProfile.get(profileId);
    return rows == null ? List.of() : List.copyOf(rows.values());
  }

  Collection<UUID> holdersOf(UUID lessonId) {
    Set<UUID> holders = profilesByLesson.get(lessonId);
    return holders == null ? List.of() : List.copyOf(holders);
  }

  private static Set<UUID> index(Map<UUID, Set<UUID>> index, UUID key) {
    return index.computeIfAbsent(key, k -> new LinkedHashSet<>());
  }

  private static <K, V> void restore(Map<K, V> map, K key, @Nullable V old) {
    if (old == null) {
      map.remove(key);
    } else {
      map.put(key, old);
    }
  }
}

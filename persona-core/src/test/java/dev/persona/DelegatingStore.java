package dev.persona;

import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.Profile;
import dev.persona.store.LearnerSet;
import dev.persona.store.PersonaStore;
import dev.persona.store.SetResult;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Forwards every call to a real store; tests override single methods to inject failures. */
class DelegatingStore implements PersonaStore {
  final PersonaStore delegate;

  DelegatingStore(PersonaStore delegate) {
    this.delegate = delegate;
  }

  @Override public void saveCourse(Course course) { delegate.saveCourse(course); }
  @Override public Optional<Course> findCourse(String slug) { return delegate.findCourse(slug); }
  @Override public Optional<Course> findCourse(UUID courseId) { return delegate.findCourse(courseId); }
  @Override public List<Course> courses() { return delegate.courses(); }
  @Override public boolean deleteCourse(UUID courseId) { return delegate.deleteCourse(courseId); }
  @Override public void saveLesson(Lesson lesson) { delegate.saveLesson(lesson); }
  @Override public Optional<Lesson> findLesson(UUID lessonId) { return delegate.findLesson(lessonId); }
  @Override public List<Lesson> lessons(UUID courseId) { return delegate.lessons(courseId); }
  @Override public boolean deleteLesson(UUID lessonId) { return delegate.deleteLesson(lessonId); }
  @Override public void saveLessonDescription(LessonDescription d) { delegate.saveLessonDescription(d); }
  @Override public Optional<LessonDescription> findLessonDescription(UUID lessonId) { return delegate.findLessonDescription(lessonId); }
  @Override public void saveLessonAsset(LessonAsset asset) { delegate.saveLessonAsset(asset); }
  @Override public List<LessonAsset> lessonAssets(UUID lessonId) { return delegate.lessonAssets(lessonId); }
  @Override public Profile saveProfile(Profile profile) { return delegate.saveProfile(profile); }
  @Override public Optional<Profile> findProfile(String u, String c) { return delegate.findProfile(u, c); }
  @Override public Optional<Profile> findProfile(UUID profileId) { return delegate.findProfile(profileId); }
  @Override public List<Profile> profiles(String slug, @Nullable String after, int limit) { return delegate.profiles(slug, after, limit); }
  @Override public long countProfiles(String slug) { return delegate.countProfiles(slug); }
  @Override public boolean deleteProfile(UUID profileId) { return delegate.deleteProfile(profileId); }
  @Override public Optional<Personalization> findPersonalization(UUID p, UUID l) { return delegate.findPersonalization(p, l); }
  @Override public List<Personalization> personalizations(UUID profileId) { return delegate.personalizations(profileId); }
  @Override public Personalization savePersonalization(Personalization p) { return delegate.savePersonalization(p); }
  @Override public Personalization replacePersonalization(Personalization p) { return delegate.replacePersonalization(p); }
  @Override public List<SetResult> saveLearnerSets(List<LearnerSet> sets) { return delegate.saveLearnerSets(sets); }
  @Override public int adoptPersonalizations(List<dev.persona.store.Adoption> a) { return delegate.adoptPersonalizations(a); }
  @Override public boolean deletePersonalization(UUID p, UUID l) { return delegate.deletePersonalization(p, l); }
  @Override public <T> T inTransaction(java.util.function.Function<PersonaStore, T> work) { return delegate.inTransaction(work); }
  @Override public Optional<PersonalizedCourse> personalizedCourse(String u, String c) { return delegate.personalizedCourse(u, c); }
}

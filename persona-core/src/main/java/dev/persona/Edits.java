package dev.persona;

import dev.persona.internal.Check;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.store.PersonaStore;
import java.util.UUID;

/** Checks a host's edit before it is stored: complete content, a real profile and lesson of one course. */
final class Edits {

  private Edits() {}

  static Personalization edited(PersonaStore store, UUID profileId, UUID lessonId, PersonalizedContent content) {
    Check.id(profileId, "profileId");
    Check.id(lessonId, "lessonId");
    Check.required(content, "content").requireComplete();
    Profile profile = store.findProfile(profileId)
        .orElseThrow(() -> new NotFoundException("no profile " + profileId));
    Lesson lesson = store.findLesson(lessonId)
        .orElseThrow(() -> new NotFoundException("no lesson " + lessonId));
    Course course = store.findCourse(lesson.courseId())
        .orElseThrow(() -> new NotFoundException("no course " + lesson.courseId()));
    if (!course.slug().equals(profile.courseSlug())) {
      throw ValidationException.of("lessonId", "belongs to course '" + course.slug()
          + "', not to the profile's course '" + profile.courseSlug() + "'");
    }
    return Personalization.edited(profileId, lessonId, content);
  }
}

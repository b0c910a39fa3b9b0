package dev.persona.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.Profile;
import dev.persona.store.CourseCatalog;
import dev.persona.store.CourseInUseException;
import dev.persona.store.DuplicateKeyException;
import dev.persona.store.MissingReferenceException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store's {@link CourseCatalog}, as tests: unique keys, references and cascades
 * of courses, lessons, descriptions and assets. Subclass it and return a fresh, empty store from
 * {@link #newStore()}:
 *
 * <pre>{@code
 * final class MyCatalogTest extends CourseCatalogContract {
 *   @Override protected PersonaStore newStore() { return new MyStore(freshDatabase()); }
 * }
 * }</pre>
 */
public abstract class CourseCatalogContract extends StoreContractSupport {

  /** Creates the suite. */
  protected CourseCatalogContract() {}

  // ---- courses ----

  @Test
  void saveCourse_then_findBySlugAndId() {
    Course c = course("massage");
    assertThat(store().findCourse("massage")).contains(c);
    assertThat(store().findCourse(c.id())).contains(c);
    assertThat(store().findCourse("other")).isEmpty();
    assertThat(store().courses()).containsExactly(c);
  }

  @Test
  void saveCourse_duplicateSlug_throwsDuplicateKey_andKeepsOriginal() {
    Course c = course("massage");
    Course clash = new Course(UUID.randomUUID(), "massage", "Другой", null);
    assertThatThrownBy(() -> store().saveCourse(clash)).isInstanceOf(DuplicateKeyException.class);
    assertThat(store().findCourse("massage")).contains(c);
    assertThat(store().findCourse(clash.id())).isEmpty();
  }

  @Test
  void saveCourse_sameId_updatesInPlace() {
    Course c = course("massage");
    Course renamed = new Course(c.id(), "massage", "Новое название", null);
    store().saveCourse(renamed);
    assertThat(store().findCourse(c.id())).contains(renamed);
    assertThat(store().courses()).hasSize(1);
  }

  @Test
  void renamingACoursesSlug_carriesItsProfilesAlong() {
    Course c = course("old-slug");
    Profile p = profile("u1", c);
    store().saveCourse(new Course(c.id(), "new-slug", c.title(), null));
    assertThat(store().findProfile("u1", "new-slug")).get().extracting(Profile::id).isEqualTo(p.id());
    assertThat(store().findProfile("u1", "old-slug")).isEmpty();
  }

  @Test
  void deleteCourse_withoutLearners_deletesItsLessonsAndWhatBelongsToThem_butNotOtherCourses() {
    Course a = course("a");
    Course b = course("b");
    Lesson la = lesson(a, 1);
    Lesson lb = lesson(b, 1);
    store().saveLessonDescription(LessonDescription.of(la.id(), JsonValue.emptyObject()));
    store().saveLessonAsset(LessonAsset.of(la.id(), "pdf", "https://example.com/a.pdf"));
    assertThat(store().deleteCourse(a.id())).isTrue();
    assertThat(store().findLesson(la.id())).isEmpty();
    assertThat(store().findLessonDescription(la.id())).isEmpty();
    assertThat(store().lessonAssets(la.id())).isEmpty();
    assertThat(store().findLesson(lb.id())).isPresent();
    assertThat(store().deleteCourse(a.id())).isFalse();
  }

  @Test
  void deleteCourse_withLearners_isRefused_sayingHowMany_andDeletesNothing() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    profile("u2", a);
    store().savePersonalization(generated(p, l, "x"));
    assertThatThrownBy(() -> store().deleteCourse(a.id()))
        .isInstanceOf(CourseInUseException.class)
        .hasMessageContaining("2 learner")
        .satisfies(e -> assertThat(((CourseInUseException) e).learners()).isEqualTo(2));
    assertThat(store().findCourse(a.id())).isPresent();
    assertThat(store().findLesson(l.id())).isPresent();
    assertThat(store().findProfile(p.id())).isPresent();
    assertThat(store().findPersonalization(p.id(), l.id())).isPresent();
    store().deleteProfile(p.id());
    store().deleteProfile(store().findProfile("u2", "a").orElseThrow().id());
    assertThat(store().deleteCourse(a.id())).isTrue();
  }

  // ---- lessons ----

  @Test
  void saveLesson_unknownCourse_throwsMissingReference() {
    Lesson orphan = Lesson.of(UUID.randomUUID(), 1, "Сирота");
    assertThatThrownBy(() -> store().saveLesson(orphan)).isInstanceOf(MissingReferenceException.class);
    assertThat(store().findLesson(orphan.id())).isEmpty();
  }

  @Test
  void saveLesson_duplicateNumberInCourse_throwsDuplicateKey_butOtherCourseMayReuseIt() {
    Course a = course("a");
    Course b = course("b");
    lesson(a, 1);
    Lesson clash = Lesson.of(a.id(), 1, "Второй первый");
    assertThatThrownBy(() -> store().saveLesson(clash)).isInstanceOf(DuplicateKeyException.class);
    assertThat(store().findLesson(clash.id())).isEmpty();
    Lesson inB = lesson(b, 1);
    assertThat(store().lessons(b.id())).containsExactly(inB);
  }

  @Test
  void saveLesson_duplicateExternalIdInCourse_throwsDuplicateKey() {
    Course a = course("a");
    store().saveLesson(Lesson.of(a.id(), 1, "Первый").withExternalId("video-1"));
    Lesson clash = Lesson.of(a.id(), 2, "Второй").withExternalId("video-1");
    assertThatThrownBy(() -> store().saveLesson(clash)).isInstanceOf(DuplicateKeyException.class);
    assertThat(store().lessons(a.id())).hasSize(1);
  }

  @Test
  void lessons_areOrderedByNumber_andScopedToTheirCourse() {
    Course a = course("a");
    Course b = course("b");
    Lesson a3 = lesson(a, 3);
    Lesson a1 = lesson(a, 1);
    Lesson a2 = lesson(a, 2);
    lesson(b, 1);
    assertThat(store().lessons(a.id())).containsExactly(a1, a2, a3);
    assertThat(store().lessons(UUID.randomUUID())).isEmpty();
  }

  @Test
  void saveLesson_renumberedWithSameId_keepsItsPersonalizations() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    store().savePersonalization(generated(p, l, "x"));
    store().saveLesson(l.withNumber(7).withTitle("Переименован"));
    assertThat(store().findLesson(l.id())).get().extracting(Lesson::number).isEqualTo(7);
    assertThat(store().findPersonalization(p.id(), l.id())).isPresent();
  }

  @Test
  void lessonContent_roundTripsExactly() {
    Course a = course("a");
    JsonValue content = JsonValue.parse(
        "{\"transcription\":\"Текст 🙂\",\"kinescope_play_id\":\"qM9um\",\"nested\":{\"n\":[1,2.5,true,null]}}");
    Lesson l = Lesson.of(a.id(), 1, "Урок").withContent(content).withExternalId("c8a90762");
    store().saveLesson(l);
    assertThat(store().findLesson(l.id())).contains(l);
  }

  @Test
  void deleteLesson_cascadesToDescriptionAssetsAndPersonalizations() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Lesson other = lesson(a, 2);
    Profile p = profile("u1", a);
    store().saveLessonDescription(LessonDescription.of(l.id(), JsonValue.emptyObject()));
    store().saveLessonAsset(LessonAsset.of(l.id(), "pdf", "https://example.com/a.pdf"));
    store().savePersonalization(generated(p, l, "x"));
    store().savePersonalization(generated(p, other, "y"));
    assertThat(store().deleteLesson(l.id())).isTrue();
    assertThat(store().findLessonDescription(l.id())).isEmpty();
    assertThat(store().lessonAssets(l.id())).isEmpty();
    assertThat(store().personalizations(p.id())).extracting(Personalization::lessonId).containsExactly(other.id());
    assertThat(store().deleteLesson(l.id())).isFalse();
  }

  // ---- descriptions and assets ----

  @Test
  void lessonDescription_onePerLesson_replacingKeepsTheFirstId() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    LessonDescription first = LessonDescription.of(l.id(), JsonValue.parse("{\"summary_short\":\"один\"}"));
    store().saveLessonDescription(first);
    store().saveLessonDescription(LessonDescription.of(l.id(), JsonValue.parse("{\"summary_short\":\"два\"}")));
    LessonDescription stored = store().findLessonDescription(l.id()).orElseThrow();
    assertThat(stored.id()).isEqualTo(first.id());
    assertThat(stored.data().getString("summary_short")).contains("два");
    assertThatThrownBy(() -> store().saveLessonDescription(LessonDescription.of(UUID.randomUUID(), JsonValue.emptyObject())))
        .isInstanceOf(MissingReferenceException.class);
  }

  @Test
  void lessonAssets_roundTrip_andNeedTheirLesson() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    LessonAsset video = new LessonAsset(UUID.randomUUID(), l.id(), "video", "https://kinescope.io/abc",
        JsonValue.parse("{\"duration\":339.3}"));
    LessonAsset pdf = LessonAsset.of(l.id(), "pdf", "https://example.com/a.pdf");
    store().saveLessonAsset(video);
    store().saveLessonAsset(pdf);
    assertThat(store().lessonAssets(l.id())).containsExactly(video, pdf);
    assertThatThrownBy(() -> store().saveLessonAsset(LessonAsset.of(UUID.randomUUID(), "pdf", "https://x.org/a")))
        .isInstanceOf(MissingReferenceException.class);
  }
}

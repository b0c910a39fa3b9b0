package dev.persona.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.LessonAsset;
import dev.persona.model.LessonDescription;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.PersonalizedLesson;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.model.Survey;
import dev.persona.store.ConcurrentUpdateException;
import dev.persona.store.DuplicateKeyException;
import dev.persona.store.MissingReferenceException;
import dev.persona.store.PersonaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/**
 * The contract every {@link PersonaStore} meets, as tests: unique keys, references, cascades,
 * atomic batches, and faithful round trips. Subclass it and return a fresh, empty store from
 * {@link #newStore()}:
 *
 * <pre>{@code
 * final class MyStoreTest extends PersonaStoreContract {
 *   @Override protected PersonaStore newStore() { return new MyStore(freshDatabase()); }
 * }
 * }</pre>
 */
public abstract class PersonaStoreContract {

  private @Nullable PersonaStore store;

  /** Creates the suite. */
  protected PersonaStoreContract() {}

  /**
   * The store under test, fresh for each test.
   *
   * @return the store
   */
  protected final PersonaStore store() {
    return Objects.requireNonNull(store, "newStore() has not run");
  }

  /**
   * A new, empty store. Called before every test.
   *
   * @return the store
   */
  protected abstract PersonaStore newStore();

  @BeforeEach
  final void createStore() {
    store = newStore();
  }

  // ---- fixtures ----

  /**
   * A course saved in the store.
   *
   * @param slug its slug
   * @return the course
   */
  protected Course course(String slug) {
    Course c = new Course(UUID.randomUUID(), slug, "Курс " + slug, "Описание");
    store().saveCourse(c);
    return c;
  }

  /**
   * A lesson saved in the store.
   *
   * @param course its course
   * @param number its number
   * @return the lesson
   */
  protected Lesson lesson(Course course, int number) {
    Lesson l = Lesson.of(course.id(), number, "Урок про тему " + number).withSummary("Кратко о теме " + number)
        .withTranscript("Расшифровка урока " + number + ". Пример текста.");
    store().saveLesson(l);
    return l;
  }

  /**
   * A profile saved in the store.
   *
   * @param user the user identifier
   * @param course the course
   * @return the stored profile
   */
  protected Profile profile(String user, Course course) {
    return store().saveProfile(Profile.of(user, course.slug(), "Анна",
        Survey.builder().motivation("help_others").fears("harm_client").wowResult("Свой кабинет").build()));
  }

  /**
   * Generated content with a marker.
   *
   * @param marker distinguishes contents
   * @return complete content
   */
  protected static PersonalizedContent content(String marker) {
    return PersonalizedContent.of("Кратко " + marker, "Зачем смотреть " + marker, "Действие " + marker,
        "Поделиться " + marker, "Домашнее задание " + marker);
  }

  /**
   * A generated personalization, not yet stored.
   *
   * @param profile the profile
   * @param lesson the lesson
   * @param marker distinguishes contents
   * @return the personalization
   */
  protected static Personalization generated(Profile profile, Lesson lesson, String marker) {
    return new Personalization(UUID.randomUUID(), profile.id(), lesson.id(), content(marker),
        PersonalizationStatus.GENERATED,
        new Provenance("p=v1;m=model;s=abc;l=def", "model", "v1", new TokenUsage(100, 40, 50)), null);
  }

  // ---- courses ----

  @Test
  void saveCourse_then_findBySlugAndId() {
    Course c = course("massage");
    assertThat(store().findCourse("massage")).contains(c);
    assertThat(store().findCourseById(c.id())).contains(c);
    assertThat(store().findCourse("other")).isEmpty();
    assertThat(store().courses()).containsExactly(c);
  }

  @Test
  void saveCourse_duplicateSlug_throwsDuplicateKey_andKeepsOriginal() {
    Course c = course("massage");
    Course clash = new Course(UUID.randomUUID(), "massage", "Другой", null);
    assertThatThrownBy(() -> store().saveCourse(clash)).isInstanceOf(DuplicateKeyException.class);
    assertThat(store().findCourse("massage")).contains(c);
    assertThat(store().findCourseById(clash.id())).isEmpty();
  }

  @Test
  void saveCourse_sameId_updatesInPlace() {
    Course c = course("massage");
    Course renamed = new Course(c.id(), "massage", "Новое название", null);
    store().saveCourse(renamed);
    assertThat(store().findCourseById(c.id())).contains(renamed);
    assertThat(store().courses()).hasSize(1);
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
    store().upsertPersonalization(generated(p, l, "x"));
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
    assertThat(store().lessonAssets(l.id())).containsExactlyInAnyOrder(video, pdf);
    assertThatThrownBy(() -> store().saveLessonAsset(LessonAsset.of(UUID.randomUUID(), "pdf", "https://x.org/a")))
        .isInstanceOf(MissingReferenceException.class);
  }

  // ---- profiles ----

  @Test
  void saveProfile_unknownCourse_throwsMissingReference_andLeavesNoProfile() {
    Profile p = Profile.of("u1", "no-such-course", "Анна", Survey.empty());
    assertThatThrownBy(() -> store().saveProfile(p)).isInstanceOf(MissingReferenceException.class);
    assertThat(store().findProfile("u1", "no-such-course")).isEmpty();
  }

  @Test
  void saveProfile_sameUserAndCourse_updatesAndKeepsTheId() {
    Course a = course("a");
    Profile first = profile("u1", a);
    Survey changed = Survey.builder().motivation("hobby").build();
    Profile second = store().saveProfile(Profile.of("u1", "a", "Аня", changed));
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(store().findProfile("u1", "a")).get().satisfies(p -> {
      assertThat(p.name()).isEqualTo("Аня");
      assertThat(p.survey()).isEqualTo(changed);
    });
    assertThat(store().profiles("a")).hasSize(1);
  }

  @Test
  void saveProfile_sameUserInTwoCourses_keepsTwoProfiles() {
    Course a = course("a");
    Course b = course("b");
    Profile inA = profile("u1", a);
    Profile inB = profile("u1", b);
    assertThat(inA.id()).isNotEqualTo(inB.id());
    assertThat(store().findProfile("u1", "a")).contains(inA);
    assertThat(store().findProfile("u1", "b")).contains(inB);
    assertThat(store().profiles("a")).containsExactly(inA);
  }

  @Test
  void survey_roundTripsWithUnknownKeys() {
    course("a");
    Survey s = Survey.parse("""
        {"motivation":["extra_income","Хочу помогать людям"],"fears":"harm_client","target_clients":"офисные работники",
         "practice_model":"5 любовников","experience":"none","fears_other":"конкуренция","uid":"21179358",
         "nested":{"a":[1,2]}}""");
    Profile stored = store().saveProfile(Profile.of("u1", "a", null, s));
    assertThat(store().findProfileById(stored.id())).get().extracting(Profile::survey).isEqualTo(s);
  }

  // ---- personalizations ----

  @Test
  void upsertPersonalization_insertThenReplace_keepsTheIdAndReplacesContent() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Personalization first = store().upsertPersonalization(generated(p, l, "one"));
    assertThat(first.updatedAt()).isNotNull();
    Personalization second = store().upsertPersonalization(generated(p, l, "two"));
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.updatedAt()).isAfter(first.updatedAt());
    assertThat(store().findPersonalization(p.id(), l.id())).get()
        .extracting(Personalization::content).isEqualTo(content("two"));
    assertThat(store().personalizations(p.id())).hasSize(1);
  }

  @Test
  void upsertPersonalization_unknownProfileOrLesson_throwsMissingReference() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Profile ghost = Profile.of("ghost", "a", null, Survey.empty());
    assertThatThrownBy(() -> store().upsertPersonalization(generated(ghost, l, "x")))
        .isInstanceOf(MissingReferenceException.class);
    Lesson ghostLesson = Lesson.of(a.id(), 99, "Призрак");
    assertThatThrownBy(() -> store().upsertPersonalization(generated(p, ghostLesson, "x")))
        .isInstanceOf(MissingReferenceException.class);
    assertThat(store().personalizations(p.id())).isEmpty();
  }

  @Test
  void personalization_roundTripsContentWithUnknownKeys_statusAndProvenance() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    PersonalizedContent c = PersonalizedContent.parse("""
        {"summary_short":"Кратко 👋 «ёлка»","why_watch":"Потому что\\nстроки","quick_action":"Сделайте 🧰",
         "social_share":"#массаж","homework_20m":"1. Раз 2. Два","prev_lessons":"Урок 1","key_takeaways":["а","б"]}""");
    Personalization in = new Personalization(UUID.randomUUID(), p.id(), l.id(), c, PersonalizationStatus.DEGRADED,
        new Provenance("p=ru-1/abc;m=gpt-4o;s=1;l=2", "gpt-4o", "ru-1", new TokenUsage(1200, 1024, 300)), null);
    store().upsertPersonalization(in);
    Personalization out = store().findPersonalization(p.id(), l.id()).orElseThrow();
    assertThat(out.content()).isEqualTo(c);
    assertThat(out.content().extras()).containsOnlyKeys("prev_lessons", "key_takeaways");
    assertThat(out.content().summaryShort()).isEqualTo("Кратко 👋 «ёлка»");
    assertThat(out.status()).isEqualTo(PersonalizationStatus.DEGRADED);
    assertThat(out.provenance()).isEqualTo(in.provenance());
  }

  @Test
  void editedPersonalization_hasNoProvenance_andRoundTrips() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    store().upsertPersonalization(Personalization.edited(p.id(), l.id(), content("e")));
    Personalization out = store().findPersonalization(p.id(), l.id()).orElseThrow();
    assertThat(out.status()).isEqualTo(PersonalizationStatus.EDITED);
    assertThat(out.provenance()).isNull();
  }

  @Test
  void savePersonalizations_batchWithAnUnknownLesson_writesNothing() {
    Course a = course("a");
    Lesson l1 = lesson(a, 1);
    Lesson l2 = lesson(a, 2);
    Profile p = profile("u1", a);
    store().upsertPersonalization(generated(p, l1, "old"));
    Lesson ghost = Lesson.of(a.id(), 50, "Призрак");
    List<Personalization> batch = List.of(generated(p, l1, "new"), generated(p, l2, "new"), generated(p, ghost, "new"));
    assertThatThrownBy(() -> store().savePersonalizations(p.id(), null, batch))
        .isInstanceOf(MissingReferenceException.class);
    assertThat(store().findPersonalization(p.id(), l1.id())).get()
        .extracting(Personalization::content).isEqualTo(content("old"));
    assertThat(store().findPersonalization(p.id(), l2.id())).isEmpty();
  }

  @Test
  void savePersonalizations_basedOnAProfileThatChanged_throwsConcurrentUpdate_andWritesNothing() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile before = profile("u1", a);
    store().saveProfile(before.withSurvey(Survey.builder().motivation("hobby").build()));
    assertThatThrownBy(() -> store().savePersonalizations(before.id(), before, List.of(generated(before, l, "x"))))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store().personalizations(before.id())).isEmpty();
  }

  @Test
  void savePersonalizations_basedOnTheCurrentProfile_writesEveryItemInOrder() {
    Course a = course("a");
    Lesson l1 = lesson(a, 1);
    Lesson l2 = lesson(a, 2);
    Profile p = profile("u1", a);
    List<Personalization> stored =
        store().savePersonalizations(p.id(), p, List.of(generated(p, l2, "2"), generated(p, l1, "1")));
    assertThat(stored).extracting(Personalization::lessonId).containsExactly(l2.id(), l1.id());
    assertThat(stored).allSatisfy(s -> assertThat(s.updatedAt()).isNotNull());
    assertThat(store().personalizations(p.id())).hasSize(2);
  }

  @Test
  void savePersonalizations_keepingEdited_leavesTheHostsEdits_andReturnsThem() {
    Course a = course("a");
    Lesson l1 = lesson(a, 1);
    Lesson l2 = lesson(a, 2);
    Profile p = profile("u1", a);
    Personalization edit = store().upsertPersonalization(Personalization.edited(p.id(), l1.id(), content("правка")));
    store().upsertPersonalization(generated(p, l2, "old"));

    List<Personalization> stored =
        store().savePersonalizations(p.id(), p, List.of(generated(p, l1, "new"), generated(p, l2, "new")), true);
    assertThat(stored.get(0)).isEqualTo(edit);
    assertThat(stored.get(1).content()).isEqualTo(content("new"));
    assertThat(store().findPersonalization(p.id(), l1.id())).contains(edit);

    store().savePersonalizations(p.id(), p, List.of(generated(p, l1, "forced")), false);
    assertThat(store().findPersonalization(p.id(), l1.id())).get()
        .satisfies(x -> {
          assertThat(x.status()).isEqualTo(PersonalizationStatus.GENERATED);
          assertThat(x.content()).isEqualTo(content("forced"));
        });
  }

  @Test
  void savePersonalizations_itemOfAnotherProfile_isRefused() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Profile q = profile("u2", a);
    assertThatThrownBy(() -> store().savePersonalizations(p.id(), null, List.of(generated(q, l, "x"))))
        .isInstanceOf(MissingReferenceException.class);
    assertThat(store().personalizations(q.id())).isEmpty();
  }

  @Test
  void replacePersonalizations_makesTheSetExact() {
    Course a = course("a");
    Lesson l1 = lesson(a, 1);
    Lesson l2 = lesson(a, 2);
    Lesson l3 = lesson(a, 3);
    Profile p = profile("u1", a);
    store().savePersonalizations(p.id(), null, List.of(generated(p, l1, "1"), generated(p, l2, "2")));
    store().replacePersonalizations(p.id(), List.of(generated(p, l2, "2b"), generated(p, l3, "3")));
    assertThat(store().personalizations(p.id())).extracting(Personalization::lessonId)
        .containsExactlyInAnyOrder(l2.id(), l3.id());
    assertThat(store().findPersonalization(p.id(), l2.id())).get()
        .extracting(Personalization::content).isEqualTo(content("2b"));
  }

  @Test
  void replacePersonalizations_failing_leavesTheOldSet() {
    Course a = course("a");
    Lesson l1 = lesson(a, 1);
    Profile p = profile("u1", a);
    store().upsertPersonalization(generated(p, l1, "1"));
    Lesson ghost = Lesson.of(a.id(), 9, "Призрак");
    assertThatThrownBy(() -> store().replacePersonalizations(p.id(), List.of(generated(p, ghost, "g"))))
        .isInstanceOf(MissingReferenceException.class);
    assertThat(store().findPersonalization(p.id(), l1.id())).isPresent();
  }

  @Test
  void deletePersonalization_reportsWhetherItExisted() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    store().upsertPersonalization(generated(p, l, "x"));
    assertThat(store().deletePersonalization(p.id(), l.id())).isTrue();
    assertThat(store().deletePersonalization(p.id(), l.id())).isFalse();
    assertThat(store().findPersonalization(p.id(), l.id())).isEmpty();
  }

  // ---- cascades ----

  @Test
  void deleteProfile_cascadesToItsPersonalizationsOnly() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Profile q = profile("u2", a);
    store().upsertPersonalization(generated(p, l, "p"));
    store().upsertPersonalization(generated(q, l, "q"));
    assertThat(store().deleteProfile(p.id())).isTrue();
    assertThat(store().findProfileById(p.id())).isEmpty();
    assertThat(store().personalizations(p.id())).isEmpty();
    assertThat(store().personalizations(q.id())).hasSize(1);
    assertThat(store().deleteProfile(p.id())).isFalse();
  }

  @Test
  void deleteLesson_cascadesToDescriptionAssetsAndPersonalizations() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Lesson other = lesson(a, 2);
    Profile p = profile("u1", a);
    store().saveLessonDescription(LessonDescription.of(l.id(), JsonValue.emptyObject()));
    store().saveLessonAsset(LessonAsset.of(l.id(), "pdf", "https://example.com/a.pdf"));
    store().upsertPersonalization(generated(p, l, "x"));
    store().upsertPersonalization(generated(p, other, "y"));
    assertThat(store().deleteLesson(l.id())).isTrue();
    assertThat(store().findLessonDescription(l.id())).isEmpty();
    assertThat(store().lessonAssets(l.id())).isEmpty();
    assertThat(store().personalizations(p.id())).extracting(Personalization::lessonId).containsExactly(other.id());
  }

  @Test
  void deleteCourse_cascadesToLessonsProfilesAndPersonalizations_butNotOtherCourses() {
    Course a = course("a");
    Course b = course("b");
    Lesson la = lesson(a, 1);
    Lesson lb = lesson(b, 1);
    Profile pa = profile("u1", a);
    Profile pb = profile("u1", b);
    store().upsertPersonalization(generated(pa, la, "a"));
    store().upsertPersonalization(generated(pb, lb, "b"));
    assertThat(store().deleteCourse(a.id())).isTrue();
    assertThat(store().findLesson(la.id())).isEmpty();
    assertThat(store().findProfileById(pa.id())).isEmpty();
    assertThat(store().findLesson(lb.id())).isPresent();
    assertThat(store().findPersonalization(pb.id(), lb.id())).isPresent();
    assertThat(store().deleteCourse(a.id())).isFalse();
  }

  // ---- the personalized course ----

  @Test
  void personalizedCourse_listsEveryLessonInOrder_withItsPersonalizationOrNone() {
    Course a = course("a");
    Course b = course("b");
    Lesson l2 = lesson(a, 2);
    Lesson l1 = lesson(a, 1);
    Lesson l3 = lesson(a, 3);
    lesson(b, 1);
    Profile p = profile("u1", a);
    Profile other = profile("u2", a);
    store().upsertPersonalization(generated(p, l2, "two"));
    store().upsertPersonalization(generated(other, l1, "not mine"));

    PersonalizedCourse pc = store().personalizedCourse("u1", "a").orElseThrow();
    assertThat(pc.profile()).isEqualTo(p);
    assertThat(pc.course()).isEqualTo(a);
    assertThat(pc.lessons()).extracting(PersonalizedLesson::lessonId).containsExactly(l1.id(), l2.id(), l3.id());
    assertThat(pc.lessons().get(0).personalization()).isNull();
    assertThat(pc.lessons().get(1).findPersonalization()).get()
        .extracting(Personalization::content).isEqualTo(content("two"));
    assertThat(pc.lessons().get(0).title()).isEqualTo(l1.title());
    assertThat(pc.lessons().get(0).summary()).isEqualTo(l1.summary());
  }

  @Test
  void personalizedCourse_unknownLearnerOrCourse_isEmpty() {
    Course a = course("a");
    profile("u1", a);
    assertThat(store().personalizedCourse("u2", "a")).isEmpty();
    assertThat(store().personalizedCourse("u1", "b")).isEmpty();
  }

  @Test
  void personalizedCourse_ofACourseWithoutLessons_hasNoLines() {
    Course a = course("a");
    profile("u1", a);
    assertThat(store().personalizedCourse("u1", "a")).get()
        .satisfies(pc -> assertThat(pc.lessons()).isEmpty());
  }

  // ---- concurrency ----

  @Test
  void concurrentUpserts_ofTheSameKey_leaveExactlyOneRow_andNoErrors() throws Exception {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Personalization>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String marker = "t" + i;
        results.add(pool.submit(() -> {
          start.await();
          return store().upsertPersonalization(generated(p, l, marker));
        }));
      }
      start.countDown();
      List<UUID> ids = new ArrayList<>();
      for (Future<Personalization> f : results) {
        ids.add(f.get(30, TimeUnit.SECONDS).id());
      }
      assertThat(ids).containsOnly(ids.get(0));
      assertThat(store().personalizations(p.id())).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- transactions ----

  @Test
  void inTransaction_commitsEveryWrite_andReturnsTheResult() {
    Course a = course("a");
    String result = store().inTransaction(tx -> {
      tx.saveLesson(Lesson.of(a.id(), 1, "Один"));
      tx.saveLesson(Lesson.of(a.id(), 2, "Два"));
      tx.saveProfile(Profile.of("u1", "a", null, Survey.empty()));
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat(store().lessons(a.id())).hasSize(2);
    assertThat(store().findProfile("u1", "a")).isPresent();
  }

  @Test
  void inTransaction_thatThrows_rollsBackEveryWrite_includingUpdates() {
    Course a = course("a");
    Lesson kept = lesson(a, 1);
    Profile p = profile("u1", a);
    store().upsertPersonalization(generated(p, kept, "before"));
    assertThatThrownBy(() -> store().inTransaction(tx -> {
      tx.saveLesson(kept.withTitle("Изменено"));
      tx.saveLesson(Lesson.of(a.id(), 2, "Новый"));
      tx.upsertPersonalization(generated(p, kept, "after"));
      tx.deleteProfile(p.id());
      throw new IllegalStateException("abort");
    })).isInstanceOf(IllegalStateException.class).hasMessage("abort");
    assertThat(store().lessons(a.id())).containsExactly(kept);
    assertThat(store().findProfileById(p.id())).contains(p);
    assertThat(store().findPersonalization(p.id(), kept.id())).get()
        .extracting(Personalization::content).isEqualTo(content("before"));
  }

  @Test
  void inTransaction_aFailingWriteInside_undoesTheEarlierOnes() {
    Course a = course("a");
    lesson(a, 1);
    assertThatThrownBy(() -> store().inTransaction(tx -> {
      tx.saveLesson(Lesson.of(a.id(), 2, "Два"));
      tx.saveLesson(Lesson.of(a.id(), 1, "Дубликат номера"));
      return null;
    })).isInstanceOf(DuplicateKeyException.class);
    assertThat(store().lessons(a.id())).extracting(Lesson::number).containsExactly(1);
  }

  @Test
  void inTransaction_nested_joinsTheOuterTransaction() {
    Course a = course("a");
    assertThatThrownBy(() -> store().inTransaction(outer -> {
      outer.inTransaction(inner -> {
        inner.saveLesson(Lesson.of(a.id(), 1, "Внутри"));
        return null;
      });
      assertThat(outer.lessons(a.id())).hasSize(1);
      throw new IllegalStateException("abort outer");
    })).hasMessage("abort outer");
    assertThat(store().lessons(a.id())).isEmpty();
  }

  @Test
  void concurrentProfileSaves_ofOneLearnerAndCourse_leaveOneProfile_andNoErrors() throws Exception {
    course("a");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Profile>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String answer = "цель " + i;
        results.add(pool.submit(() -> {
          start.await();
          return store().saveProfile(Profile.of("racer", "a", "Гонщик", Survey.builder().wowResult(answer).build()));
        }));
      }
      start.countDown();
      List<UUID> ids = new ArrayList<>();
      for (Future<Profile> f : results) {
        ids.add(f.get(30, TimeUnit.SECONDS).id());
      }
      assertThat(ids).containsOnly(ids.get(0));
      assertThat(store().profiles("a")).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void storedValues_areImmutableSnapshots() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    store().upsertPersonalization(generated(p, l, "x"));
    Personalization read = store().findPersonalization(p.id(), l.id()).orElseThrow();
    assertThatThrownBy(() -> read.content().extras().put("k", JsonValue.emptyObject()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(store().findPersonalization(p.id(), l.id())).get()
        .extracting(r -> r.content().extras()).isEqualTo(Map.of());
  }
}

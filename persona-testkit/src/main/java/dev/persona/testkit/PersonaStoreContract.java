package dev.persona.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.PersonalizedLesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.DuplicateKeyException;
import dev.persona.store.PersonaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of a whole {@link PersonaStore}, as tests: the personalized-course read,
 * transactions across the catalogue and the learners, concurrent writers, and immutable results.
 * Run it with {@link CourseCatalogContract} and {@link LearnerStoreContract}. Subclass it and
 * return a fresh, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * final class MyStoreTest extends PersonaStoreContract {
 *   @Override protected PersonaStore newStore() { return new MyStore(freshDatabase()); }
 * }
 * }</pre>
 */
public abstract class PersonaStoreContract extends StoreContractSupport {

  /** Creates the suite. */
  protected PersonaStoreContract() {}

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
    store().savePersonalization(generated(p, l2, "two"));
    store().savePersonalization(generated(other, l1, "not mine"));

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
          return store().savePersonalization(generated(p, l, marker));
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
    store().savePersonalization(generated(p, kept, "before"));
    assertThatThrownBy(() -> store().inTransaction(tx -> {
      tx.saveLesson(kept.withTitle("Изменено"));
      tx.saveLesson(Lesson.of(a.id(), 2, "Новый"));
      tx.savePersonalization(generated(p, kept, "after"));
      tx.deleteProfile(p.id());
      throw new IllegalStateException("abort");
    })).isInstanceOf(IllegalStateException.class).hasMessage("abort");
    assertThat(store().lessons(a.id())).containsExactly(kept);
    assertThat(store().findProfile(p.id())).contains(p);
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
    store().savePersonalization(generated(p, l, "x"));
    Personalization read = store().findPersonalization(p.id(), l.id()).orElseThrow();
    assertThatThrownBy(() -> read.content().extras().put("k", JsonValue.emptyObject()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(store().findPersonalization(p.id(), l.id())).get()
        .extracting(r -> r.content().extras()).isEqualTo(Map.of());
  }
}

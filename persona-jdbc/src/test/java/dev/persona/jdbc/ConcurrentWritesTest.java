package dev.persona.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.model.Survey;
import dev.persona.store.LearnerSet;
import dev.persona.testkit.postgres.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many writers on the same learners at once: single-row saves (an editor), whole-set writes (a
 * regeneration), survey updates and deletes. The lock order and the retries must leave no error at
 * all, where FOR UPDATE against a concurrent upsert's foreign-key lock once deadlocked.
 */
final class ConcurrentWritesTest {

  @RegisterExtension static final PostgresExtension PG = PostgresExtension.withMigrations(PersonaMigrations::migrate);

  private static PersonalizedContent content(String m) {
    return PersonalizedContent.of("Кратко " + m, "Зачем " + m, "Действие " + m, "Поделиться " + m, "Задание " + m);
  }

  @Test
  void eightWritersOnFourLearners_finishWithoutASingleError() throws Exception {
    JdbiPersonaStore store = JdbiPersonaStore.create(PG.dataSource(), PG.freshSchema());
    Course course = Course.of("load", "Нагрузка");
    store.saveCourse(course);
    List<Lesson> lessons = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      Lesson l = Lesson.of(course.id(), i, "Тема " + i);
      store.saveLesson(l);
      lessons.add(l);
    }
    List<Profile> learners = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      learners.add(store.saveProfile(Profile.of("u" + i, "load", "Ученик " + i, Survey.empty())));
    }
    Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    AtomicInteger operations = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int seed = t;
      done.add(pool.submit(() -> {
        Random random = new Random(seed);
        for (int op = 0; op < 100; op++) {
          Profile p = learners.get(random.nextInt(learners.size()));
          Lesson l = lessons.get(random.nextInt(lessons.size()));
          String m = seed + "-" + op;
          try {
            switch (random.nextInt(4)) {
              case 0 -> store.savePersonalization(Personalization.edited(p.id(), l.id(), content(m)));
              case 1 -> {
                List<Personalization> set = new ArrayList<>();
                for (Lesson x : lessons) {
                  set.add(new Personalization(UUID.randomUUID(), p.id(), x.id(), content(m),
                      PersonalizationStatus.GENERATED, new Provenance("fp-" + m, "m", "1", TokenUsage.ZERO), null));
                }
                store.saveLearnerSet(new LearnerSet(p.id(), null, set, true));
              }
              case 2 -> store.saveProfile(Profile.of(p.userIdentifier(), "load", "Ученик " + m, Survey.empty()));
              default -> store.deletePersonalization(p.id(), l.id());
            }
            operations.incrementAndGet();
          } catch (RuntimeException e) {
            errors.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new AtomicInteger())
                .incrementAndGet();
          }
        }
      }));
    }
    for (Future<?> f : done) {
      f.get(5, TimeUnit.MINUTES);
    }
    pool.shutdown();
    assertThat(errors).as("errors by type").isEmpty();
    assertThat(operations.get()).isEqualTo(8 * 100);
    for (Profile p : learners) {
      assertThat(store.personalizations(p.id())).allSatisfy(x -> assertThat(x.profileId()).isEqualTo(p.id()));
    }
  }
}

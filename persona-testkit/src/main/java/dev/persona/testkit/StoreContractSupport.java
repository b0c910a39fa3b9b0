package dev.persona.testkit;

import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.model.Survey;
import dev.persona.store.PersonaStore;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contract suites share: a fresh store per test and small fixtures. Subclass one of
 * {@link CourseCatalogContract}, {@link LearnerStoreContract} or {@link PersonaStoreContract}, not
 * this class.
 */
public abstract class StoreContractSupport {

  private @Nullable PersonaStore store;

  /** Creates the suite. */
  protected StoreContractSupport() {}

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
   * Complete content with a marker.
   *
   * @param marker distinguishes contents
   * @return the content
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
    return generated(profile, lesson, content(marker));
  }

  /**
   * A generated personalization of given content, not yet stored.
   *
   * @param profile the profile
   * @param lesson the lesson
   * @param content the content
   * @return the personalization
   */
  protected static Personalization generated(Profile profile, Lesson lesson, PersonalizedContent content) {
    return new Personalization(UUID.randomUUID(), profile.id(), lesson.id(), content,
        PersonalizationStatus.GENERATED,
        new Provenance("p=v1;m=model;s=abc;l=def", "model", "v1", new TokenUsage(100, 40, 50)), null);
  }
}

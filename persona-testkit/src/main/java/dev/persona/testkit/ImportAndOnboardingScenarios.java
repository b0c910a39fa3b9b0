package dev.persona.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.LessonResult.Outcome;
import dev.persona.NotFoundException;
import dev.persona.PersonalizationService;
import dev.persona.PlannedLesson;
import dev.persona.PlannedLesson.Action;
import dev.persona.RegenerationReport;
import dev.persona.Submission;
import dev.persona.SubmissionStatus;
import dev.persona.SurveySubmission;
import dev.persona.ValidationException;
import dev.persona.importing.CourseDocument;
import dev.persona.importing.CourseImporter;
import dev.persona.importing.ImportReport;
import dev.persona.importing.ImportReport.Change;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Survey;
import dev.persona.store.PersonaStore;
import dev.persona.template.TemplateLlmProvider;
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
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Course import and survey onboarding, end to end, on a store: idempotent re-import, identity kept
 * across renumbering, nothing changed by a bad document, racing submissions. Subclass it with a
 * fresh store, as for {@link PersonaStoreContract}.
 */
public abstract class ImportAndOnboardingScenarios {

  private @Nullable PersonaStore store;
  private @Nullable PersonalizationService service;
  private ScriptedLlmProvider llm = ScriptedLlmProvider.create();

  /** Creates the suite. */
  protected ImportAndOnboardingScenarios() {}

  /**
   * A new, empty store. Called before every test.
   *
   * @return the store
   */
  protected abstract PersonaStore newStore();

  @BeforeEach
  final void setUp() {
    store = newStore();
    TemplateLlmProvider template = new TemplateLlmProvider();
    llm = ScriptedLlmProvider.create().withModel(template.model()).otherwise(template::complete);
    service = PersonalizationService.builder().store(store).provider(llm).maxConcurrency(4).build();
  }

  @AfterEach
  final void tearDown() {
    if (service != null) {
      service.close();
    }
  }

  private PersonaStore store() {
    return Objects.requireNonNull(store);
  }

  private PersonalizationService service() {
    return Objects.requireNonNull(service);
  }

  /**
   * A three-lesson course document; the markers let tests change one lesson.
   *
   * @param slug the course
   * @param order the keys in lesson-number order
   * @param transcriptOfB lesson B's transcript
   * @return the JSON
   */
  protected static String document(String slug, List<String> order, String transcriptOfB) {
    Map<String, String> titles = Map.of("A", "Знакомство с курсом", "B", "Мышцы шеи", "C", "Триггерные точки");
    StringBuilder b = new StringBuilder("{\"slug\":\"" + slug + "\",\"title\":\"Массаж шеи\",\"lessons\":[");
    for (int i = 0; i < order.size(); i++) {
      String k = order.get(i);
      b.append(i == 0 ? "" : ",").append("{\"key\":\"video-").append(k).append("\",\"number\":").append(i + 1)
          .append(",\"title\":\"").append(titles.get(k)).append("\",\"summary\":\"Описание темы ").append(titles.get(k))
          .append(".\",\"transcript\":\"").append(k.equals("B") ? transcriptOfB : "Расшифровка " + k + ".")
          .append("\",\"content\":{\"kinescope_play_id\":\"play-").append(k).append("\"},")
          .append("\"description\":{\"👋 Введение\":\"Введение ").append(k).append("\"},")
          .append("\"assets\":[{\"type\":\"video\",\"url\":\"https://kinescope.io/").append(k).append("\"}]}");
    }
    return b.append("]}").toString();
  }

  private ImportReport importDoc(String json) {
    return new CourseImporter(store()).importCourse(CourseDocument.parse(json));
  }

  private Map<String, Lesson> byKey(String slug) {
    Course c = store().findCourse(slug).orElseThrow();
    return store().lessons(c.id()).stream().collect(Collectors.toMap(l -> Objects.requireNonNull(l.externalId()), l -> l));
  }

  private static Lesson at(Map<String, Lesson> lessons, String key) {
    return Objects.requireNonNull(lessons.get(key), key);
  }

  // ---- import ----

  @Test
  void import_createsTheCourseWithLessonsDescriptionsAndAssets() {
    ImportReport r = importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    assertThat(r.courseCreated()).isTrue();
    assertThat(r.count(Change.CREATED)).isEqualTo(3);
    Map<String, Lesson> lessons = byKey("neck");
    Lesson b = at(lessons, "video-B");
    assertThat(b.number()).isEqualTo(2);
    assertThat(b.transcript()).contains("Расшифровка B.");
    assertThat(b.content().getString("kinescope_play_id")).contains("play-B");
    assertThat(store().findLessonDescription(b.id())).isPresent();
    assertThat(store().lessonAssets(b.id())).singleElement().satisfies(a -> assertThat(a.url()).isEqualTo("https://kinescope.io/B"));
  }

  @Test
  void importingTheSameDocumentTwice_changesNothing() {
    String doc = document("neck", List.of("A", "B", "C"), "Расшифровка B.");
    importDoc(doc);
    Map<String, Lesson> before = byKey("neck");
    ImportReport again = importDoc(doc);
    assertThat(again.changedAnything()).isFalse();
    assertThat(again.count(Change.UNCHANGED)).isEqualTo(3);
    assertThat(byKey("neck")).isEqualTo(before);
    assertThat(store().lessonAssets(at(before, "video-A").id())).hasSize(1);
  }

  @Test
  void aChangedLesson_isUpdatedInPlace_andOnlyItsPersonalizationsGoStale() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    Submission s = service().submitSurvey(new SurveySubmission("anna", "neck", "Анна",
        Survey.builder().motivation("help_others").wowResult("свой кабинет").build(), null));
    assertThat(s.report().join().count(Outcome.GENERATED)).isEqualTo(3);
    Lesson oldB = at(byKey("neck"), "video-B");

    ImportReport r = importDoc(document("neck", List.of("A", "B", "C"), "Новая, исправленная расшифровка B."));
    assertThat(r.count(Change.UPDATED)).isEqualTo(1);
    assertThat(r.lessons().get(1).what()).containsExactly("transcript");
    assertThat(at(byKey("neck"), "video-B").id()).isEqualTo(oldB.id());
    assertThat(store().findPersonalization(s.profile().id(), oldB.id())).isPresent();
    List<PlannedLesson> plan = service().plan("anna", "neck", false);
    assertThat(plan).filteredOn(p -> p.action() == Action.GENERATE).singleElement()
        .satisfies(p -> {
          assertThat(p.lessonId()).isEqualTo(oldB.id());
          assertThat(p.reason()).isEqualTo("lesson material changed");
        });
  }

  @Test
  void renumbering_evenASwap_keepsEveryLessonsIdentityAndPersonalizations() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    Submission s = service().submitSurvey(new SurveySubmission("anna", "neck", null,
        Survey.builder().motivation("hobby").build(), null));
    s.report().join();
    Map<String, Lesson> before = byKey("neck");

    ImportReport r = importDoc(document("neck", List.of("C", "B", "A"), "Расшифровка B."));
    assertThat(r.count(Change.UPDATED)).isEqualTo(2);
    Map<String, Lesson> after = byKey("neck");
    assertThat(at(after, "video-A").id()).isEqualTo(at(before, "video-A").id());
    assertThat(at(after, "video-A").number()).isEqualTo(3);
    assertThat(at(after, "video-C").number()).isEqualTo(1);
    assertThat(store().personalizations(s.profile().id())).hasSize(3)
        .allSatisfy(p -> assertThat(after.values()).anySatisfy(l -> assertThat(l.id()).isEqualTo(p.lessonId())));
  }

  @Test
  void importingIntoOneCourse_neverTouchesAnother() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    Map<String, Lesson> neck = byKey("neck");
    importDoc(document("taping", List.of("C", "A", "B"), "Другая расшифровка."));
    assertThat(byKey("neck")).isEqualTo(neck);
    assertThat(byKey("taping")).hasSize(3);
    assertThat(at(byKey("taping"), "video-A").id()).isNotEqualTo(at(neck, "video-A").id());
  }

  @Test
  void anInvalidDocument_namesTheLessonAndField_andChangesNothing() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    Map<String, Lesson> before = byKey("neck");
    String bad = "{\"slug\":\"neck\",\"title\":\"Новое название\",\"lessons\":[{\"key\":\"video-A\",\"number\":1,\"title\":\"Ок\"},"
        + "{\"key\":\"video-B\",\"number\":1,\"title\":\"Дубль\"},{\"key\":\"video-C\",\"number\":3,\"title\":\"  \"}]}";
    assertThatThrownBy(() -> importDoc(bad)).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).errors()).extracting(ValidationException.FieldError::field)
            .contains("lessons[2].title"));
    String dup = "{\"slug\":\"neck\",\"title\":\"Новое название\",\"lessons\":[{\"key\":\"video-A\",\"number\":1,\"title\":\"Ок\"},"
        + "{\"key\":\"video-B\",\"number\":1,\"title\":\"Дубль\"}]}";
    assertThatThrownBy(() -> importDoc(dup)).isInstanceOf(ValidationException.class).hasMessageContaining("lessons[1].number");
    assertThat(byKey("neck")).isEqualTo(before);
    assertThat(store().findCourse("neck").orElseThrow().title()).isEqualTo("Массаж шеи");
  }

  @Test
  void aDocumentThatCollidesWithAStoredLesson_isRefused_andRolledBack() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    Map<String, Lesson> before = byKey("neck");
    // D wants number 2, held by B, which this document leaves out; the course title change must roll back
    String doc = "{\"slug\":\"neck\",\"title\":\"Переименованный курс\",\"lessons\":["
        + "{\"key\":\"video-A\",\"number\":1,\"title\":\"Знакомство с курсом\"},"
        + "{\"key\":\"video-D\",\"number\":2,\"title\":\"Новый урок\"}]}";
    assertThatThrownBy(() -> importDoc(doc)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("lessons[1].number").hasMessageContaining("video-B");
    assertThat(byKey("neck")).isEqualTo(before);
    assertThat(store().findCourse("neck").orElseThrow().title()).isEqualTo("Массаж шеи");
  }

  @Test
  void lessonsTheDocumentLeavesOut_areKept_andReported() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    ImportReport r = importDoc("{\"slug\":\"neck\",\"title\":\"Массаж шеи\",\"lessons\":[{\"key\":\"video-A\",\"number\":1,"
        + "\"title\":\"Знакомство с курсом\",\"summary\":\"Описание темы Знакомство с курсом.\"}]}");
    assertThat(r.untouched()).hasSize(2);
    assertThat(byKey("neck")).hasSize(3);
    // keys the document does not mention stay in the content
    assertThat(at(byKey("neck"), "video-A").content().getString("kinescope_play_id")).contains("play-A");
    assertThat(at(byKey("neck"), "video-A").transcript()).contains("Расшифровка A.");
  }

  // ---- onboarding ----

  @Test
  void aSubmission_storesTheProfile_andPersonalizesInTheBackground() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    Submission s = service().submitSurvey(new SurveySubmission("anna", "neck", "Анна",
        Survey.builder().motivation("help_others").fears("harm_client").build(), 2));
    assertThat(s.answersChanged()).isTrue();
    assertThat(store().findProfile("anna", "neck")).contains(s.profile());
    RegenerationReport r = s.report().join();
    assertThat(r.count(Outcome.GENERATED)).isEqualTo(3);
    SubmissionStatus status = service().submissionStatus(s.id()).orElseThrow();
    assertThat(status.state()).isEqualTo(SubmissionStatus.State.DONE);
    assertThat(status.report()).isEqualTo(r);
    assertThat(service().submissionStatus(UUID.randomUUID())).isEmpty();
  }

  @Test
  void aSubmissionForAnUnknownCourseOrLesson_storesNothing() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    assertThatThrownBy(() -> service().submitSurvey(new SurveySubmission("anna", "shvz", null, Survey.empty(), null)))
        .isInstanceOf(NotFoundException.class).hasMessage("no course 'shvz'");
    assertThatThrownBy(() -> service().submitSurvey(new SurveySubmission("anna", "neck", null, Survey.empty(), 9)))
        .isInstanceOf(NotFoundException.class);
    assertThat(store().findProfile("anna", "shvz")).isEmpty();
    assertThat(store().findProfile("anna", "neck")).isEmpty();
  }

  @Test
  void reSubmitting_regeneratesWhatChanged_andAnIdenticalSubmissionNothing() {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    Survey first = Survey.builder().motivation("help_others").wowResult("свой кабинет").build();
    service().submitSurvey(new SurveySubmission("anna", "neck", "Анна", first, null)).report().join();
    int afterFirst = llm.callCount();

    Submission same = service().submitSurvey(new SurveySubmission("anna", "neck", "Анна", first, null));
    assertThat(same.answersChanged()).isFalse();
    assertThat(same.report().join().count(Outcome.UNCHANGED)).isEqualTo(3);
    assertThat(llm.callCount()).isEqualTo(afterFirst);

    Submission changed = service().submitSurvey(new SurveySubmission("anna", "neck", "Анна",
        Survey.builder().motivation("hobby").wowResult("свой кабинет").build(), null));
    assertThat(changed.answersChanged()).isTrue();
    assertThat(changed.report().join().count(Outcome.GENERATED)).isEqualTo(3);
    assertThat(llm.callCount()).isEqualTo(afterFirst + 3);
  }

  @Test
  void racingSubmissions_endWithOneProfile_andOneConsistentSet() throws Exception {
    importDoc(document("neck", List.of("A", "B", "C"), "Расшифровка B."));
    int racers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Submission>> submissions = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        String wow = "цель номер " + (char) ('А' + i);
        submissions.add(pool.submit(() -> {
          start.await();
          return service().submitSurvey(new SurveySubmission("racer", "neck", "Гонщик",
              Survey.builder().wowResult(wow).build(), null));
        }));
      }
      start.countDown();
      for (Future<Submission> f : submissions) {
        f.get(60, TimeUnit.SECONDS).report().get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store().profiles("neck")).hasSize(1);
    // whatever answers won, every stored personalization was made from them
    assertThat(service().plan("racer", "neck", false)).allSatisfy(p -> {
      assertThat(p.action()).isEqualTo(Action.KEEP);
      assertThat(p.reason()).isEqualTo("unchanged");
    });
  }
}

package dev.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.LessonResult.Outcome;
import dev.persona.PlannedLesson.Action;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmException.Kind;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.model.Course;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.PersonalizedCourse;
import dev.persona.model.PersonalizedLesson;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.template.TemplateLlmProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class PersonalizationServiceTest {

  private InMemoryPersonaStore store;
  private Course course;
  private List<Lesson> lessons;
  private Profile anna;
  private final List<PersonalizationService> services = new ArrayList<>();

  @BeforeEach
  void setUp() {
    store = new InMemoryPersonaStore();
    course = Samples.course(store, "massage");
    lessons = Samples.lessons(store, course);
    anna = Samples.profile(store, course, "anna");
  }

  @AfterEach
  void tearDown() {
    services.forEach(PersonalizationService::close);
  }

  private PersonalizationService service(dev.persona.llm.LlmProvider provider) {
    return service(PersonalizationService.builder().provider(provider));
  }

  private PersonalizationService service(PersonalizationServiceBuilder b) {
    if (b.retryPolicy.equals(RetryPolicy.defaults())) {
      b.retryPolicy(Fakes.INSTANT_RETRIES); // these tests are about what is stored, not about waiting
    }
    PersonalizationService s = b.store(store).build();
    services.add(s);
    return s;
  }

  private Map<UUID, PersonalizedContent> contentByLesson(Profile p) {
    Map<UUID, PersonalizedContent> out = new HashMap<>();
    store.personalizations(p.id()).forEach(x -> out.put(x.lessonId(), x.content()));
    return out;
  }

  @Test
  void regenerate_personalizesEveryLesson_thenASecondRunCallsNothing() {
    ScriptedLlmProvider llm = Fakes.countingTemplate();
    PersonalizationService service = service(llm);

    RegenerationReport first = service.regenerate("anna", "massage");
    assertThat(first.count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(first.lessons()).extracting(LessonResult::lessonNumber).containsExactlyElementsOf(
        lessons.stream().map(Lesson::number).toList());
    assertThat(first.usage().totalTokens()).isPositive();
    assertThat(llm.callCount()).isEqualTo(12);
    assertThat(store.personalizations(anna.id())).hasSize(12)
        .allSatisfy(p -> {
          assertThat(p.status()).isEqualTo(PersonalizationStatus.GENERATED);
          assertThat(p.provenance()).isNotNull();
          assertThat(p.content().isComplete()).isTrue();
        });

    RegenerationReport second = service.regenerate("anna", "massage");
    assertThat(second.count(Outcome.UNCHANGED)).isEqualTo(12);
    assertThat(second.lessons()).allSatisfy(r -> assertThat(r.reason()).isEqualTo("unchanged"));
    assertThat(llm.callCount()).isEqualTo(12);
  }

  @Test
  void aChangedSurvey_regeneratesThatLearnerOnly() {
    Profile boris = Samples.profile(store, course, "boris");
    ScriptedLlmProvider llm = Fakes.countingTemplate();
    PersonalizationService service = service(llm);
    service.regenerate("anna", "massage");
    service.regenerate("boris", "massage");
    Map<UUID, PersonalizedContent> borisBefore = contentByLesson(boris);

    store.saveProfile(anna.withSurvey(Survey.builder().motivation("hobby").wowResult("расслаблять близких").build()));
    RegenerationReport annaAgain = service.regenerate("anna", "massage");
    RegenerationReport borisAgain = service.regenerate("boris", "massage");

    assertThat(annaAgain.count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(annaAgain.lessons()).allSatisfy(r -> assertThat(r.reason()).isEqualTo("survey or name changed"));
    assertThat(borisAgain.count(Outcome.UNCHANGED)).isEqualTo(12);
    assertThat(contentByLesson(boris)).isEqualTo(borisBefore);
    assertThat(llm.callCount()).isEqualTo(36);
  }

  @Test
  void aChangedLesson_regeneratesThatLessonOnly_forEveryone() {
    ScriptedLlmProvider llm = Fakes.countingTemplate();
    PersonalizationService service = service(llm);
    service.regenerate("anna", "massage");
    Lesson fifth = lessons.get(4);
    store.saveLesson(fifth.withSummary("Новый, переписанный обзор урока."));

    assertThat(service.plan("anna", "massage", false))
        .filteredOn(p -> p.action() == Action.GENERATE)
        .singleElement()
        .satisfies(p -> {
          assertThat(p.lessonId()).isEqualTo(fifth.id());
          assertThat(p.reason()).isEqualTo("lesson material changed");
        });
    RegenerationReport report = service.regenerate("anna", "massage");
    assertThat(report.count(Outcome.GENERATED)).isEqualTo(1);
    assertThat(report.count(Outcome.UNCHANGED)).isEqualTo(11);
    assertThat(llm.callCount()).isEqualTo(13);
  }

  @Test
  void aChangedModelOrPrompt_makesEverythingStale() {
    PersonalizationService service = service(new TemplateLlmProvider());
    service.regenerate("anna", "massage");
    PersonalizationService otherModel =
        service(PersonalizationService.builder().provider(new TemplateLlmProvider()).modelId("gpt-4o-2024-08-06"));
    assertThat(otherModel.plan("anna", "massage", false)).allSatisfy(p -> {
      assertThat(p.action()).isEqualTo(Action.GENERATE);
      assertThat(p.reason()).startsWith("model changed");
    });
    PersonalizationService stricter = service(PersonalizationService.builder().provider(new TemplateLlmProvider())
        .contentRules(new dev.persona.prompt.ContentRules(dev.persona.model.Language.RUSSIAN, 20, 390, 1200, 500, 280, 1500)));
    assertThat(stricter.plan("anna", "massage", false)).allSatisfy(p -> assertThat(p.reason()).startsWith("prompt changed"));
  }

  @Test
  void editedContent_isKept_unlessForced() {
    ScriptedLlmProvider llm = Fakes.countingTemplate();
    PersonalizationService service = service(llm);
    service.regenerate("anna", "massage");
    Lesson third = lessons.get(2);
    Personalization edited = service.save(anna.id(), third.id(), Samples.validContent("правка"));
    assertThat(edited.status()).isEqualTo(PersonalizationStatus.EDITED);
    store.saveProfile(anna.withSurvey(Survey.builder().motivation("hobby").build()));

    RegenerationReport report = service.regenerate("anna", "massage");
    assertThat(report.lessons().get(2).outcome()).isEqualTo(Outcome.KEPT_EDITED);
    assertThat(report.count(Outcome.GENERATED)).isEqualTo(11);
    assertThat(store.findPersonalization(anna.id(), third.id())).get()
        .extracting(Personalization::content).isEqualTo(Samples.validContent("правка"));

    RegenerationReport forced = service.regenerate("anna", "massage", RegenerateOptions.defaults().withForce(true));
    assertThat(forced.count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(store.findPersonalization(anna.id(), third.id())).get()
        .extracting(Personalization::status).isEqualTo(PersonalizationStatus.GENERATED);
  }

  @Test
  void anEditSavedWhileTheLessonIsBeingRegenerated_isKept() {
    PersonalizationService service = service(new TemplateLlmProvider());
    service.regenerate("anna", "massage");
    Lesson third = lessons.get(2);
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().otherwise(r -> {
      if (Fakes.isAbout(r, third.title())) {
        // the host's editor saves lesson 3 while the model is still writing it
        store.savePersonalization(Personalization.edited(anna.id(), third.id(), Samples.validContent("правка")));
      }
      return answer(r, "new");
    });
    PersonalizationService regen = service(PersonalizationService.builder().provider(llm));
    store.saveProfile(anna.withSurvey(Survey.builder().motivation("hobby").build()));

    RegenerationReport r = regen.regenerate("anna", "massage");
    assertThat(r.count(Outcome.GENERATED)).isEqualTo(11);
    assertThat(r.lessons().get(2).outcome()).isEqualTo(Outcome.KEPT_EDITED);
    assertThat(r.lessons().get(2).reason()).isEqualTo("edited by the host during generation");
    assertThat(store.findPersonalization(anna.id(), third.id())).get()
        .extracting(Personalization::content).isEqualTo(Samples.validContent("правка"));
  }

  @Test
  void oneLessonFailing_inATwelveLessonRun_losesNothing() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().otherwise(r -> answer(r, "v1"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).retryPolicy(RetryPolicy.none()));
    service.regenerate("anna", "massage");
    Map<UUID, PersonalizedContent> before = contentByLesson(anna);

    Lesson seventh = lessons.get(6);
    llm.otherwise(r -> {
      if (Fakes.isAbout(r, seventh.title())) {
        throw new LlmException(Kind.UNAVAILABLE, "HTTP 503");
      }
      return answer(r, "v2");
    });
    RegenerationReport report = service.regenerate("anna", "massage", RegenerateOptions.defaults().withForce(true));

    assertThat(report.count(Outcome.GENERATED)).isEqualTo(11);
    LessonResult failed = report.lessons().get(6);
    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.reason()).contains("UNAVAILABLE");
    assertThat(failed.personalization()).isNotNull();
    assertThat(report.hasFailures()).isTrue();
    Map<UUID, PersonalizedContent> after = contentByLesson(anna);
    assertThat(after).hasSize(12);
    assertThat(after.get(seventh.id())).isEqualTo(before.get(seventh.id()));
    for (Lesson l : lessons) {
      if (!l.equals(seventh)) {
        assertThat(after.get(l.id()).summaryShort()).contains("v2");
      }
    }
  }

  @Test
  void aStoreFailureAtTheSwap_leavesEveryStoredPersonalizationAsItWas() {
    Fakes.FlakyStore flaky = new Fakes.FlakyStore(store);
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().otherwise(r -> answer(r, "v1"));
    PersonalizationService service = PersonalizationService.builder().store(flaky).provider(llm).build();
    services.add(service);
    service.regenerate("anna", "massage");
    Map<UUID, PersonalizedContent> before = contentByLesson(anna);

    llm.otherwise(r -> answer(r, "v2"));
    flaky.failBatches = true;
    RegenerationReport report = service.regenerate("anna", "massage", RegenerateOptions.defaults().withForce(true));

    assertThat(report.count(Outcome.FAILED)).isEqualTo(12);
    assertThat(report.lessons()).allSatisfy(r -> {
      assertThat(r.reason()).isEqualTo("storing failed: StoreUnavailableException");
      assertThat(r.personalization()).isNotNull();
    });
    assertThat(contentByLesson(anna)).isEqualTo(before);
  }

  @Test
  void aDegradedFallback_isStoredServedAndRetriedNextTime() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create()
        .otherwise(r -> {
          throw new LlmException(Kind.UNAVAILABLE, "HTTP 503");
        });
    PersonalizationService service = service(PersonalizationService.builder().provider(llm)
        .retryPolicy(RetryPolicy.none()).fallback(FallbackPolicy.lessonSummary()));

    RegenerationReport down = service.regenerate("anna", "massage");
    assertThat(down.count(Outcome.DEGRADED)).isEqualTo(12);
    PersonalizedCourse served = service.personalizedCourse("anna", "massage").orElseThrow();
    assertThat(served.lessons()).allSatisfy(l -> {
      assertThat(l.personalization()).isNotNull();
      assertThat(l.findPersonalization().orElseThrow().status()).isEqualTo(PersonalizationStatus.DEGRADED);
    });

    llm.otherwise(r -> answer(r, "ok"));
    assertThat(service.plan("anna", "massage", false))
        .allSatisfy(p -> assertThat(p.reason()).isEqualTo("degraded fallback; trying the model again"));
    RegenerationReport up = service.regenerate("anna", "massage");
    assertThat(up.count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(store.personalizations(anna.id()))
        .allSatisfy(p -> assertThat(p.status()).isEqualTo(PersonalizationStatus.GENERATED));
  }

  @Test
  void aFallback_neverReplacesAnExistingPersonalization() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().otherwise(r -> answer(r, "good"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm)
        .retryPolicy(RetryPolicy.none()).fallback(FallbackPolicy.lessonSummary()));
    service.regenerate("anna", "massage");
    llm.otherwise(r -> {
      throw new LlmException(Kind.UNAVAILABLE, "down");
    });
    RegenerationReport report = service.regenerate("anna", "massage", RegenerateOptions.defaults().withForce(true));
    assertThat(report.count(Outcome.FAILED)).isEqualTo(12);
    assertThat(store.personalizations(anna.id())).allSatisfy(p -> {
      assertThat(p.status()).isEqualTo(PersonalizationStatus.GENERATED);
      assertThat(p.content().summaryShort()).contains("good");
    });
  }

  @Test
  void aRunWhoseLearnerChangedTheirAnswers_storesNothing_andTheNextRunCatchesUp() {
    ScriptedLlmProvider llm = ScriptedLlmProvider.create();
    llm.thenAnswer(r -> {
      // the learner re-submits the survey while the first run is generating
      store.saveProfile(anna.withSurvey(Survey.builder().motivation("hobby").wowResult("новая цель").build()));
      return answer(r, "old answers");
    });
    llm.otherwise(r -> answer(r, "old answers"));
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(1));

    RegenerationReport stale = service.regenerate("anna", "massage");
    assertThat(stale.count(Outcome.FAILED)).isEqualTo(12);
    assertThat(stale.lessons()).allSatisfy(r -> assertThat(r.reason()).startsWith("superseded"));
    assertThat(store.personalizations(anna.id())).isEmpty();

    llm.otherwise(r -> answer(r, "new answers"));
    RegenerationReport fresh = service.regenerate("anna", "massage");
    assertThat(fresh.count(Outcome.GENERATED)).isEqualTo(12);
  }

  @Test
  void concurrentRunsForOneLearner_areSerialized_soTheSecondFindsNothingToDo() {
    ScriptedLlmProvider llm = Fakes.countingTemplate();
    PersonalizationService service = service(llm);
    CompletableFuture<RegenerationReport> a = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    CompletableFuture<RegenerationReport> b = service.regenerateAsync("anna", "massage", RegenerateOptions.defaults());
    assertThat(a.join().count(Outcome.GENERATED)).isEqualTo(12);
    assertThat(b.join().count(Outcome.UNCHANGED)).isEqualTo(12);
    assertThat(llm.callCount()).isEqualTo(12);
  }

  @Test
  void regenerateCourse_personalizesEveryLearnerOfTheCourse() {
    Samples.profile(store, course, "boris");
    Samples.profile(store, course, "vera");
    PersonalizationService service = service(new TemplateLlmProvider());
    List<RegenerationReport> reports =
        service.regenerateCourseAsync("massage", RegenerateOptions.defaults()).join();
    assertThat(reports).extracting(RegenerationReport::userIdentifier).containsExactly("anna", "boris", "vera");
    assertThat(reports).allSatisfy(r -> assertThat(r.count(Outcome.GENERATED)).isEqualTo(12));
  }

  @Test
  void progress_isReportedForEveryLesson_andThePriorityLessonIsStoredFirst() {
    Lesson ninth = lessons.get(8);
    List<LessonResult> heard = Collections.synchronizedList(new ArrayList<>());
    List<Integer> finishedCounts = Collections.synchronizedList(new ArrayList<>());
    ScriptedLlmProvider llm = Fakes.countingTemplate();
    PersonalizationService service = service(PersonalizationService.builder().provider(llm).maxConcurrency(1));
    RegenerationReport report = service.regenerate("anna", "massage", RegenerateOptions.defaults()
        .withPriorityLesson(ninth.id())
        .withListener((r, finished, total) -> {
          assertThat(total).isEqualTo(12);
          heard.add(r);
          finishedCounts.add(finished);
        }));
    assertThat(heard).hasSize(12);
    assertThat(finishedCounts).containsExactlyInAnyOrderElementsOf(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
    assertThat(Fakes.isAbout(llm.requests().get(0), ninth.title())).as("the priority lesson's call goes first").isTrue();
    LessonResult heardNinth = heard.stream().filter(r -> r.lessonId().equals(ninth.id())).findFirst().orElseThrow();
    assertThat(heardNinth.findPersonalization().orElseThrow().updatedAt()).as("heard once stored").isNotNull();
    java.time.Instant ninthStored = heardNinth.findPersonalization().orElseThrow().updatedAt();
    assertThat(report.lessons()).filteredOn(r -> !r.lessonId().equals(ninth.id()))
        .allSatisfy(r -> assertThat(r.findPersonalization().orElseThrow().updatedAt()).isAfterOrEqualTo(ninthStored));
  }

  @Test
  void aThrowingListener_doesNotBreakTheRun() {
    PersonalizationService service = service(new TemplateLlmProvider());
    RegenerationReport r = service.regenerate("anna", "massage", RegenerateOptions.defaults()
        .withListener((x, y, z) -> {
          throw new IllegalStateException("listener bug");
        }));
    assertThat(r.count(Outcome.GENERATED)).isEqualTo(12);
  }

  @Test
  void personalizeLesson_generatesOnDemand_andThenServesTheStoredOne() {
    ScriptedLlmProvider llm = Fakes.countingTemplate();
    PersonalizationService service = service(llm);
    LessonResult first = service.personalizeLesson("anna", "massage", 4);
    assertThat(first.outcome()).isEqualTo(Outcome.GENERATED);
    assertThat(first.findPersonalization().orElseThrow().updatedAt()).isNotNull();
    LessonResult again = service.personalizeLesson("anna", "massage", 4);
    assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(again.personalization()).isEqualTo(first.personalization());
    assertThat(llm.callCount()).isEqualTo(1);
    assertThat(store.personalizations(anna.id())).hasSize(1);
    assertThatThrownBy(() -> service.personalizeLesson("anna", "massage", 13))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no lesson 13");
  }

  @Test
  void nothingToPersonalizeFrom_isSkipped_withoutACall() {
    ScriptedLlmProvider llm = Fakes.countingTemplate();
    PersonalizationService service = service(llm);
    store.saveProfile(Profile.of("guest", "massage", null, Survey.empty()));
    RegenerationReport guest = service.regenerate("guest", "massage");
    assertThat(guest.count(Outcome.SKIPPED)).isEqualTo(12);
    assertThat(guest.lessons().get(0).reason()).isEqualTo("the learner has not answered the survey");

    Lesson bare = Lesson.of(course.id(), 13, "Бонус");
    store.saveLesson(bare);
    RegenerationReport r = service.regenerate("anna", "massage");
    assertThat(r.lessons().get(12).outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(llm.callCount()).isEqualTo(12);
  }

  @Test
  void save_validatesContentAndScope() {
    PersonalizationService service = service(new TemplateLlmProvider());
    Lesson first = lessons.get(0);
    assertThatThrownBy(() -> service.save(anna.id(), first.id(), PersonalizedContent.of("a", "", "c", "d", "e")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("content.why_watch");
    assertThatThrownBy(() -> service.save(UUID.randomUUID(), first.id(), Samples.validContent("x")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.save(anna.id(), UUID.randomUUID(), Samples.validContent("x")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.save(anna.id(), first.id(), null)).isInstanceOf(ValidationException.class);

    Course other = Samples.course(store, "taping");
    Lesson foreign = Samples.lessons(store, other).get(0);
    assertThatThrownBy(() -> service.save(anna.id(), foreign.id(), Samples.validContent("x")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("belongs to course 'taping'");
    assertThat(store.personalizations(anna.id())).isEmpty();

    Personalization saved = service.save(anna.id(), first.id(), Samples.validContent("x"));
    Personalization replaced = service.save(anna.id(), first.id(), Samples.validContent("y"));
    assertThat(replaced.id()).isEqualTo(saved.id());
    assertThat(service.delete(anna.id(), first.id())).isTrue();
    assertThat(service.delete(anna.id(), first.id())).isFalse();
  }

  @Test
  void unknownCourseOrLearner_isNotFound_andBlankArgumentsAreInvalid() {
    PersonalizationService service = service(new TemplateLlmProvider());
    assertThatThrownBy(() -> service.regenerate("anna", "nope")).isInstanceOf(NotFoundException.class)
        .hasMessage("no course 'nope'");
    assertThatThrownBy(() -> service.regenerate("nobody", "massage")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.regenerate(" ", "massage")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> service.regenerate(null, "massage")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> service.regenerateCourseAsync("nope", RegenerateOptions.defaults()))
        .isInstanceOf(NotFoundException.class);
    assertThat(service.personalizedCourse("nobody", "massage")).isEmpty();
    assertThatThrownBy(() -> service.regenerate("anna", "massage",
        RegenerateOptions.defaults().withPriorityLesson(UUID.randomUUID())))
        .isInstanceOf(ValidationException.class).hasMessageContaining("priorityLesson");
  }

  @Test
  void builder_requiresStoreAndProvider_andMatchingLanguages() {
    assertThatThrownBy(() -> PersonalizationService.builder().provider(new TemplateLlmProvider()).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("store");
    assertThatThrownBy(() -> PersonalizationService.builder().store(store).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("provider");
    assertThatThrownBy(() -> PersonalizationService.builder().store(store).provider(new TemplateLlmProvider())
        .contentRules(dev.persona.prompt.ContentRules.defaults(dev.persona.model.Language.ENGLISH)).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("contentRules.language");
    assertThatThrownBy(() -> PersonalizationService.builder().maxConcurrency(0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> PersonalizationService.builder().transcriptBudget(10)).isInstanceOf(ValidationException.class);
  }

  @Test
  void theEnglishPrompt_producesEnglishContent() {
    Course english = Course.of("neck-care", "Neck care");
    store.saveCourse(english);
    store.saveLesson(Lesson.of(english.id(), 1, "Finding trigger points")
        .withSummary("How to find and release trigger points in the neck."));
    Profile ann = store.saveProfile(Profile.of("ann", "neck-care", "Ann",
        Survey.builder().motivation("help_others").fears("harm_client").wowResult("my own practice").build()));
    PersonalizationService service = service(PersonalizationService.builder()
        .provider(new TemplateLlmProvider()).prompt(dev.persona.prompt.Prompt.english()));
    RegenerationReport r = service.regenerate("ann", "neck-care");
    assertThat(r.count(Outcome.GENERATED)).isEqualTo(1);
    PersonalizedContent c = store.personalizations(ann.id()).get(0).content();
    assertThat(c.quickAction()).startsWith("Right after watching");
    assertThat(c.whyWatch()).contains("\"Helping loved ones\"");
  }

  @Test
  void theEnglishPrompt_overARussianCourseAndRussianAnswers_writesEnglishAroundQuotedNames() {
    PersonalizationService service = service(PersonalizationService.builder()
        .provider(new TemplateLlmProvider()).prompt(dev.persona.prompt.Prompt.english()));
    RegenerationReport r = service.regenerate("anna", "massage");
    assertThat(r.count(Outcome.GENERATED)).as(r.lessons().toString()).isEqualTo(12);
    PersonalizedContent c = store.findPersonalization(anna.id(), lessons.get(2).id()).orElseThrow().content();
    assertThat(c.whyWatch()).contains("\"Диагностика клиента\"").startsWith("You want this result");
    assertThat(ContentValidator.inLanguage(c.whyWatch(), dev.persona.model.Language.ENGLISH)).isTrue();
    // quotes do not make Russian text pass as English
    assertThat(ContentValidator.inLanguage("Это урок \"Neck care\" про шею и плечи, смотрите его до конца.",
        dev.persona.model.Language.ENGLISH)).isFalse();
  }

  @Test
  void personalizedCourse_servesEveryLessonInOrder() {
    PersonalizationService service = service(new TemplateLlmProvider());
    service.personalizeLesson("anna", "massage", 2);
    PersonalizedCourse pc = service.personalizedCourse("anna", "massage").orElseThrow();
    assertThat(pc.lessons()).extracting(PersonalizedLesson::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(pc.personalizedCount()).isEqualTo(1);
    assertThat(pc.lessons().get(1).personalization()).isNotNull();
  }

  static dev.persona.llm.LlmResponse answer(dev.persona.llm.LlmRequest r, String marker) {
    return new dev.persona.llm.LlmResponse(Samples.validJson(marker), "scripted-model",
        new dev.persona.llm.TokenUsage(1000, 600, 200), dev.persona.llm.FinishReason.STOP);
  }
}

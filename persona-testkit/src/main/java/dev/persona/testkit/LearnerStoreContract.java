package dev.persona.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.ValidationException;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.JsonValue;
import dev.persona.model.Lesson;
import dev.persona.model.Personalization;
import dev.persona.model.PersonalizationStatus;
import dev.persona.model.PersonalizedContent;
import dev.persona.model.Profile;
import dev.persona.model.Provenance;
import dev.persona.model.Survey;
import dev.persona.store.ConcurrentUpdateException;
import dev.persona.store.LearnerSet;
import dev.persona.store.LearnerStore;
import dev.persona.store.MissingReferenceException;
import dev.persona.store.SetResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of a store's {@link LearnerStore}, as tests: profiles one per learner and course,
 * keyset paging, personalizations with their extra keys kept, and many learners' sets written
 * at once, each all or nothing. Subclass it and return a fresh, empty store from {@link
 * #newStore()}.
 */
public abstract class LearnerStoreContract extends StoreContractSupport {

  /** Creates the suite. */
  protected LearnerStoreContract() {}

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
  void userIdsThatLookAlikeAfterAnEncodingLoss_stayDifferentLearners_andLoneSurrogatesAreRefused() {
    course("a");
    Profile emoji = store().saveProfile(Profile.of("user😀", "a", "Анна 😀", Survey.builder().wowResult("🙂 клиенты").build()));
    Profile question = store().saveProfile(Profile.of("user?", "a", "Борис", Survey.empty()));
    assertThat(emoji.id()).isNotEqualTo(question.id());
    assertThat(store().findProfile("user😀", "a")).get().satisfies(p -> {
      assertThat(p.name()).isEqualTo("Анна 😀");
      assertThat(p.survey().wowResult()).isEqualTo("🙂 клиенты");
    });
    assertThat(store().findProfile("user?", "a")).get().extracting(Profile::name).isEqualTo("Борис");
    assertThatThrownBy(() -> store().saveProfile(Profile.of("user\ud83d", "a", null, Survey.empty())))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> store().findProfile("user\ud83d", "a")).as("a lookup cannot find user? either")
        .isInstanceOf(ValidationException.class);
    assertThat(store().profiles("a")).hasSize(2);
  }

  @Test
  void survey_roundTripsWithUnknownKeys() {
    course("a");
    Survey s = Survey.parse("""
        {"motivation":["extra_income","Хочу помогать людям"],"fears":"harm_client","target_clients":"офисные работники",
         "practice_model":"5 любовников","experience":"none","fears_other":"конкуренция","uid":"21179358",
         "nested":{"a":[1,2]}}""");
    Profile stored = store().saveProfile(Profile.of("u1", "a", null, s));
    assertThat(store().findProfile(stored.id())).get().extracting(Profile::survey).isEqualTo(s);
  }

  @Test
  void profiles_arePagedByUserIdentifier_withAKeyset() {
    Course a = course("a");
    Course b = course("b");
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      users.add(String.format("user-%02d", i));
    }
    List<String> shuffled = new ArrayList<>(users);
    java.util.Collections.reverse(shuffled);
    for (String u : shuffled) {
      profile(u, a);
    }
    profile("user-00", b);
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    while (true) {
      List<Profile> page = store().profiles("a", after, 10);
      pages++;
      page.forEach(p -> seen.add(p.userIdentifier()));
      if (page.size() < 10) {
        break;
      }
      after = page.get(page.size() - 1).userIdentifier();
    }
    assertThat(seen).containsExactlyElementsOf(users);
    assertThat(pages).isEqualTo(3);
    assertThat(store().countProfiles("a")).isEqualTo(25);
    assertThat(store().countProfiles("none")).isZero();
    assertThat(store().profiles("a", "user-24", 10)).isEmpty();
    assertThatThrownBy(() -> store().profiles("a", null, 0)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> store().profiles("a", null, LearnerStore.MAX_PAGE + 1)).isInstanceOf(ValidationException.class);
  }

  @Test
  void deleteProfile_cascadesToItsPersonalizationsOnly() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Profile q = profile("u2", a);
    store().savePersonalization(generated(p, l, "p"));
    store().savePersonalization(generated(q, l, "q"));
    assertThat(store().deleteProfile(p.id())).isTrue();
    assertThat(store().findProfile(p.id())).isEmpty();
    assertThat(store().personalizations(p.id())).isEmpty();
    assertThat(store().personalizations(q.id())).hasSize(1);
    assertThat(store().deleteProfile(p.id())).isFalse();
  }

  // ---- personalizations ----

  @Test
  void savePersonalization_insertThenReplace_keepsTheIdAndReplacesContent() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Personalization first = store().savePersonalization(generated(p, l, "one"));
    assertThat(first.updatedAt()).isNotNull();
    Personalization second = store().savePersonalization(generated(p, l, "two"));
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.updatedAt()).isAfter(first.updatedAt());
    assertThat(store().findPersonalization(p.id(), l.id())).get()
        .extracting(Personalization::content).isEqualTo(content("two"));
    assertThat(store().personalizations(p.id())).hasSize(1);
  }

  @Test
  void savePersonalization_unknownProfileOrLesson_throwsMissingReference() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Profile ghost = Profile.of("ghost", "a", null, Survey.empty());
    assertThatThrownBy(() -> store().savePersonalization(generated(ghost, l, "x")))
        .isInstanceOf(MissingReferenceException.class);
    Lesson ghostLesson = Lesson.of(a.id(), 99, "Призрак");
    assertThatThrownBy(() -> store().savePersonalization(generated(p, ghostLesson, "x")))
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
    store().savePersonalization(in);
    Personalization out = store().findPersonalization(p.id(), l.id()).orElseThrow();
    assertThat(out.content()).isEqualTo(c);
    assertThat(out.content().extras()).containsOnlyKeys("prev_lessons", "key_takeaways");
    assertThat(out.status()).isEqualTo(PersonalizationStatus.DEGRADED);
    assertThat(out.provenance()).isEqualTo(in.provenance());
  }

  @Test
  void editedPersonalization_hasNoProvenance_andRoundTrips() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    store().savePersonalization(Personalization.edited(p.id(), l.id(), content("e")));
    Personalization out = store().findPersonalization(p.id(), l.id()).orElseThrow();
    assertThat(out.status()).isEqualTo(PersonalizationStatus.EDITED);
    assertThat(out.provenance()).isNull();
  }

  @Test
  void savePersonalization_keepsTheStoredExtraKeys_andLaysItsOwnOverThem() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    store().savePersonalization(generated(p, l, withExtras(content("old"),
        Map.of("prev_lessons", JsonValue.parse("\"Урок 1\""), "badge", JsonValue.parse("{\"level\":1}")))));
    store().savePersonalization(Personalization.edited(p.id(), l.id(),
        withExtras(content("new"), Map.of("badge", JsonValue.parse("{\"level\":2}")))));
    PersonalizedContent stored = store().findPersonalization(p.id(), l.id()).orElseThrow().content();
    assertThat(stored.summaryShort()).isEqualTo("Кратко new");
    assertThat(stored.extras()).containsOnlyKeys("prev_lessons", "badge");
    assertThat(stored.extras().get("badge")).isEqualTo(JsonValue.parse("{\"level\":2}"));
  }

  @Test
  void replacePersonalization_replacesTheContentWhole_extraKeysIncluded() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Personalization first = store().savePersonalization(generated(p, l, withExtras(content("old"),
        Map.of("prev_lessons", JsonValue.parse("\"Урок 1\"")))));
    Personalization second = store().replacePersonalization(Personalization.edited(p.id(), l.id(), content("new")));
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(store().findPersonalization(p.id(), l.id()).orElseThrow().content()).isEqualTo(content("new"));
  }

  @Test
  void deletePersonalization_reportsWhetherItExisted() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    store().savePersonalization(generated(p, l, "x"));
    assertThat(store().deletePersonalization(p.id(), l.id())).isTrue();
    assertThat(store().deletePersonalization(p.id(), l.id())).isFalse();
    assertThat(store().findPersonalization(p.id(), l.id())).isEmpty();
  }

  // ---- learner sets ----

  @Test
  void saveLearnerSets_writesManyLearners_eachInItsOrder() {
    Course a = course("a");
    Lesson l1 = lesson(a, 1);
    Lesson l2 = lesson(a, 2);
    List<LearnerSet> sets = new ArrayList<>();
    List<Profile> learners = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Profile p = profile("u" + i, a);
      learners.add(p);
      sets.add(new LearnerSet(p.id(), p, List.of(generated(p, l2, "2-" + i), generated(p, l1, "1-" + i)), true));
    }
    List<SetResult> results = store().saveLearnerSets(sets);
    assertThat(results).hasSize(30).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(SetResult.Status.STORED);
      assertThat(r.personalizations()).extracting(Personalization::lessonId).containsExactly(l2.id(), l1.id());
      assertThat(r.personalizations()).allSatisfy(x -> assertThat(x.updatedAt()).isNotNull());
    });
    assertThat(results).extracting(SetResult::profileId).containsExactlyElementsOf(learners.stream().map(Profile::id).toList());
    assertThat(store().findPersonalization(learners.get(17).id(), l1.id())).get()
        .extracting(Personalization::content).isEqualTo(content("1-17"));
  }

  @Test
  void saveLearnerSets_aLearnerWhoseAnswersChanged_isSuperseded_andTheOthersAreStored() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile anna = profile("anna", a);
    Profile boris = profile("boris", a);
    store().savePersonalization(generated(anna, l, "anna-old"));
    store().saveProfile(anna.withSurvey(Survey.builder().motivation("hobby").build()));
    List<SetResult> results = store().saveLearnerSets(List.of(
        new LearnerSet(anna.id(), anna, List.of(generated(anna, l, "anna-new")), true),
        new LearnerSet(boris.id(), boris, List.of(generated(boris, l, "boris-new")), true)));
    assertThat(results).extracting(SetResult::status)
        .containsExactly(SetResult.Status.SUPERSEDED, SetResult.Status.STORED);
    assertThat(results.get(0).personalizations()).isEmpty();
    assertThat(store().findPersonalization(anna.id(), l.id())).get()
        .extracting(Personalization::content).isEqualTo(content("anna-old"));
    assertThat(store().findPersonalization(boris.id(), l.id())).get()
        .extracting(Personalization::content).isEqualTo(content("boris-new"));
  }

  @Test
  void saveLearnerSets_aMissingProfileOrLesson_writesNothingOfThatLearner() {
    Course a = course("a");
    Lesson l1 = lesson(a, 1);
    Lesson ghost = Lesson.of(a.id(), 50, "Призрак");
    Profile p = profile("u1", a);
    Profile q = profile("u2", a);
    Profile gone = Profile.of("gone", "a", null, Survey.empty());
    store().savePersonalization(generated(p, l1, "old"));
    List<SetResult> results = store().saveLearnerSets(List.of(
        new LearnerSet(p.id(), null, List.of(generated(p, l1, "new"), generated(p, ghost, "new")), false),
        new LearnerSet(gone.id(), null, List.of(generated(gone, l1, "x")), false),
        new LearnerSet(q.id(), null, List.of(generated(q, l1, "q")), false)));
    assertThat(results).extracting(SetResult::status).containsExactly(SetResult.Status.LESSON_MISSING,
        SetResult.Status.PROFILE_MISSING, SetResult.Status.STORED);
    assertThat(store().findPersonalization(p.id(), l1.id())).get()
        .extracting(Personalization::content).isEqualTo(content("old"));
    assertThat(store().findPersonalization(q.id(), l1.id())).isPresent();
  }

  @Test
  void saveLearnerSets_keepingEdited_leavesTheHostsEdits_andReturnsThem_unlessForced() {
    Course a = course("a");
    Lesson l1 = lesson(a, 1);
    Lesson l2 = lesson(a, 2);
    Profile p = profile("u1", a);
    Personalization edit = store().savePersonalization(Personalization.edited(p.id(), l1.id(), content("правка")));
    store().savePersonalization(generated(p, l2, "old"));

    List<Personalization> stored = store().saveLearnerSet(
        new LearnerSet(p.id(), p, List.of(generated(p, l1, "new"), generated(p, l2, "new")), true));
    assertThat(stored.get(0)).isEqualTo(edit);
    assertThat(stored.get(1).content()).isEqualTo(content("new"));
    assertThat(store().findPersonalization(p.id(), l1.id())).contains(edit);

    store().saveLearnerSet(new LearnerSet(p.id(), p, List.of(generated(p, l1, "forced")), false));
    assertThat(store().findPersonalization(p.id(), l1.id())).get().satisfies(x -> {
      assertThat(x.status()).isEqualTo(PersonalizationStatus.GENERATED);
      assertThat(x.content()).isEqualTo(content("forced"));
    });
  }

  @Test
  void saveLearnerSets_keepTheStoredExtraKeys_ofEveryRow() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    store().savePersonalization(generated(p, l, withExtras(content("old"),
        Map.of("prev_lessons", JsonValue.parse("\"Урок 1\"")))));
    store().saveLearnerSet(new LearnerSet(p.id(), p, List.of(generated(p, l, "regenerated")), true));
    PersonalizedContent stored = store().findPersonalization(p.id(), l.id()).orElseThrow().content();
    assertThat(stored.summaryShort()).isEqualTo("Кратко regenerated");
    assertThat(stored.extras()).containsOnlyKeys("prev_lessons");
  }

  @Test
  void saveLearnerSet_ofAChangedLearner_throwsConcurrentUpdate_andWritesNothing() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile before = profile("u1", a);
    store().saveProfile(before.withSurvey(Survey.builder().motivation("hobby").build()));
    assertThatThrownBy(() -> store().saveLearnerSet(new LearnerSet(before.id(), before,
        List.of(generated(before, l, "x")), true))).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store().personalizations(before.id())).isEmpty();
  }

  @Test
  void learnerSets_refuseItemsOfAnotherProfile_repeatedLessons_andRepeatedProfiles() {
    Course a = course("a");
    Lesson l = lesson(a, 1);
    Profile p = profile("u1", a);
    Profile q = profile("u2", a);
    assertThatThrownBy(() -> new LearnerSet(p.id(), null, List.of(generated(q, l, "x")), false))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> new LearnerSet(p.id(), null, List.of(generated(p, l, "x"), generated(p, l, "y")), false))
        .isInstanceOf(ValidationException.class);
    LearnerSet once = new LearnerSet(p.id(), null, List.of(generated(p, l, "x")), false);
    assertThatThrownBy(() -> store().saveLearnerSets(List.of(once, once))).isInstanceOf(ValidationException.class);
    assertThat(store().personalizations(p.id())).isEmpty();
  }

  /**
   * Content with extra keys.
   *
   * @param c the content
   * @param extras the extra keys
   * @return the content with them
   */
  protected static PersonalizedContent withExtras(PersonalizedContent c, Map<String, JsonValue> extras) {
    return new PersonalizedContent(c.summaryShort(), c.whyWatch(), c.quickAction(), c.socialShare(),
        c.homework20m(), extras);
  }
}

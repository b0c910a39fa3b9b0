package dev.persona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.LessonResult.Outcome;
import dev.persona.llm.ScriptedLlmProvider;
import dev.persona.llm.TokenUsage;
import dev.persona.model.Course;
import dev.persona.model.Personalization;
import dev.persona.model.Profile;
import dev.persona.model.Survey;
import dev.persona.store.InMemoryPersonaStore;
import dev.persona.store.LearnerSet;
import dev.persona.store.SetResult;
import dev.persona.template.TemplateLlmProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** LearnerBatches: several learners, one write, and a limit that stops a run without half-storing anyone. */
final class BatchRunTest {

  private final InMemoryPersonaStore memory = new InMemoryPersonaStore();
  private final List<Integer> writes = new ArrayList<>();
  private final DelegatingStore store = new DelegatingStore(memory) {
    @Override
    public List<SetResult> saveLearnerSets(List<LearnerSet> sets) {
      writes.add(sets.size());
      return super.saveLearnerSets(sets);
    }
  };

  private List<Profile> learners(int n) {
    Course course = Samples.course(memory, "massage");
    Samples.lessons(memory, course);
    List<Profile> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(memory.saveProfile(Profile.of("u" + i, "massage", "Ученик", Samples.survey())));
    }
    return out;
  }

  @Test
  void severalLearners_areGeneratedThroughTheEngine_andStoredInOneWrite() {
    List<Profile> ls = learners(5);
    ScriptedLlmProvider llm = ScriptedLlmProvider.create().otherwise(new TemplateLlmProvider()::complete);
    try (PersonalizationService service = PersonalizationService.builder().store(store).provider(llm).build()) {
      List<RegenerationReport> reports = service.learnerBatches().regenerate("massage",
          List.of("u0", "u1", "nobody", "u2", "u3", "u4"), RegenerateOptions.defaults(), RunLimit.NONE).join();
      assertThat(reports).extracting(RegenerationReport::userIdentifier).containsExactly("u0", "u1", "u2", "u3", "u4");
      assertThat(reports).allMatch(RegenerationReport::isComplete);
      assertThat(writes).containsExactly(5);
      ls.forEach(p -> assertThat(memory.personalizations(p.id())).hasSize(Samples.LESSONS.length));
      int calls = llm.requests().size();
      List<RegenerationReport> again = service.learnerBatches().regenerate("massage", List.of("u0", "u1"),
          RegenerateOptions.defaults(), RunLimit.NONE).join();
      assertThat(again).allSatisfy(r -> assertThat(r.count(Outcome.UNCHANGED)).isEqualTo(Samples.LESSONS.length));
      assertThat(llm.requests()).hasSize(calls);
    }
  }

  @Test
  void aLimitThatRefusesMidway_leavesEveryLearnerFullyOldOrFullyNew() {
    List<Profile> ls = learners(4);
    AtomicInteger answered = new AtomicInteger();
    AtomicLong tokens = new AtomicLong();
    RunLimit budget = new RunLimit() {
      @Override
      public String refusal() {
        return answered.get() >= 20 ? "budget reached" : null;
      }

      @Override
      public void spent(TokenUsage usage) {
        answered.incrementAndGet();
        tokens.addAndGet(usage.totalTokens());
      }
    };
    try (PersonalizationService service = PersonalizationService.builder().store(store)
        .provider(new TemplateLlmProvider()).maxConcurrency(2).build()) {
      List<RegenerationReport> reports = service.learnerBatches().regenerate("massage",
          ls.stream().map(Profile::userIdentifier).toList(), RegenerateOptions.defaults(), budget).join();
      assertThat(reports).anyMatch(r -> r.count(Outcome.NOT_SENT) > 0);
      for (Profile p : ls) {
        List<Personalization> stored = memory.personalizations(p.id());
        assertThat(stored.size()).as(p.userIdentifier()).isIn(0, Samples.LESSONS.length);
      }
      assertThat(answered.get()).isLessThanOrEqualTo(20 + 2); // at most the calls in flight when it refused
      assertThat(tokens.get()).isPositive();
    }
  }

  @Test
  void batchAnswers_areCheckedLikeAnyAnswer_andWhatIsMissingOrBadGoesTheSynchronousWay() {
    List<Profile> ls = learners(2);
    ScriptedLlmProvider sync = ScriptedLlmProvider.create().otherwise(new TemplateLlmProvider()::complete);
    try (PersonalizationService service = PersonalizationService.builder().store(store).provider(sync).build()) {
      List<LearnerBatches.LearnerRequests> perLearner = service.learnerBatches().requests("massage",
          List.of("u0", "u1"), false);
      assertThat(perLearner).extracting(LearnerBatches.LearnerRequests::userIdentifier).containsExactly("u0", "u1");
      List<dev.persona.llm.BatchRequest> requests = perLearner.stream().flatMap(l -> l.requests().stream()).toList();
      assertThat(requests).hasSize(2 * Samples.LESSONS.length);
      assertThat(requests).extracting(dev.persona.llm.BatchRequest::id).doesNotHaveDuplicates()
          .allMatch(id -> id.matches("[A-Za-z0-9_-]{1,64}"));
      dev.persona.llm.LlmBatchProvider batch = dev.persona.llm.LlmBatchProvider.inline(new TemplateLlmProvider());
      List<dev.persona.llm.BatchResult> results = new ArrayList<>(batch.results(batch.submit("k", requests)));
      // two unreadable answers, two missing, one failed: five lessons go the synchronous way
      results.set(0, dev.persona.llm.BatchResult.answered(results.get(0).id(),
          new dev.persona.llm.LlmResponse("not json at all", "m", TokenUsage.ZERO, dev.persona.llm.FinishReason.STOP)));
      results.set(13, dev.persona.llm.BatchResult.answered(results.get(13).id(),
          new dev.persona.llm.LlmResponse("{\"summary_short\":\"\"}", "m", TokenUsage.ZERO,
              dev.persona.llm.FinishReason.STOP)));
      results.set(5, dev.persona.llm.BatchResult.failed(results.get(5).id(),
          new dev.persona.llm.LlmException(dev.persona.llm.LlmException.Kind.TIMEOUT, "batch_expired")));
      results.remove(20);
      results.remove(7);
      List<RegenerationReport> reports = service.learnerBatches().regenerate("massage", List.of("u0", "u1"),
          RegenerateOptions.defaults(), RunLimit.NONE, results).join();
      assertThat(reports).allMatch(RegenerationReport::isComplete);
      assertThat(sync.requests()).as("one synchronous call for each of the five").hasSize(5);
      ls.forEach(p -> assertThat(memory.personalizations(p.id())).hasSize(Samples.LESSONS.length));
      assertThat(writes).containsExactly(2);
      assertThat(service.learnerBatches().requests("massage", List.of("u0", "u1"), false))
          .as("learners with nothing to generate are left out").isEmpty();
    }
  }

  @Test
  void batchAnswersAskedWithInputsThatChangedSince_areNotUsed() {
    learners(1);
    ScriptedLlmProvider sync = ScriptedLlmProvider.create().otherwise(new TemplateLlmProvider()::complete);
    try (PersonalizationService service = PersonalizationService.builder().store(store).provider(sync).build()) {
      List<dev.persona.llm.BatchRequest> requests = service.learnerBatches().requests("massage", List.of("u0"), false)
          .get(0).requests();
      dev.persona.llm.LlmBatchProvider batch = dev.persona.llm.LlmBatchProvider.inline(new TemplateLlmProvider());
      List<dev.persona.llm.BatchResult> results = batch.results(batch.submit("k", requests));
      memory.saveProfile(Profile.of("u0", "massage", "Другое имя", Samples.survey()));
      List<RegenerationReport> reports = service.learnerBatches().regenerate("massage", List.of("u0"),
          RegenerateOptions.defaults(), RunLimit.NONE, results).join();
      assertThat(reports.get(0).isComplete()).isTrue();
      assertThat(sync.requests()).as("every lesson asked again with today's name").hasSize(Samples.LESSONS.length);
    }
  }

  @Test
  void badArguments_areTypedErrors() {
    learners(1);
    try (PersonalizationService service = PersonalizationService.builder().store(store)
        .provider(new TemplateLlmProvider()).build()) {
      assertThatThrownBy(() -> service.learnerBatches().regenerate("nope", List.of("u0"), RegenerateOptions.defaults(),
          RunLimit.NONE)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> service.learnerBatches().regenerate("massage", java.util.Collections.nCopies(501, "u0"),
          RegenerateOptions.defaults(), RunLimit.NONE)).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> service.learnerBatches().regenerate("massage", List.of("u\ud800"), RegenerateOptions.defaults(),
          RunLimit.NONE)).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> service.learnerBatches().regenerate("massage", null, RegenerateOptions.defaults(), RunLimit.NONE))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> service.learnerBatches().requests("nope", List.of("u0"), false))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> service.learnerBatches().requests("massage", null, false))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> new LearnerBatches.LearnerRequests("u0", List.of())).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> new LearnerBatches.LearnerRequests(null, List.of())).isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> new LearnerBatches.LearnerRequests("u0", java.util.Arrays.asList(
          (dev.persona.llm.BatchRequest) null))).isInstanceOf(ValidationException.class);
    }
  }

  @Test
  void theDryRun_estimatesThePromptOfEveryLessonItWouldGenerate() {
    learners(1);
    try (PersonalizationService service = PersonalizationService.builder().store(store)
        .provider(new TemplateLlmProvider()).build()) {
      LearnerPlan plan = service.dryRun("u0", "massage", false);
      assertThat(plan.lessons()).allSatisfy(l -> assertThat(l.estimatedPromptTokens()).isGreaterThan(100));
      service.regenerate("u0", "massage");
      assertThat(service.dryRun("u0", "massage", false).lessons())
          .allSatisfy(l -> assertThat(l.estimatedPromptTokens()).isZero());
    }
  }
}

package dev.persona.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.llm.BatchHandle;
import dev.persona.llm.BatchRequest;
import dev.persona.llm.BatchResult;
import dev.persona.llm.BatchStatus;
import dev.persona.llm.LlmBatchProvider;
import dev.persona.llm.LlmException;
import dev.persona.llm.LlmMessage;
import dev.persona.llm.LlmRequest;
import dev.persona.llm.ResponseFormat;
import dev.persona.testkit.LlmBatchProviderContract;
import dev.persona.testkit.OpenAiCompatibleServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Batch API client over real HTTP against the testkit's loopback server. */
final class OpenAiBatchProviderTest {

  private OpenAiCompatibleServer server;
  private OpenAiBatchProvider batch;

  @BeforeEach
  void start() throws Exception {
    server = OpenAiCompatibleServer.start();
    server.answering(r -> "{\"echo\":" + r.messages().get(0).content().length() + "}");
    batch = OpenAiLlmProvider.builder().baseUrl(server.baseUrl()).apiKey("sk-test").model("gpt-test").buildBatch();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static List<BatchRequest> requests(int n) {
    List<BatchRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new BatchRequest("req-" + i, new LlmRequest(List.of(new LlmMessage(LlmMessage.Role.USER, "x".repeat(i + 1))),
          new ResponseFormat("answer", "{\"type\":\"object\"}", true), 0.2, 100, Duration.ofSeconds(30))));
    }
    return out;
  }

  private BatchStatus finish(BatchHandle h) {
    BatchStatus s = batch.status(h);
    for (int i = 0; i < 10 && !s.state().isFinal(); i++) {
      s = batch.status(h);
    }
    return s;
  }

  @Test
  void linesAreEncodedLikeSynchronousRequests_andAnswersComeBackOutOfOrder_byTheirIds() {
    BatchHandle h = batch.submit("k1", requests(5));
    assertThat(finish(h).state()).isEqualTo(BatchStatus.State.COMPLETED);
    Map<String, BatchResult> byId = batch.results(h).stream().collect(Collectors.toMap(BatchResult::id, Function.identity()));
    assertThat(byId).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(byId.get("req-" + i).response().text()).isEqualTo("{\"echo\":" + (i + 1) + "}");
      assertThat(byId.get("req-" + i).response().usage().promptTokens()).isEqualTo((i + 1) / 3);
    }
    assertThat(server.received()).extracting(OpenAiCompatibleServer.Received::path).contains("/v1/files", "/v1/batches");
    assertThat(server.received().stream().filter(r -> r.path().equals("/v1/files")))
        .allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer sk-test"));
  }

  @Test
  void malformedFailedAndExpiredLines_areErrorsOrAbsent_andTheBatchSaysExpired() {
    server.batches().malformedEvery(4).failEvery(5).expireEvery(7).outOfOrder(true);
    BatchHandle h = batch.submit("k2", requests(20));
    BatchStatus s = finish(h);
    assertThat(s.state()).isEqualTo(BatchStatus.State.EXPIRED);
    Map<String, BatchResult> byId = batch.results(h).stream().collect(Collectors.toMap(BatchResult::id, Function.identity()));
    // lines 4, 8, 12, 16, 20 are malformed... except those failed or expired first
    assertThat(byId).doesNotContainKeys("req-3", "req-7", "req-11", "req-15");
    assertThat(byId.get("req-4").error().kind()).isEqualTo(LlmException.Kind.UNAVAILABLE);  // line 5: a 500
    assertThat(byId.get("req-6").error().kind()).isEqualTo(LlmException.Kind.TIMEOUT);      // line 7: expired
    assertThat(byId.get("req-0").response()).isNotNull();
  }

  @Test
  void aWholeBatchFailingOnTheTokenLimit_isARateLimit_andAQuotaFailureIsQuota() {
    server.batches().failWholeBatch("token_limit_exceeded");
    BatchStatus s = finish(batch.submit("k3", requests(2)));
    assertThat(s.state()).isEqualTo(BatchStatus.State.FAILED);
    assertThat(s.error().kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
    server.batches().failWholeBatch("insufficient_quota");
    assertThat(finish(batch.submit("k4", requests(2))).error().kind()).isEqualTo(LlmException.Kind.QUOTA_EXHAUSTED);
  }

  @Test
  void cancel_stopsABatchInProgress() {
    server.batches().pollsBeforeDone(100);
    BatchHandle h = batch.submit("k5", requests(2));
    batch.cancel(h);
    assertThat(batch.status(h).state()).isEqualTo(BatchStatus.State.CANCELLED);
    assertThat(batch.toString()).doesNotContain("sk-test");
  }

  @Test
  void find_readsTheListPageByPage_backToSince_andNoFurther() {
    Instant before = Instant.now().minusSeconds(5);
    BatchHandle oldest = batch.submit("wanted", requests(1));
    for (int i = 0; i < 230; i++) {
      batch.submit("other-" + i, requests(1));
    }
    int listsBefore = lists();
    assertThat(batch.find("wanted", before)).contains(oldest); // the 231st newest: a third page
    assertThat(lists() - listsBefore).isEqualTo(3);
    listsBefore = lists();
    assertThat(batch.find("never-used", before)).isEmpty();
    assertThat(lists() - listsBefore).as("all three pages, then the list ends").isEqualTo(3);
    listsBefore = lists();
    assertThat(batch.find("wanted", Instant.now().plusSeconds(3600))).isEmpty();
    assertThat(lists() - listsBefore).as("the newest batch is older than since: one page").isEqualTo(1);
  }

  @Test
  void aCreateWhoseAnswerIsLost_failsAsUnavailable_andFindThenFindsTheBatch() {
    server.batches().loseNextCreateAnswers(1);
    Instant before = Instant.now().minusSeconds(5);
    assertThatThrownBy(() -> batch.submit("lost", requests(2))).isInstanceOf(LlmException.class)
        .extracting(e -> ((LlmException) e).kind()).isEqualTo(LlmException.Kind.UNAVAILABLE);
    assertThat(server.batchesCreated()).isEqualTo(1);
    BatchHandle found = batch.find("lost", before).orElseThrow();
    assertThat(finish(found).state()).isEqualTo(BatchStatus.State.COMPLETED);
  }

  private int lists() {
    return (int) server.received().stream().filter(r -> r.path().equals("/v1/batches") && !r.body().has("endpoint"))
        .count();
  }

  @Nested
  final class Contract extends LlmBatchProviderContract {
    @Override
    protected LlmBatchProvider provider() {
      return batch;
    }
  }

  @Test
  void theUploadedFileIsJsonl_withOneChatRequestPerLine() {
    BatchHandle h = batch.submit("k6-" + UUID.randomUUID(), requests(2));
    assertThat(h.id()).startsWith("batch_");
    JsonNode created = server.received().stream().filter(r -> r.path().equals("/v1/batches") && r.body().has("endpoint"))
        .findFirst().orElseThrow()
        .body();
    assertThat(created.path("endpoint").asText()).isEqualTo("/v1/chat/completions");
    assertThat(created.path("metadata").path("persona_key").asText()).startsWith("k6-");
  }
}

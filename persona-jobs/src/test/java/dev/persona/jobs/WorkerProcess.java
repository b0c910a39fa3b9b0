package dev.persona.jobs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.persona.PersonalizationService;
import dev.persona.llm.openai.OpenAiLlmProvider;
import java.time.Duration;

/**
 * A worker node in a JVM of its own, for {@link KilledNodeTest}: joins the cluster and works until
 * it is killed. Arguments: JDBC URL (with credentials), schema, node name, provider latency in ms,
 * and optionally the base URL of an OpenAI-compatible server to use for calls and batches instead
 * of the in-process template writer.
 */
public final class WorkerProcess {

  private WorkerProcess() {}

  /**
   * Runs the worker.
   *
   * @param args url, schema, node, latency
   * @throws InterruptedException never, in practice: the process is killed
   */
  public static void main(String[] args) throws InterruptedException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setMaximumPoolSize(8);
    HikariDataSource ds = new HikariDataSource(config);
    CourseRuns runs;
    if (args.length > 4) {
      OpenAiLlmProvider.Builder openai = OpenAiLlmProvider.builder().baseUrl(args[4]).apiKey("sk-test")
          .model("gpt-test");
      PersonalizationService service = JobsFixture.service(JobsFixture.store(ds, args[1]), openai.build());
      runs = JobsFixture.runs(ds, args[1], service, args[2]).batchProvider(openai.buildBatch())
          .batchPollInterval(Duration.ofMillis(200)).build();
    } else {
      PersonalizationService service = JobsFixture.service(JobsFixture.store(ds, args[1]),
          new JobsFixture.SlowTemplate(Long.parseLong(args[3])));
      runs = JobsFixture.runs(ds, args[1], service, args[2]).build();
    }
    runs.startWorker();
    System.out.println("worker " + args[2] + " ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

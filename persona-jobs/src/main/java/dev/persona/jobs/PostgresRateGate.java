package dev.persona.jobs;

import dev.persona.RateGate;
import dev.persona.ValidationException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RateGate} every node shares: token buckets (Bucket4j) whose state is a row in PostgreSQL
 * ({@code persona_rate_buckets}, from Persona's migrations), one for requests and one for tokens per
 * key (a provider and model, say). Each call start is one short transaction on that row. A provider's
 * retry-after pushes the request bucket into debt, which pauses every node.
 *
 * <pre>{@code
 * RateGate shared = PostgresRateGate.perMinute(dataSource, "persona", "openai:gpt-4o", 500, 10, 200_000);
 * PersonalizationService service = PersonalizationService.builder().rateGate(shared)...build();
 * }</pre>
 *
 * <p>A node never exceeds the limit by more than the burst; the buckets refill continuously. When the
 * database cannot be reached, the engine treats the gate's failure as "wait a second" and tries again.
 */
public final class PostgresRateGate implements RateGate {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:/-]{1,100}");

  private final BucketProxy requests;
  private final @Nullable BucketProxy tokens;
  private final long tokenCapacity;
  private final int requestsPerMinute;
  private final String key;

  private PostgresRateGate(BucketProxy requests, @Nullable BucketProxy tokens, long tokenCapacity,
      int requestsPerMinute, String key) {
    this.requests = requests;
    this.tokens = tokens;
    this.tokenCapacity = tokenCapacity;
    this.requestsPerMinute = requestsPerMinute;
    this.key = key;
  }

  /**
   * A shared gate: {@code requestsPerMinute} calls a minute (burst {@code burst}) and, when positive,
   * {@code tokensPerMinute} estimated tokens a minute, for every node that uses the same key.
   *
   * @param dataSource the database (migrated to V5 or later)
   * @param schema the schema Persona's tables are in
   * @param key what the limit is for, for example {@code openai:gpt-4o}; 1 to 100 of {@code A-Z a-z 0-9 . _ : / -}
   * @param requestsPerMinute calls a minute, positive
   * @param burst the request bucket's size, from 1 to {@code requestsPerMinute}
   * @param tokensPerMinute tokens a minute, 0 for no token limit
   * @return the gate
   * @throws ValidationException if a value is out of range
   */
  public static PostgresRateGate perMinute(DataSource dataSource, String schema, String key, int requestsPerMinute,
      int burst, long tokensPerMinute) {
    if (dataSource == null || schema == null || !schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw ValidationException.of("schema", "a data source and a lower-case schema name are required");
    }
    if (key == null || !KEY.matcher(key).matches()) {
      throw ValidationException.of("key", "must be 1 to 100 of A-Z a-z 0-9 . _ : / -");
    }
    if (requestsPerMinute < 1 || burst < 1 || burst > requestsPerMinute || tokensPerMinute < 0) {
      throw ValidationException.of("limits", "need requestsPerMinute >= 1, 1 <= burst <= requestsPerMinute, "
          + "tokensPerMinute >= 0");
    }
    PostgreSQLSelectForUpdateBasedProxyManager<String> manager = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .primaryKeyMapper(PrimaryKeyMapper.STRING)
        .table(schema + ".persona_rate_buckets")
        .idColumn("id")
        .stateColumn("state")
        .build();
    // the refill is smooth: requestsPerMinute a minute, at most burst at once
    BucketConfiguration rq = BucketConfiguration.builder()
        .addLimit(l -> l.capacity(burst).refillGreedy(requestsPerMinute, Duration.ofMinutes(1)))
        .build();
    BucketProxy requests = manager.builder()
        .withImplicitConfigurationReplacement(version(requestsPerMinute, burst), TokensInheritanceStrategy.AS_IS)
        .build("requests:" + key, () -> rq);
    BucketProxy tokens = null;
    if (tokensPerMinute > 0) {
      BucketConfiguration tq = BucketConfiguration.builder()
          .addLimit(l -> l.capacity(tokensPerMinute).refillGreedy(tokensPerMinute, Duration.ofMinutes(1)))
          .build();
      tokens = manager.builder()
          .withImplicitConfigurationReplacement(version(tokensPerMinute, tokensPerMinute), TokensInheritanceStrategy.AS_IS)
          .build("tokens:" + key, () -> tq);
    }
    return new PostgresRateGate(requests, tokens, tokensPerMinute, requestsPerMinute, key);
  }

  private static long version(long rate, long capacity) {
    return Objects.hash(rate, capacity) & 0x7fffffffL;
  }

  @Override
  public Duration tryAcquire(long estimatedTokens) {
    ConsumptionProbe r = requests.tryConsumeAndReturnRemaining(1);
    if (!r.isConsumed()) {
      return Duration.ofNanos(Math.max(1, r.getNanosToWaitForRefill()));
    }
    BucketProxy t = tokens;
    if (t != null) {
      ConsumptionProbe p = t.tryConsumeAndReturnRemaining(Math.max(1, Math.min(estimatedTokens, tokenCapacity)));
      if (!p.isConsumed()) {
        requests.addTokens(1); // nothing was started: give the request back
        return Duration.ofNanos(Math.max(1, p.getNanosToWaitForRefill()));
      }
    }
    return Duration.ZERO;
  }

  @Override
  public void pause(Duration retryAfter) {
    if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
      return;
    }
    // empty the bucket and go into debt for retryAfter's worth of refill: every node waits it out
    long debt = Math.max(1, retryAfter.toNanos() * requestsPerMinute / Duration.ofMinutes(1).toNanos());
    requests.consumeIgnoringRateLimits(requests.getAvailableTokens() + debt);
  }

  @Override
  public void settle(long estimatedTokens, long actualTokens) {
    BucketProxy t = tokens;
    if (t == null || actualTokens <= 0) {
      return;
    }
    long charged = Math.max(1, Math.min(estimatedTokens, tokenCapacity));
    if (actualTokens > charged) {
      t.consumeIgnoringRateLimits(actualTokens - charged);
    } else if (actualTokens < charged) {
      t.addTokens(charged - actualTokens);
    }
  }

  @Override
  public String toString() {
    return "PostgresRateGate[" + key + ", " + requestsPerMinute + "/min]";
  }
}

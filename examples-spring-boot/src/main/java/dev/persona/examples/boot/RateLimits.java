package dev.persona.examples.boot;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a learner, a client address), refilled smoothly. The map is bounded: when
 * it grows past {@code maxKeys}, buckets that are full again (idle keys) are dropped; a key that is
 * being limited keeps its bucket, so dropping never lifts a limit.
 */
final class RateLimits {

  private final int perMinute;
  private final int maxKeys;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimits(int perMinute, int maxKeys) {
    this.perMinute = perMinute;
    this.maxKeys = maxKeys;
  }

  /** Takes one token for the key, or throws 429 with how long to wait. */
  void take(String key) {
    if (buckets.size() > maxKeys) {
      buckets.values().removeIf(b -> b.getAvailableTokens() >= perMinute);
    }
    Bucket bucket = buckets.computeIfAbsent(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw ApiException.tooManyRequests(Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds()));
    }
  }
}

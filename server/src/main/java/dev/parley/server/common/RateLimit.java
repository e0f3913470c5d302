package dev.parley.server.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * A token bucket per key (a user, a network): a burst, then so many per period. The buckets live in a bounded cache
 * and are forgotten once idle for longer than a full refill, so a flood of keys cannot exhaust memory (a forgotten
 * bucket was full anyway). Per node, like every limit: N nodes allow N times as much.
 *
 * @param <K> what is limited
 */
public final class RateLimit<K> {

    private static final int MAX_KEYS = 100_000;
    /** Kept at least this long (a bucket made again for every request of a slow, steady caller is waste). */
    private static final Duration MIN_IDLE = Duration.ofMinutes(1);

    private final Cache<K, Bucket> buckets;
    private final Bandwidth bandwidth;
    private final String refusal;

    /**
     * {@code burst} at once, refilled at {@code refill} per {@code period}; {@code refusal} tells a refused caller
     * what the limit is (it is sent to them as the error's message, with the wait as its retry hint).
     */
    public RateLimit(int burst, int refill, Duration period, String refusal) {
        this.bandwidth = Bandwidth.builder().capacity(burst).refillGreedy(refill, period).build();
        this.refusal = refusal;
        Duration fullRefill = period.multipliedBy(Math.max(1, (burst + refill - 1) / refill));
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_KEYS)
                .expireAfterAccess(fullRefill.compareTo(MIN_IDLE) < 0 ? MIN_IDLE : fullRefill).build();
    }

    /** Takes one token of {@code key}'s bucket, or refuses with 429 {@code rate_limited} and how long to wait. */
    public void acquire(K key) {
        ConsumptionProbe probe = buckets.get(key, k -> Bucket.builder().addLimit(bandwidth).build())
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiException.rateLimited(refusal, Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}

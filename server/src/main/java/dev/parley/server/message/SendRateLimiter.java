package dev.parley.server.message;

import dev.parley.server.common.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-user token bucket for sends, shared by REST and WebSocket: a burst, then a sustained rate. */
public final class SendRateLimiter {

    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();
    private final int burst;
    private final int perSecond;

    public SendRateLimiter(int burst, int perSecond) {
        this.burst = burst;
        this.perSecond = perSecond;
    }

    void acquire(long userId) {
        Bucket bucket = buckets.computeIfAbsent(userId, id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiException.rateLimited("sending too fast: at most " + perSecond + " messages per second",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}

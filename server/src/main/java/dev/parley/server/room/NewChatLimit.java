package dev.parley.server.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.server.common.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * How many new chats one user may start: a token bucket per user, refilled over an hour, in a bounded cache (a
 * spammer opening a chat with everyone is slowed down; opening an existing chat costs nothing). Per node.
 */
public final class NewChatLimit {

    private final Cache<Long, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    private final int perHour;

    public NewChatLimit(int perHour) {
        this.perHour = perHour;
    }

    public void acquire(long userId) {
        Bucket bucket = buckets.get(userId, id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiException.rateLimited("too many new chats: at most " + perHour + " an hour",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}

package dev.parley.server.attachment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.server.common.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one user may make a node do with uploads: a token bucket of uploads per minute (in a bounded cache) and a
 * number of uploads in progress at once (each holds a spool file and a thread). Per node, like every limit.
 */
final class UploadLimits {

    /** The settings: {@code burst} uploads, then {@code perMinute}; at most {@code concurrent} at once per user. */
    record Settings(int burst, int perMinute, int concurrent) {
    }

    private final Cache<Long, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    /** Uploads in progress per user; an entry exists only while one does. */
    private final Map<Long, Integer> inProgress = new ConcurrentHashMap<>();
    private final Settings settings;

    UploadLimits(Settings settings) {
        this.settings = settings;
    }

    /** An upload in progress; closing it gives its slot back. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes one upload of the rate and one slot; the returned handle gives the slot back. 429 when neither is free. */
    Slot begin(long userId) {
        Bucket bucket = buckets.get(userId, id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(settings.burst())
                        .refillGreedy(settings.perMinute(), Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiException.rateLimited("uploading too fast: at most " + settings.perMinute() + " files a minute",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        int now = inProgress.merge(userId, 1, Integer::sum);
        if (now > settings.concurrent()) {
            end(userId);
            throw ApiException.rateLimited("at most " + settings.concurrent() + " uploads at once",
                    Duration.ofSeconds(1));
        }
        return () -> end(userId);
    }

    private void end(long userId) {
        inProgress.computeIfPresent(userId, (id, n) -> n <= 1 ? null : n - 1);
    }
}

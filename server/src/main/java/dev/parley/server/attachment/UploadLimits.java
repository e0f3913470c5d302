package dev.parley.server.attachment;

import dev.parley.server.common.ApiException;
import dev.parley.server.common.RateLimit;
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

    private final RateLimit<Long> rate;
    /** Uploads in progress per user; an entry exists only while one does. */
    private final Map<Long, Integer> inProgress = new ConcurrentHashMap<>();
    private final Settings settings;

    UploadLimits(Settings settings) {
        this.settings = settings;
        this.rate = new RateLimit<>(settings.burst(), settings.perMinute(), Duration.ofMinutes(1),
                "uploading too fast: at most " + settings.perMinute() + " files a minute");
    }

    /** An upload in progress; closing it gives its slot back. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes one upload of the rate and one slot; the returned handle gives the slot back. 429 when neither is free. */
    Slot begin(long userId) {
        rate.acquire(userId);
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

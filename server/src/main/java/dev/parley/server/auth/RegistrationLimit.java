package dev.parley.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.ClientAddress;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * How many accounts one network may create: a token bucket per client address, refilled over an hour, IPv6
 * addresses grouped by their /64 (one subscriber's prefix, where every device picks its own address). The buckets
 * live in a bounded cache, so a flood of addresses cannot exhaust memory. Per node: N nodes allow N times the limit.
 */
public final class RegistrationLimit {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();
    private final int perHour;

    /** At most {@code perHour} registrations per address (or /64) per hour, all of them at once if need be. */
    public RegistrationLimit(int perHour) {
        this.perHour = perHour;
    }

    void acquire(String address) {
        Bucket bucket = buckets.get(ClientAddress.network(address), key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)).build())
                .build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiException.rateLimited("too many new accounts from your network: try again later",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}

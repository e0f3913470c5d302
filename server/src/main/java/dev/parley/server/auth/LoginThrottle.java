package dev.parley.server.auth;

import dev.parley.server.common.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: each failed login costs a token from the username's bucket and from the
 * client address's bucket; while either is empty, logins for it are refused with 429.
 */
public final class LoginThrottle {

    /** Beyond this many tracked keys the maps are cleared, so that a flood of names cannot exhaust memory. */
    private static final int MAX_KEYS = 100_000;

    private final Map<String, Bucket> byUser = new ConcurrentHashMap<>();
    private final Map<String, Bucket> byAddress = new ConcurrentHashMap<>();
    private final int perUser;
    private final int perAddress;

    /** Allows {@code perUser} failures per username and {@code perAddress} per address, refilled every minute. */
    public LoginThrottle(int perUser, int perAddress) {
        this.perUser = perUser;
        this.perAddress = perAddress;
    }

    void check(String username, String address) {
        if (empty(byUser.get(username)) || empty(byAddress.get(address))) {
            throw ApiException.rateLimited("too many failed logins, try again in a minute");
        }
    }

    void failed(String username, String address) {
        bucket(byUser, username, perUser).tryConsume(1);
        bucket(byAddress, address, perAddress).tryConsume(1);
    }

    private static boolean empty(Bucket bucket) {
        return bucket != null && bucket.getAvailableTokens() < 1;
    }

    private static Bucket bucket(Map<String, Bucket> buckets, String key, int capacity) {
        if (buckets.size() > MAX_KEYS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, Duration.ofMinutes(1)).build())
                .build());
    }
}

package dev.parley.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.ClientAddress;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows password guessing down without locking anyone out.
 * <ul>
 *   <li>Every sign-in attempt takes a token, <em>before</em> the password is checked (so concurrent guesses cannot
 *   slip through), from the bucket of its (username, network) pair and from the bucket of its network (an IPv4
 *   address or an IPv6 /64); a successful sign-in gives them back. An empty bucket answers 429 with Retry-After.</li>
 *   <li>Failures also count per account, from any network, and make each later check of that account wait longer
 *   (after three failures 250 ms, doubling up to 4 s) instead of refusing it: someone guessing from elsewhere can
 *   slow the owner down a little but never lock them out.</li>
 * </ul>
 * All state lives in bounded caches that forget idle keys. The counters are per node: N nodes allow N times as many
 * guesses, each still slowed down by its own account delay.
 */
public final class LoginThrottle {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration FAILURES_REMEMBERED = Duration.ofMinutes(15);
    private static final int FREE_FAILURES = 3;
    private static final Duration FIRST_DELAY = Duration.ofMillis(250);
    private static final Duration MAX_DELAY = Duration.ofSeconds(4);

    /** One attempt in progress: tell the throttle how it ended. */
    interface Attempt {
        void succeeded();

        void failed();
    }

    private final Cache<String, Bucket> byUserAndNetwork = bounded();
    private final Cache<String, Bucket> byNetwork = bounded();
    private final Cache<String, AtomicInteger> failuresByUser = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(FAILURES_REMEMBERED)
            .build();
    private final int perUserAndNetwork;
    private final int perNetwork;

    /** Allows {@code perUserAndNetwork} attempts per username and network and {@code perNetwork} per network a minute. */
    public LoginThrottle(int perUserAndNetwork, int perNetwork) {
        this.perUserAndNetwork = perUserAndNetwork;
        this.perNetwork = perNetwork;
    }

    /**
     * Takes this attempt's tokens or refuses it (429). {@code username} is a name an account could have, or null (then
     * only the network pays).
     */
    Attempt begin(String username, String address) {
        String network = ClientAddress.network(address);
        Bucket networkBucket = byNetwork.get(network, key -> bucket(perNetwork));
        Bucket pairBucket = username == null ? null
                : byUserAndNetwork.get(username + "\n" + network, key -> bucket(perUserAndNetwork));
        ConsumptionProbe fromNetwork = networkBucket.tryConsumeAndReturnRemaining(1);
        if (!fromNetwork.isConsumed()) {
            throw refused(fromNetwork);
        }
        if (pairBucket != null) {
            ConsumptionProbe fromPair = pairBucket.tryConsumeAndReturnRemaining(1);
            if (!fromPair.isConsumed()) {
                networkBucket.addTokens(1);
                throw refused(fromPair);
            }
        }
        return new Attempt() {
            @Override
            public void succeeded() {
                networkBucket.addTokens(1);
                if (pairBucket != null) {
                    pairBucket.addTokens(1);
                    failuresByUser.invalidate(username);
                }
            }

            @Override
            public void failed() {
                if (username != null) {
                    failuresByUser.get(username, key -> new AtomicInteger()).incrementAndGet();
                }
            }
        };
    }

    /** How long a check of this account waits because of recent failures (zero for the first few). */
    Duration delayFor(String username) {
        AtomicInteger failures = username == null ? null : failuresByUser.getIfPresent(username);
        int beyond = failures == null ? 0 : failures.get() - FREE_FAILURES;
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(beyond - 1, 10));
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    private static ApiException refused(ConsumptionProbe probe) {
        return ApiException.rateLimited("too many sign-in attempts: try again in a minute",
                Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private static Bucket bucket(int capacity) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, WINDOW).build())
                .build();
    }

    private static Cache<String, Bucket> bounded() {
        return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(WINDOW.multipliedBy(2)).build();
    }
}

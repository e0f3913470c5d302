package dev.parley.server.auth;

import dev.parley.server.common.ClientAddress;
import dev.parley.server.common.RateLimit;
import java.time.Duration;

/**
 * How many accounts one network may create, refilled over an hour, IPv6 addresses grouped by their /64 (one
 * subscriber's prefix, where every device picks its own address). Per node: N nodes allow N times the limit.
 */
public final class RegistrationLimit {

    private final RateLimit<String> limit;

    /** At most {@code perHour} registrations per address (or /64) per hour, all of them at once if need be. */
    public RegistrationLimit(int perHour) {
        this.limit = new RateLimit<>(perHour, perHour, Duration.ofHours(1),
                "too many new accounts from your network: try again later");
    }

    void acquire(String address) {
        limit.acquire(ClientAddress.network(address));
    }
}

package dev.parley.server.message;

import dev.parley.server.common.RateLimit;
import java.time.Duration;

/** Per-user limit on sends, shared by REST and WebSocket: a burst, then a sustained rate. */
public final class SendRateLimiter {

    private final RateLimit<Long> limit;

    public SendRateLimiter(int burst, int perSecond) {
        this.limit = new RateLimit<>(burst, perSecond, Duration.ofSeconds(1),
                "sending too fast: at most " + perSecond + " messages per second");
    }

    void acquire(long userId) {
        limit.acquire(userId);
    }
}

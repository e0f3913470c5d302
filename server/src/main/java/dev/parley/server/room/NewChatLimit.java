package dev.parley.server.room;

import dev.parley.server.common.RateLimit;
import java.time.Duration;

/**
 * How many new chats one user may start, refilled over an hour (a spammer opening a chat with everyone is slowed
 * down; opening an existing chat costs nothing). Per node.
 */
public final class NewChatLimit {

    private final RateLimit<Long> limit;

    public NewChatLimit(int perHour) {
        this.limit = new RateLimit<>(perHour, perHour, Duration.ofHours(1),
                "too many new chats: at most " + perHour + " an hour");
    }

    public void acquire(long userId) {
        limit.acquire(userId);
    }
}

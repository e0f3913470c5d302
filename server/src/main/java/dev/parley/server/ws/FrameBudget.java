package dev.parley.server.ws;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;

/**
 * How many frames of any type one connection may send: a burst, then a sustained rate (a token bucket per
 * connection). A frame over the budget is refused with {@code rate_limited} and changes nothing, so no stream of
 * {@code typing}, {@code read}, {@code sync} or {@code ping} frames can occupy the node.
 */
public record FrameBudget(int burst, int perSecond) {

    Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build();
    }
}

package dev.parley.desktop.net;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with "equal jitter": half of the current step plus a random part of the other half,
 * so a server restart is not met by every client at the same instant. Not thread-safe.
 */
public final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the step up to the cap. */
    public Duration next() {
        long step = Math.min(capMillis, baseMillis << Math.min(attempt, 20));
        attempt++;
        long half = step / 2;
        return Duration.ofMillis(half + random.nextLong(half + 1));
    }

    /** After a successful connection the next drop starts from the base again. */
    public void reset() {
        attempt = 0;
    }
}

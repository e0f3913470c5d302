package dev.parley.desktop.net;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with "equal jitter": half of the current step plus a random part of the other half,
 * so a server restart is not met by every client at the same instant; never sooner than a wait the server asked for
 * (plus jitter). Not thread-safe.
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

    /**
     * The delay before the next attempt when the server asked for at least {@code retryAfter} (a 503's
     * {@code Retry-After}, a 1013 close's {@code retry_after_ms}): that wait plus up to a quarter of it again, so that the
     * clients it turned away do not all come back in the same instant, or the backoff when that is longer.
     */
    public Duration next(Duration retryAfter) {
        Duration backoff = next();
        long hint = retryAfter.toMillis();
        if (hint <= 0) {
            return backoff;
        }
        Duration asked = Duration.ofMillis(hint + random.nextLong(hint / 4 + 1));
        return asked.compareTo(backoff) > 0 ? asked : backoff;
    }

    /** After a successful connection the next drop starts from the base again. */
    public void reset() {
        attempt = 0;
    }
}

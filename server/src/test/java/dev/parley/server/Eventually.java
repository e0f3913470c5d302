package dev.parley.server;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A bounded wait for a condition that no event announces (an HTTP status, a row): checks it until a deadline. */
public final class Eventually {

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails with {@code description} after {@code timeout}. */
    public static void await(Duration timeout, String description, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + description);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}

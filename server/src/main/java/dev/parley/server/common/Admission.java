package dev.parley.server.common;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * At most so many of one kind of work at once on a node (WebSocket handshakes, sync reads), for work that a crowd
 * asks for all at once: every client of a restarted node reconnects and syncs in the same seconds. What does not fit
 * is refused at once ({@link #tryEnter}) or after a bounded wait ({@link #enter}), with a hint of when to come back
 * ({@link #retryAfter}) that spreads the refused over the time this node needs to take them. A permit never closed
 * (a handshake whose socket vanished between its two halves) is taken back after {@code maxHold}.
 */
public final class Admission {

    /**
     * {@code atOnce} permits; one is taken back if still held after {@code maxHold}; refused callers are told to wait
     * between {@code minRetry} and {@code maxRetry}.
     */
    public record Settings(int atOnce, Duration maxHold, Duration minRetry, Duration maxRetry) {
        public Settings {
            if (atOnce < 1) {
                throw new IllegalArgumentException("at least one at once, not " + atOnce);
            }
        }
    }

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The mean hold assumed before any permit was closed. */
    private static final double INITIAL_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Weight of each closed permit in the moving average of hold times. */
    private static final double HOLD_WEIGHT = 0.02;

    private final Settings settings;
    private final Semaphore slots;
    /** Permits in the order they were taken (the oldest first), closed or not: closed ones leave as they reach the head. */
    private final ConcurrentLinkedQueue<Permit> taken = new ConcurrentLinkedQueue<>();
    private final LongAdder admitted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder reclaimed = new LongAdder();
    /** How long a permit was held lately (a moving average; guarded by this): the pace of the turns follows it. */
    private double meanHoldNanos = INITIAL_HOLD_NANOS;
    private volatile long lastRefusal = System.nanoTime() - 2 * WINDOW_NANOS;
    /** The next turn {@link #retryAfter} hands out (nanoTime); guarded by this. */
    private long nextTurn = System.nanoTime();

    public Admission(Settings settings) {
        this.settings = settings;
        this.slots = new Semaphore(settings.atOnce(), true);
    }

    /** A permit if one is free now; empty (a refusal, counted) otherwise. */
    public Optional<Permit> tryEnter() {
        reclaimExpired();
        if (slots.tryAcquire()) {
            return Optional.of(admit());
        }
        refuse();
        return Optional.empty();
    }

    /**
     * A permit as soon as one is free, waiting at most until {@code deadlineNanos} ({@link System#nanoTime}); past it,
     * a refusal: 503 {@code unavailable} with the hint as its retry-after.
     */
    public Permit enter(long deadlineNanos) {
        reclaimExpired();
        try {
            long wait = deadlineNanos - System.nanoTime();
            if (slots.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                return admit();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        refuse();
        throw ApiException.unavailable("this server is busy: try again in a moment", retryAfter());
    }

    /**
     * How long a refused caller should wait: the next free turn of a schedule that hands out turns at the pace this
     * node can take the work ({@code atOnce} over the mean time a permit is held lately: Little's law), so that a
     * crowd comes back spread out at the pace it can be served, neither all together nor leaving the node idle. At
     * least {@code minRetry}; past {@code maxRetry} the schedule is full and the wait is a random time between half
     * of it and all of it.
     */
    public Duration retryAfter() {
        long now = System.nanoTime();
        long min = settings.minRetry().toNanos();
        long max = settings.maxRetry().toNanos();
        long wait;
        synchronized (this) {
            double perSecond = settings.atOnce() * 1e9 / meanHoldNanos;
            long turn = Math.max(nextTurn, now + min);
            if (turn - now <= max) {
                nextTurn = turn + (long) (1e9 / perSecond);
                wait = turn - now;
            } else {
                wait = Math.max(min, max / 2 + ThreadLocalRandom.current().nextLong(max / 2 + 1));
            }
        }
        return Duration.ofMillis(wait / 1_000_000);
    }

    /** Whether this refused someone within the last second: the node is shedding this kind of work now. */
    public boolean shedding() {
        return System.nanoTime() - lastRefusal < WINDOW_NANOS;
    }

    /** Counts since start, and the permits held now: for the operators' health details. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("admitted", admitted.sum());
        counts.put("refused", refused.sum());
        counts.put("reclaimed", reclaimed.sum());
        counts.put("in-progress", (long) (settings.atOnce() - slots.availablePermits()));
        return counts;
    }

    private Permit admit() {
        Permit permit = new Permit();
        taken.add(permit);
        admitted.increment();
        return permit;
    }

    /**
     * Counts a refusal its holder made after entering (the work could not be done now, e.g. no database connection in
     * time): the node is shedding this work, as if the bound had been reached.
     */
    public void shed() {
        refuse();
    }

    private void refuse() {
        refused.increment();
        lastRefusal = System.nanoTime();
    }

    private void finished(long heldNanos) {
        synchronized (this) {
            meanHoldNanos += HOLD_WEIGHT * (Math.max(1, heldNanos) - meanHoldNanos);
        }
    }

    /** Closes permits held past maxHold (their holder is gone) and drops closed ones from the head of the queue. */
    private void reclaimExpired() {
        long now = System.nanoTime();
        Permit head;
        while ((head = taken.peek()) != null) {
            if (head.open.get() && now - head.since < settings.maxHold().toNanos()) {
                return;
            }
            if (taken.remove(head) && head.open.compareAndSet(true, false)) {
                reclaimed.increment();
                slots.release();
            }
        }
    }

    /** The right to do one piece of the work; close it when done (closing twice is harmless). */
    public final class Permit implements AutoCloseable {
        private final long since = System.nanoTime();
        private final AtomicBoolean open = new AtomicBoolean(true);

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                slots.release();
                finished(System.nanoTime() - since);
            }
        }
    }
}

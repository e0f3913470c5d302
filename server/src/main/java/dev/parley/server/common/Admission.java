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

    private final Settings settings;
    private final Semaphore slots;
    /** Permits in the order they were taken (the oldest first), closed or not: closed ones leave as they reach the head. */
    private final ConcurrentLinkedQueue<Permit> taken = new ConcurrentLinkedQueue<>();
    private final LongAdder admitted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder reclaimed = new LongAdder();
    // One-second windows of finished and refused work: their ratio is how many seconds of work wait outside.
    private long windowStart = System.nanoTime();
    private int finishedNow;
    private int refusedNow;
    private int finishedBefore;
    private int refusedBefore;
    private volatile long lastRefusal = System.nanoTime() - 2 * WINDOW_NANOS;

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
     * How long a refused caller should wait: at least {@code minRetry}, plus a random share of the seconds of work that
     * wait outside (refusals per second over work finished per second), at most {@code maxRetry}; random, so that the
     * refused come back spread out instead of together.
     */
    public Duration retryAfter() {
        double backlogSeconds;
        synchronized (this) {
            roll(System.nanoTime());
            int waiting = Math.max(refusedNow, refusedBefore);
            int throughput = Math.max(1, Math.max(finishedNow, finishedBefore));
            backlogSeconds = (double) waiting / throughput;
        }
        long min = settings.minRetry().toMillis();
        long spread = Math.min(settings.maxRetry().toMillis() - min, Math.round(backlogSeconds * 1000));
        return Duration.ofMillis(min + (spread > 0 ? ThreadLocalRandom.current().nextLong(spread + 1) : 0));
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

    private void refuse() {
        refused.increment();
        lastRefusal = System.nanoTime();
        synchronized (this) {
            roll(lastRefusal);
            refusedNow++;
        }
    }

    private void finished() {
        synchronized (this) {
            roll(System.nanoTime());
            finishedNow++;
        }
    }

    /** Starts a new window when the current one is a second old (an empty previous one when two are). */
    private void roll(long now) {
        long age = now - windowStart;
        if (age < WINDOW_NANOS) {
            return;
        }
        boolean adjacent = age < 2 * WINDOW_NANOS;
        finishedBefore = adjacent ? finishedNow : 0;
        refusedBefore = adjacent ? refusedNow : 0;
        finishedNow = 0;
        refusedNow = 0;
        windowStart = now;
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
                finished();
            }
        }
    }
}

package dev.parley.server.common;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every background loop of a node (the message writer, the delivery recorder, the ticks, the pings, the
 * heartbeat, the cluster bus, the periodic catch-up) does with a failed iteration: it survives it, whatever was
 * thrown (an {@link Error} too: a loop that stopped would leave sends queueing forever while health says UP), logs
 * the first failure of each kind per loop as a warning with its stack (later ones of that kind at debug level, so a
 * failing database does not flood the log) and counts it ({@link #failures}, reported by the health check).
 */
public final class Loops {

    private static final System.Logger LOG = System.getLogger(Loops.class.getName());
    /** Failures per loop name. */
    private static final Map<String, LongAdder> FAILURES = new ConcurrentHashMap<>();
    /** "loop/throwable class" already logged as a warning. */
    private static final Map<String, Boolean> LOGGED = new ConcurrentHashMap<>();

    private Loops() {
    }

    /** Records a failed iteration of {@code loop} (log once per kind, count always); the loop then goes on. */
    public static void failed(String loop, Throwable failure) {
        FAILURES.computeIfAbsent(loop, name -> new LongAdder()).increment();
        String kind = loop + "/" + failure.getClass().getName();
        if (LOGGED.putIfAbsent(kind, Boolean.TRUE) == null) {
            LOG.log(Level.WARNING, loop + " failed (it goes on; further " + failure.getClass().getSimpleName()
                    + "s are logged at debug level): " + failure, failure);
        } else {
            LOG.log(Level.DEBUG, () -> loop + " failed again: " + failure);
        }
    }

    /** How many iterations of {@code loop} failed since the process started. */
    public static long failures(String loop) {
        LongAdder count = FAILURES.get(loop);
        return count == null ? 0 : count.sum();
    }

    /** Failed iterations per loop (loops that never failed are absent). */
    public static Map<String, Long> failures() {
        Map<String, Long> all = new java.util.TreeMap<>();
        FAILURES.forEach((loop, count) -> all.put(loop, count.sum()));
        return all;
    }

    /** {@code task} made safe for a scheduler, which would otherwise cancel every later run after one throw. */
    public static Runnable guarded(String loop, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable failure) { // NOPMD: surviving anything is the point (see the class comment)
                failed(loop, failure);
            }
        };
    }

    /**
     * Runs {@code task} every {@code every} (after the previous run ended) on a daemon platform thread of its own
     * until the returned handle is closed; a run that throws anything is recorded and the next run comes anyway.
     */
    public static AutoCloseable periodically(String loop, Runnable task, Duration every) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("parley-" + loop).factory());
        scheduler.scheduleWithFixedDelay(guarded(loop, task), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }
}

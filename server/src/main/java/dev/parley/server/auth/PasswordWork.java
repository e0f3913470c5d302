package dev.parley.server.auth;

import dev.parley.server.common.ApiException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where password hashing runs: a few platform threads (fewer than the cores) with a bounded queue. Argon2id costs
 * ~30 ms of CPU and 19 MiB per call; on the requests' virtual threads a few dozen sign-ups a second occupied every
 * carrier thread, and acks, deliveries and pongs of everyone waited behind them. Here a flood of sign-ups and
 * sign-ins waits for its own threads, and what does not fit in the queue is refused at once with 429 and a
 * {@code Retry-After}, never queued without bound. Each thread also rests after a hash in proportion to the time it
 * took, so that hashing takes at most a share of its thread's time ({@code cpuShare}): on a machine of two cores one
 * hashing thread busy without a break still took a whole core from chat (p99 delivery 8 times its quiet value).
 */
public final class PasswordWork implements AutoCloseable {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    /** Per hashing thread: until when it rests before its next hash (System.nanoTime). */
    private static final ThreadLocal<long[]> REST_UNTIL = ThreadLocal.withInitial(() -> new long[1]);

    private final ThreadPoolExecutor pool;
    /** Rest per nanosecond of hashing: (1 - share) / share. */
    private final double restPerWork;

    /**
     * {@code threads} hashing threads, at most {@code queue} waiting calls, each thread hashing at most
     * {@code cpuShare} (0 < share <= 1) of its time.
     */
    public PasswordWork(int threads, int queue, double cpuShare) {
        if (!(cpuShare > 0 && cpuShare <= 1)) {
            throw new IllegalArgumentException("hash CPU share must be in (0, 1]: " + cpuShare);
        }
        this.restPerWork = (1 - cpuShare) / cpuShare;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().daemon().name("parley-password-", 0).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs a hash on this pool thread after its rest from the last one (the caller waits in the queue meanwhile). */
    private <T> Callable<T> paced(Callable<T> work) {
        return () -> {
            long[] restUntil = REST_UNTIL.get();
            long rest = restUntil[0] - System.nanoTime();
            if (rest > 0) {
                TimeUnit.NANOSECONDS.sleep(rest);
            }
            long start = System.nanoTime();
            try {
                return work.call();
            } finally {
                long end = System.nanoTime();
                restUntil[0] = end + (long) ((end - start) * restPerWork);
            }
        };
    }

    /** The default size: one thread fewer than the cores (at least one), so hashing never takes the whole machine. */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    String hash(String password) {
        return run(() -> PasswordHasher.hash(password));
    }

    boolean verify(String password, String hash) {
        return run(() -> PasswordHasher.verify(password, hash));
    }

    boolean verifyAgainstDummy(String password) {
        return run(() -> PasswordHasher.verifyAgainstDummy(password));
    }

    private <T> T run(Callable<T> work) {
        Future<T> result;
        try {
            result = pool.submit(paced(work));
        } catch (RejectedExecutionException e) {
            throw ApiException.rateLimited("too many sign-ups and sign-ins at once: try again in a moment",
                    RETRY_AFTER);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a password", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

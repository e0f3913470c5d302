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
 * {@code Retry-After}, never queued without bound.
 */
public final class PasswordWork implements AutoCloseable {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private final ThreadPoolExecutor pool;

    /** {@code threads} hashing threads and at most {@code queue} waiting calls. */
    public PasswordWork(int threads, int queue) {
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().daemon().name("parley-password-", 0).factory(),
                new ThreadPoolExecutor.AbortPolicy());
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
            result = pool.submit(work);
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

package dev.parley.desktop.chat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The FX thread of a ViewModel test against a real node: the answers that network threads hand to {@code fx} queue
 * here and run on the test's own thread while it waits, so ViewModels stay confined to one thread as in the app.
 * Waits are bounded.
 */
final class TestThread implements Executor {

    static final long WAIT_SECONDS = 20;

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs what arrives until {@code condition} holds; fails after {@value #WAIT_SECONDS} seconds. */
    void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Runnable task = tasks.poll(left, TimeUnit.NANOSECONDS);
                if (task != null) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Runs what has arrived so far. */
    void runPending() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
        }
    }
}

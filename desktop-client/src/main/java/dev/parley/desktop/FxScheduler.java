package dev.parley.desktop;

import dev.parley.desktop.common.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** The app's {@link Scheduler}: one daemon timer thread whose tasks hop to the FX thread. */
final class FxScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("parley-timer").factory());

    /**
     * Runs {@code task} on the FX thread after {@code delay}; once closed, nothing more is timed (a task already
     * handed to the FX thread may still ask, as the send pacing's refill does: it is not an error).
     */
    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future;
        try {
            future = timer.schedule(() -> Platform.runLater(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return () -> { };
        }
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

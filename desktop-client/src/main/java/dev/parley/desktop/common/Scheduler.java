package dev.parley.desktop.common;

import java.time.Duration;

/**
 * Runs a task on the FX thread after a delay (the typing indicator's timeout, a reconnect countdown).
 * The app uses a timer thread that hops to the FX thread; ViewModel tests use a manual one.
 */
@FunctionalInterface
public interface Scheduler {

    /** A scheduled task that has not run yet can be cancelled. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(Duration delay, Runnable task);
}

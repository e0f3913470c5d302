package dev.parley.server.attachment;

import dev.parley.server.common.Loops;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The periodic removal of uploads never sent and of attachments of deleted messages ({@link AttachmentService#cleanUp}),
 * every {@code every} on a thread of its own (a failed round is recorded by {@link Loops} and the next one comes), and
 * soon after a message with attachments is deleted ({@link #soon}). Several nodes may run it at once: each row is
 * taken by one of them.
 */
public final class AttachmentCleanup implements AutoCloseable {

    static final String LOOP = "attachment-cleanup";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("parley-" + LOOP).factory());
    private final Runnable round;
    private final AtomicBoolean queued = new AtomicBoolean();

    public AttachmentCleanup(AttachmentService attachments, Duration every) {
        this.round = Loops.guarded(LOOP, attachments::cleanUp);
        scheduler.scheduleWithFixedDelay(round, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a round now (once, however often it is asked before it starts). */
    public void soon() {
        if (queued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    queued.set(false);
                    round.run();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                queued.set(false); // the node is stopping: the next start's rounds remove them
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

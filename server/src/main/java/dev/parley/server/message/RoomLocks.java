package dev.parley.server.message;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The per-room locks that extend the database's commit order to delivery, and the one place their policy is kept.
 * PostgreSQL's row lock on the room orders commits; these locks make "commit, then deliver" one step per room, so
 * every connection of this node receives a room's messages in seq order:
 * <ul>
 *   <li>the message writer holds the locks of a batch's rooms from before its commit until after its fan-out, taking
 *   them through {@link #lockAll} (ascending stripe order: the only holder of several);</li>
 *   <li>everyone else (deliveries of other nodes' messages, catch-up, following a room) holds one at
 *   a time, through {@link #withLock};</li>
 *   <li>nobody takes one while holding a database connection, so the writer, which takes a connection under them,
 *   cannot deadlock with the pool.</li>
 * </ul>
 * Striped: rooms share 512 locks by id. Every wait for them is bounded ({@code maxWait}, longer than a database call
 * may take under them): a room whose holder is stuck answers {@code unavailable} (nothing was changed) instead of
 * piling up everyone who needs it.
 */
final class RoomLocks {

    /** Locks held together; closing releases them in reverse order. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final ReentrantLock[] stripes = new ReentrantLock[512];
    private final long maxWaitNanos;

    RoomLocks(java.time.Duration maxWait) {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Runs {@code action} holding the lock of one room; {@code unavailable} when it stays taken past the bound. */
    <T> T withLock(long roomId, Supplier<T> action) {
        ReentrantLock lock = stripes[index(roomId)];
        acquire(lock, System.nanoTime() + maxWaitNanos);
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static void acquire(ReentrantLock lock, long deadline) {
        try {
            if (!lock.tryLock(deadline - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    private static dev.parley.server.common.ApiException busy() {
        return dev.parley.server.common.ApiException.unavailable(
                "this chat is busy (the database is slow to answer); nothing was changed, try again");
    }

    /** Runs {@code action} holding the lock of one room. */
    void withLock(long roomId, Runnable action) {
        withLock(roomId, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Takes the locks of several rooms, each stripe once, in ascending order (the writer's batches); none is kept when
     * one stays taken past the bound ({@code unavailable}).
     */
    Held lockAll(Collection<Long> roomIds) {
        List<ReentrantLock> locks = roomIds.stream().mapToInt(this::index).distinct().sorted()
                .mapToObj(i -> stripes[i]).toList();
        long deadline = System.nanoTime() + maxWaitNanos;
        for (int taken = 0; taken < locks.size(); taken++) {
            try {
                acquire(locks.get(taken), deadline);
            } catch (RuntimeException e) {
                for (int i = taken - 1; i >= 0; i--) {
                    locks.get(i).unlock();
                }
                throw e;
            }
        }
        return () -> {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        };
    }

    private int index(long roomId) {
        return (int) Math.floorMod(roomId, (long) stripes.length);
    }
}

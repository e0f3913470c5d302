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
 * Striped: rooms share 512 locks by id.
 */
final class RoomLocks {

    /** Locks held together; closing releases them in reverse order. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final ReentrantLock[] stripes = new ReentrantLock[512];

    RoomLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Runs {@code action} holding the lock of one room. */
    <T> T withLock(long roomId, Supplier<T> action) {
        ReentrantLock lock = stripes[index(roomId)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} holding the lock of one room. */
    void withLock(long roomId, Runnable action) {
        withLock(roomId, () -> {
            action.run();
            return null;
        });
    }

    /** Takes the locks of several rooms, each stripe once, in ascending order (the writer's batches). */
    Held lockAll(Collection<Long> roomIds) {
        List<ReentrantLock> locks = roomIds.stream().mapToInt(this::index).distinct().sorted()
                .mapToObj(i -> stripes[i]).toList();
        locks.forEach(ReentrantLock::lock);
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

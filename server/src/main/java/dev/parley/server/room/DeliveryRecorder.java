package dev.parley.server.room;

import dev.parley.server.common.Loops;
import dev.parley.server.db.MemberLocks;
import dev.parley.server.db.Pipelines;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Coalesces "delivered" watermarks: connections report what they wrote, and every few milliseconds one statement
 * moves all watermarks that went up (a burst of fifty messages to one member is one row, not fifty updates).
 * Moved watermarks are handed on for receipt frames. It also moves, silently, the watermarks of senders past their
 * own messages when the message writer found their member row busy. A failed flush keeps nothing: the next
 * delivery, read or send moves the watermark again.
 *
 * <p>Plain JDBC: DbClient cannot bind the arrays that make the whole flush one statement.
 */
final class DeliveryRecorder implements AutoCloseable {

    /** A member's delivered watermark in a room. */
    record Watermark(long roomId, long userId, long seq) {
    }

    /**
     * Moves every watermark of the flush in one statement, each member row once: a row updated twice in one
     * transaction makes PostgreSQL re-check its foreign keys, which takes KEY SHARE on the room row, which the message
     * writer locks (a deadlock, seen in PostgreSQL's log). {@code delivered} comes from connections and is announced
     * when it moves the watermark; {@code own} is the member's own message (read and delivered), never announced.
     * The rows are locked (in the global order) by the statement before, so {@code old_delivered} is current.
     */
    private static final String ADVANCE = """
            UPDATE room_members m SET delivered_seq = GREATEST(m.delivered_seq, v.delivered, v.own),
                                      read_seq = GREATEST(m.read_seq, v.own)
            FROM (SELECT k.*, c.delivered_seq AS old_delivered
                  FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS k (room_id, user_id, delivered, own)
                  JOIN room_members c ON c.room_id = k.room_id AND c.user_id = k.user_id) v
            WHERE m.room_id = v.room_id AND m.user_id = v.user_id
              AND (m.delivered_seq < GREATEST(v.delivered, v.own) OR m.read_seq < v.own)
            RETURNING m.room_id, m.user_id, m.delivered_seq, v.delivered > v.old_delivered AS announced""";

    private record Key(long roomId, long userId) {
    }

    private final Map<Key, Long> pending = new ConcurrentHashMap<>();
    private final Map<Key, Long> own = new ConcurrentHashMap<>();
    private final Map<Key, Long> pendingInGroups = new ConcurrentHashMap<>();
    static final int GROUP_EVERY = 5;
    private int flushes;
    private final DataSource pool;
    private final Consumer<List<Watermark>> moved;
    private final Duration every;
    private final Thread flusher;
    private volatile boolean running = true;

    /** {@code moved} receives the watermarks each flush moved (and announces), together. */
    DeliveryRecorder(DataSource pool, Duration every, Consumer<List<Watermark>> moved) {
        this.pool = pool;
        this.every = every;
        this.moved = moved;
        this.flusher = Thread.ofVirtual().name("parley-delivery-recorder").start(this::run);
    }

    void record(long roomId, long userId, long seq) {
        pending.merge(new Key(roomId, userId), seq, Math::max);
    }

    /**
     * As {@link #record}, for a group: stored every {@link #GROUP_EVERY} flushes only. Every member's row moves for
     * every message of a group (a hundred row updates per message in a group of a hundred), and all a group's
     * watermarks feed are its ticks, recomputed at that pace anyway; waiting coalesces several messages per row.
     */
    void recordInGroup(long roomId, long userId, long seq) {
        pendingInGroups.merge(new Key(roomId, userId), seq, Math::max);
    }

    /** The member sent the message {@code seq}: their read and delivered watermarks go up to it, unannounced. */
    void recordOwn(long roomId, long userId, long seq) {
        own.merge(new Key(roomId, userId), seq, Math::max);
    }

    private void run() {
        while (running) {
            java.util.concurrent.locks.LockSupport.parkNanos(every.toNanos()); // close() unparks it
            if (!running) {
                return; // close() flushes what is left, once this thread is done
            }
            try {
                flush(false);
            } catch (Throwable e) { // NOPMD: the recorder must outlive anything one flush throws (Loops)
                Loops.failed("delivery-recorder", e);
            }
        }
    }

    private void flush(boolean everything) throws SQLException {
        boolean groupsToo = ++flushes % GROUP_EVERY == 0 || everything;
        if (pending.isEmpty() && own.isEmpty() && (!groupsToo || pendingInGroups.isEmpty())) {
            return;
        }
        // One entry per member row: what was delivered to it and what its member sent.
        Map<Key, long[]> rows = new HashMap<>(); // any order: the lock statement sorts the rows it locks
        take(pending).forEach((key, seq) -> rows.computeIfAbsent(key, k -> new long[2])[0] = seq);
        if (groupsToo) {
            take(pendingInGroups).forEach((key, seq) -> rows.computeIfAbsent(key, k -> new long[2])[0] = seq);
        }
        take(own).forEach((key, seq) -> rows.computeIfAbsent(key, k -> new long[2])[1] = seq);
        List<Object> roomIds = new ArrayList<>(rows.size());
        List<Object> userIds = new ArrayList<>(rows.size());
        List<Object> delivered = new ArrayList<>(rows.size());
        List<Object> ownSeqs = new ArrayList<>(rows.size());
        rows.forEach((key, seqs) -> {
            roomIds.add(key.roomId());
            userIds.add(key.userId());
            delivered.add(seqs[0]);
            ownSeqs.add(seqs[1]);
        });
        List<Watermark> advanced = new ArrayList<>();
        // Lock in the global row order (the recorders of all nodes agree on it), then move: one round trip.
        try (Connection db = pool.getConnection();
             PreparedStatement pipeline = db.prepareStatement(MemberLocks.SQL + ";\n" + ADVANCE)) {
            MemberLocks.bind(db, pipeline, 1, roomIds, userIds);
            pipeline.setArray(3, db.createArrayOf("bigint", roomIds.toArray()));
            pipeline.setArray(4, db.createArrayOf("bigint", userIds.toArray()));
            pipeline.setArray(5, db.createArrayOf("bigint", delivered.toArray()));
            pipeline.setArray(6, db.createArrayOf("bigint", ownSeqs.toArray()));
            try (ResultSet moved = Pipelines.lastResultSet(pipeline, 2)) {
                while (moved.next()) {
                    if (moved.getBoolean(4)) {
                        advanced.add(new Watermark(moved.getLong(1), moved.getLong(2), moved.getLong(3)));
                    }
                }
            }
        }
        if (!advanced.isEmpty()) {
            moved.accept(advanced);
        }
    }

    /** Removes what the map holds now (more may arrive meanwhile: it waits for the next flush). */
    private static Map<Key, Long> take(Map<Key, Long> watermarks) {
        Map<Key, Long> taken = new HashMap<>();
        for (Key key : List.copyOf(watermarks.keySet())) {
            Long seq = watermarks.remove(key);
            if (seq != null) {
                taken.put(key, seq);
            }
        }
        return taken;
    }

    @Override
    public void close() {
        running = false;
        // Not interrupted: a flush in progress (JDBC I/O) would lose its connection. It ends, then the rest is stored.
        java.util.concurrent.locks.LockSupport.unpark(flusher);
        try {
            flusher.join(java.time.Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush(true);
        } catch (SQLException | RuntimeException e) {
            Loops.failed("delivery-recorder", e);
        }
    }
}

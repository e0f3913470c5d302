package dev.parley.server.room;

import dev.parley.server.db.MemberLocks;
import dev.parley.server.db.Pipelines;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Coalesces "delivered" watermarks: connections report what they wrote, and every few milliseconds one statement
 * moves all watermarks that went up (a burst of fifty messages to one member is one row, not fifty updates).
 * Moved watermarks are handed on for receipt frames. A failed flush keeps nothing: the next delivery or read moves
 * the watermark again.
 *
 * <p>Plain JDBC: DbClient cannot bind the arrays that make the whole flush one statement.
 */
final class DeliveryRecorder implements AutoCloseable {

    /** A member's delivered watermark in a room. */
    record Watermark(long roomId, long userId, long seq) {
    }

    private static final System.Logger LOG = System.getLogger(DeliveryRecorder.class.getName());

    /** Senders' own watermarks that the message writer found busy: moved silently (not announced). */
    private static final String ADVANCE_OWN = """
            UPDATE room_members m SET read_seq = GREATEST(m.read_seq, v.seq),
                                      delivered_seq = GREATEST(m.delivered_seq, v.seq)
            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v (room_id, user_id, seq)
            WHERE m.room_id = v.room_id AND m.user_id = v.user_id""";

    private static final String ADVANCE = """
            UPDATE room_members m SET delivered_seq = v.seq
            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS v (room_id, user_id, seq)
            WHERE m.room_id = v.room_id AND m.user_id = v.user_id AND m.delivered_seq < v.seq
            RETURNING m.room_id, m.user_id, m.delivered_seq""";

    private record Key(long roomId, long userId) {
    }

    private final Map<Key, Long> pending = new ConcurrentHashMap<>();
    private final Map<Key, Long> own = new ConcurrentHashMap<>();
    private final DataSource pool;
    private final Consumer<Watermark> moved;
    private final Duration every;
    private final Thread flusher;
    private volatile boolean running = true;

    DeliveryRecorder(DataSource pool, Duration every, Consumer<Watermark> moved) {
        this.pool = pool;
        this.every = every;
        this.moved = moved;
        this.flusher = Thread.ofVirtual().name("parley-delivery-recorder").start(this::run);
    }

    void record(long roomId, long userId, long seq) {
        pending.merge(new Key(roomId, userId), seq, Math::max);
    }

    /** The member sent the message {@code seq}: their read and delivered watermarks go up to it, unannounced. */
    void recordOwn(long roomId, long userId, long seq) {
        own.merge(new Key(roomId, userId), seq, Math::max);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(every);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "Delivery receipts not stored: " + e.getMessage());
            }
        }
    }

    private void flush() throws SQLException {
        if (pending.isEmpty() && own.isEmpty()) {
            return;
        }
        Columns delivered = take(pending);
        Columns ownMessages = take(own);
        List<Object> lockRooms = new ArrayList<>(delivered.rooms);
        lockRooms.addAll(ownMessages.rooms);
        List<Object> lockUsers = new ArrayList<>(delivered.users);
        lockUsers.addAll(ownMessages.users);
        List<Watermark> advanced = new ArrayList<>();
        // Lock in the global row order, move the senders' own watermarks, then the delivered ones: one round trip.
        try (Connection db = pool.getConnection();
             PreparedStatement pipeline = db.prepareStatement(
                     MemberLocks.SQL + ";\n" + ADVANCE_OWN + ";\n" + ADVANCE)) {
            MemberLocks.bind(db, pipeline, 1, lockRooms, lockUsers);
            ownMessages.bind(db, pipeline, 3);
            delivered.bind(db, pipeline, 6);
            try (ResultSet rows = Pipelines.lastResultSet(pipeline, 3)) {
                while (rows.next()) {
                    advanced.add(new Watermark(rows.getLong(1), rows.getLong(2), rows.getLong(3)));
                }
            }
        }
        advanced.forEach(moved);
    }

    /** Parallel arrays of room ids, user ids and seqs for one {@code unnest}. */
    private record Columns(List<Object> rooms, List<Object> users, List<Object> seqs) {
        void bind(Connection db, PreparedStatement statement, int first) throws SQLException {
            statement.setArray(first, db.createArrayOf("bigint", rooms.toArray()));
            statement.setArray(first + 1, db.createArrayOf("bigint", users.toArray()));
            statement.setArray(first + 2, db.createArrayOf("bigint", seqs.toArray()));
        }
    }

    /** Removes what the map holds now (more may arrive meanwhile: it waits for the next flush). */
    private static Columns take(Map<Key, Long> watermarks) {
        Columns columns = new Columns(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Key key : List.copyOf(watermarks.keySet())) {
            Long seq = watermarks.remove(key);
            if (seq != null) {
                columns.rooms().add(key.roomId());
                columns.users().add(key.userId());
                columns.seqs().add(seq);
            }
        }
        return columns;
    }

    @Override
    public void close() {
        running = false;
        flusher.interrupt();
    }
}

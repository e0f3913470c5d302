package dev.parley.server.message;

import dev.parley.protocol.MessageView;
import dev.parley.server.auth.AuthUser;
import dev.parley.server.common.ApiException;
import dev.parley.server.db.MemberLocks;
import dev.parley.server.realtime.Connection;
import dev.parley.server.room.RoomRef;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Group commit: sends from every connection of this node queue here, and one writer commits whatever has
 * accumulated (up to {@link #MAX_BATCH}) in a single transaction: rooms locked in id order (no deadlocks between
 * nodes), one multi-row insert that numbers each room's messages from the room's counter in arrival order, the
 * senders' watermarks moved, one commit. Only then are the senders' futures completed, so every ack follows its
 * commit. A resent client_id finds its original; a batch that still hits a duplicate falls back to one message
 * per transaction.
 *
 * <p>Plain JDBC: DbClient cannot bind the array parameters that make the batch one statement.
 */
final class MessageWriter implements AutoCloseable {

    static final int MAX_BATCH = 256;
    private static final System.Logger LOG = System.getLogger(MessageWriter.class.getName());

    /** A send waiting for its commit. */
    record Pending(AuthUser user, RoomRef room, String content, String clientId, Connection origin,
                   CompletableFuture<Committed> result) {
    }

    /** The stored message; {@code created} is false for a resend of a known client_id (null view: a conflict). */
    record Committed(Pending pending, MessageView view, boolean created) {
    }

    private static final String LOCK_ROOMS = "SELECT id FROM rooms WHERE id = ANY (?) ORDER BY id FOR UPDATE";


    private static final String FIND_RESENT = """
            SELECT m.sender_id, m.client_id, m.room_id, m.message_uuid, m.content, m.created_at, m.seq
            FROM messages m JOIN unnest(?::bigint[], ?::text[]) AS k (sender_id, client_id)
              ON m.sender_id = k.sender_id AND m.client_id = k.client_id""";

    private static final String INSERT_BATCH = """
            WITH input AS (
              SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::int[])
                AS t (room_id, message_uuid, sender_id, content, client_id, ord)),
            counts AS (SELECT room_id, count(*) AS n FROM input GROUP BY room_id),
            bumped AS (
              UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = now()
              FROM counts c WHERE r.id = c.room_id
              RETURNING r.id, r.last_seq - c.n AS base),
            numbered AS (
              SELECT i.*, b.base + row_number() OVER (PARTITION BY i.room_id ORDER BY i.ord) AS seq
              FROM input i JOIN bumped b ON b.id = i.room_id),
            inserted AS (
              INSERT INTO messages (message_uuid, room_id, seq, sender_id, content, client_id)
              SELECT message_uuid, room_id, seq, sender_id, content, client_id FROM numbered
              RETURNING message_uuid, seq, created_at),
            watermarks AS (
              UPDATE room_members m SET read_seq = GREATEST(m.read_seq, w.seq),
                                        delivered_seq = GREATEST(m.delivered_seq, w.seq)
              FROM (SELECT room_id, sender_id, max(seq) AS seq FROM numbered GROUP BY room_id, sender_id) w
              WHERE m.room_id = w.room_id AND m.user_id = w.sender_id)
            SELECT message_uuid, seq, created_at FROM inserted""";

    private final DataSource pool;
    private final Consumer<List<Committed>> committed;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    /** {@code committed} receives each committed batch in commit order, on the writer thread. */
    MessageWriter(DataSource pool, Consumer<List<Committed>> committed) {
        this.pool = pool;
        this.committed = committed;
        this.writer = Thread.ofVirtual().name("parley-message-writer").start(this::run);
    }

    /** Queues a send; the future completes after the commit (or with the database's failure). */
    CompletableFuture<Committed> submit(AuthUser user, RoomRef room, String content, String clientId, Connection origin) {
        CompletableFuture<Committed> result = new CompletableFuture<>();
        queue.add(new Pending(user, room, content, clientId, origin, result));
        return result;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                List<Committed> done = commitBatch(batch);
                // Committed: say so first, whatever happens to the fan-out (the catch-up repairs a failed one).
                done.forEach(c -> c.pending().result().complete(c));
                try {
                    committed.accept(done);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Fan-out of a committed batch failed: " + e.getMessage());
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | SQLException e) {
                for (Pending pending : batch) {
                    pending.result().completeExceptionally(e);
                }
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("No database connection: node stopping"));
        }
    }

    private List<Committed> commitBatch(List<Pending> batch) throws SQLException {
        try {
            return withRetries(batch);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState()) || batch.size() == 1) {
                throw e;
            }
            // Another node stored one of these client_ids meanwhile: commit them one by one instead; a failure
            // is then that message's own.
            List<Committed> done = new ArrayList<>();
            for (Pending pending : batch) {
                try {
                    done.addAll(withRetries(List.of(pending)));
                } catch (SQLException | RuntimeException single) {
                    pending.result().completeExceptionally(single);
                }
            }
            return done;
        }
    }

    /** Runs the transaction again when PostgreSQL aborted it as a deadlock victim or a serialization failure. */
    private List<Committed> withRetries(List<Pending> batch) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneTransaction(batch);
            } catch (SQLException e) {
                boolean transientFailure = "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
                if (!transientFailure || attempt == 3) {
                    throw e;
                }
                LOG.log(Level.DEBUG, "Retrying a batch after " + e.getSQLState());
            }
        }
    }

    private List<Committed> inOneTransaction(List<Pending> batch) throws SQLException {
        try (java.sql.Connection db = pool.getConnection()) {
            db.setAutoCommit(false);
            try {
                lockRooms(db, batch);
                lockSenders(db, batch);
                Map<String, Committed> resent = findResent(db, batch);
                List<Pending> fresh = new ArrayList<>();
                Map<String, Pending> firstOfKey = new HashMap<>();
                for (Pending pending : batch) {
                    String key = key(pending);
                    if (key != null && resent.containsKey(key) && resent.get(key).view() == null) {
                        continue; // a conflict: reported below, nothing stored
                    }
                    if (key != null && (resent.containsKey(key) || firstOfKey.containsKey(key))) {
                        continue;
                    }
                    if (key != null) {
                        firstOfKey.put(key, pending);
                    }
                    fresh.add(pending);
                }
                Map<Pending, MessageView> inserted = insert(db, fresh);
                db.commit();
                List<Committed> done = new ArrayList<>(batch.size());
                for (Pending pending : batch) {
                    MessageView view = inserted.get(pending);
                    String key = key(pending);
                    if (view != null) {
                        done.add(new Committed(pending, view, true));
                    } else if (resent.containsKey(key) && resent.get(key).view() == null) {
                        pending.result().completeExceptionally(
                                ApiException.conflict("client_id was already used for a message in another room"));
                    } else {
                        MessageView original = resent.containsKey(key) ? resent.get(key).view()
                                : inserted.get(firstOfKey.get(key));
                        done.add(new Committed(pending, original, false));
                    }
                }
                return done;
            } catch (SQLException | RuntimeException e) {
                try {
                    db.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // the connection is gone with the database: keep the real cause
                }
                throw e;
            }
        }
    }

    private static void lockRooms(java.sql.Connection db, List<Pending> batch) throws SQLException {
        TreeSet<Long> roomIds = new TreeSet<>();
        batch.forEach(p -> roomIds.add(p.room().id()));
        try (PreparedStatement lock = db.prepareStatement(LOCK_ROOMS)) {
            lock.setArray(1, db.createArrayOf("bigint", roomIds.toArray()));
            lock.executeQuery().close();
        }
    }

    private static void lockSenders(java.sql.Connection db, List<Pending> batch) throws SQLException {
        List<Object> rooms = new ArrayList<>();
        List<Object> users = new ArrayList<>();
        for (Pending pending : batch) {
            rooms.add(pending.room().id());
            users.add(pending.user().id());
        }
        MemberLocks.lock(db, rooms, users);
    }

    private static Map<String, Committed> findResent(java.sql.Connection db, List<Pending> batch) throws SQLException {
        List<Object> senders = new ArrayList<>();
        List<Object> clientIds = new ArrayList<>();
        Map<String, Pending> byKey = new HashMap<>();
        for (Pending pending : batch) {
            if (pending.clientId() != null) {
                senders.add(pending.user().id());
                clientIds.add(pending.clientId());
                byKey.putIfAbsent(key(pending), pending);
            }
        }
        Map<String, Committed> found = new HashMap<>();
        if (senders.isEmpty()) {
            return found;
        }
        try (PreparedStatement find = db.prepareStatement(FIND_RESENT)) {
            find.setArray(1, db.createArrayOf("bigint", senders.toArray()));
            find.setArray(2, db.createArrayOf("text", clientIds.toArray()));
            try (ResultSet rows = find.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getLong("sender_id") + "/" + rows.getString("client_id");
                    Pending pending = byKey.get(key);
                    if (rows.getLong("room_id") != pending.room().id()) {
                        // Same client_id, other room: a client bug, not a resend (marked by a missing view).
                        found.put(key, new Committed(pending, null, false));
                        continue;
                    }
                    found.put(key, new Committed(pending, new MessageView(rows.getObject("message_uuid", UUID.class),
                            rows.getString("content"), pending.room().name(), pending.room().uuid(),
                            pending.user().username(), rows.getTimestamp("created_at").toInstant(), rows.getLong("seq"),
                            pending.clientId()), false));
                }
            }
        }
        return found;
    }

    private static Map<Pending, MessageView> insert(java.sql.Connection db, List<Pending> fresh) throws SQLException {
        Map<Pending, MessageView> inserted = new LinkedHashMap<>();
        if (fresh.isEmpty()) {
            return inserted;
        }
        int n = fresh.size();
        Object[] roomIds = new Object[n];
        Object[] uuids = new Object[n];
        Object[] senders = new Object[n];
        Object[] contents = new Object[n];
        Object[] clientIds = new Object[n];
        Object[] order = new Object[n];
        Map<UUID, Pending> byUuid = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Pending pending = fresh.get(i);
            UUID uuid = UUID.randomUUID();
            byUuid.put(uuid, pending);
            roomIds[i] = pending.room().id();
            uuids[i] = uuid;
            senders[i] = pending.user().id();
            contents[i] = pending.content();
            clientIds[i] = pending.clientId();
            order[i] = i;
        }
        try (PreparedStatement insert = db.prepareStatement(INSERT_BATCH)) {
            insert.setArray(1, db.createArrayOf("bigint", roomIds));
            insert.setArray(2, db.createArrayOf("uuid", uuids));
            insert.setArray(3, db.createArrayOf("bigint", senders));
            insert.setArray(4, db.createArrayOf("text", contents));
            insert.setArray(5, db.createArrayOf("text", clientIds));
            insert.setArray(6, db.createArrayOf("integer", order));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    UUID uuid = rows.getObject("message_uuid", UUID.class);
                    Pending pending = byUuid.get(uuid);
                    inserted.put(pending, new MessageView(uuid, pending.content(), pending.room().name(),
                            pending.room().uuid(), pending.user().username(), rows.getTimestamp("created_at").toInstant(),
                            rows.getLong("seq"), pending.clientId()));
                }
            }
        }
        return inserted;
    }

    private static String key(Pending pending) {
        return pending.clientId() == null ? null : pending.user().id() + "/" + pending.clientId();
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.DEBUG, "Message writer stopped");
    }

}

package dev.parley.server.message;

import dev.parley.protocol.MessageView;
import dev.parley.server.auth.AuthUser;
import dev.parley.server.common.ApiException;
import dev.parley.server.db.Pipelines;
import dev.parley.server.realtime.Connection;
import dev.parley.server.room.RoomRef;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * Group commit: sends from every connection of this node queue here, and one writer commits whatever has
 * accumulated (up to {@link #MAX_BATCH}) in a single transaction: rooms locked in id order (no deadlocks between
 * nodes), then one multi-row insert that numbers each room's messages from the room's counter in arrival order and
 * moves the senders' watermarks (never waiting for a member row: see {@link #INSERT_BATCH}). The two statements are
 * one {@link Pipelines pipeline}: one round trip, committed at its end.
 * Only then are the senders' futures completed, so every ack follows its commit. A resent client_id gets its
 * original; a batch that still hits a duplicate (another node stored it meanwhile) falls back to one message per
 * transaction.
 *
 * <p>Plain JDBC: DbClient cannot bind the array parameters that make the batch one statement, nor pipeline.
 */
final class MessageWriter implements AutoCloseable {

    static final int MAX_BATCH = 256;
    private static final System.Logger LOG = System.getLogger(MessageWriter.class.getName());

    /** A send waiting for its commit. */
    record Pending(AuthUser user, RoomRef room, String content, String clientId, Connection origin,
                   CompletableFuture<Committed> result, long queuedAt) {
    }

    /** The stored message; {@code created} is false for a resend of a known client_id (null view: a conflict). */
    record Committed(Pending pending, MessageView view, boolean created) {
    }

    private static final String LOCK_ROOMS = "SELECT id FROM rooms WHERE id = ANY (?) ORDER BY id FOR UPDATE";

    /**
     * Numbers and stores the sends that are not resends and moves each sender's read and delivered watermark past
     * their own message. Returns one row per stored message ({@code stored}), per send that repeats a stored
     * client_id ({@code resent}, with the send's {@code ord}), and per sender watermark it did not move because the
     * member row was locked ({@code deferred}): the writer never waits for a member row (the delivery recorder holds
     * them while it commits), it hands those to the recorder instead. The rooms are locked by the statement before.
     * {@code %s} is the {@code resent} query: {@link #RESENT} or {@link #NOT_RESENT}.
     */
    private static final String INSERT_BATCH = """
            WITH input AS (
              SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::int[])
                AS t (room_id, message_uuid, sender_id, content, client_id, ord)),
            resent AS (%s),
            fresh AS (SELECT * FROM input i WHERE NOT EXISTS (SELECT 1 FROM resent r WHERE r.ord = i.ord)),
            counts AS (SELECT room_id, count(*) AS n FROM fresh GROUP BY room_id),
            bumped AS (
              UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = now()
              FROM counts c WHERE r.id = c.room_id
              RETURNING r.id, r.last_seq - c.n AS base),
            numbered AS (
              SELECT f.*, b.base + row_number() OVER (PARTITION BY f.room_id ORDER BY f.ord) AS seq
              FROM fresh f JOIN bumped b ON b.id = f.room_id),
            inserted AS (
              INSERT INTO messages (message_uuid, room_id, seq, sender_id, content, client_id)
              SELECT message_uuid, room_id, seq, sender_id, content, client_id FROM numbered
              RETURNING message_uuid, room_id, seq, created_at),
            own AS (SELECT room_id, sender_id, max(seq) AS seq FROM numbered GROUP BY room_id, sender_id),
            free AS (
              SELECT m.room_id, m.user_id FROM room_members m
              JOIN own o ON m.room_id = o.room_id AND m.user_id = o.sender_id
              FOR UPDATE OF m SKIP LOCKED),
            watermarks AS (
              UPDATE room_members m SET read_seq = GREATEST(m.read_seq, o.seq),
                                        delivered_seq = GREATEST(m.delivered_seq, o.seq)
              FROM own o JOIN free f ON f.room_id = o.room_id AND f.user_id = o.sender_id
              WHERE m.room_id = o.room_id AND m.user_id = o.sender_id)
            SELECT 'stored' AS kind, NULL::int AS ord, room_id, NULL::bigint AS sender_id, message_uuid,
                   NULL::text AS content, created_at, seq FROM inserted
            UNION ALL
            SELECT 'resent', ord, room_id, NULL, message_uuid, content, created_at, seq FROM resent
            UNION ALL
            SELECT 'deferred', NULL, o.room_id, o.sender_id, NULL, NULL, NULL, o.seq FROM own o
            WHERE NOT EXISTS (SELECT 1 FROM free f WHERE f.room_id = o.room_id AND f.user_id = o.sender_id)""";

    /** The sends whose client_id this sender used before: resends, or conflicts when the room differs. */
    private static final String RESENT = """
            SELECT i.ord, m.room_id, m.message_uuid, m.content, m.created_at, m.seq
              FROM input i JOIN messages m ON m.sender_id = i.sender_id AND m.client_id = i.client_id""";

    /**
     * None: the common case, where a resend shows up as a unique violation of (sender_id, client_id) instead, and
     * the batch is committed again with {@link #RESENT}. The statement then never reads other messages, so its plan
     * cannot go stale as the table grows (a plan cached while the table was small scanned all of it, profiled).
     */
    private static final String NOT_RESENT = """
            SELECT NULL::int AS ord, NULL::bigint AS room_id, NULL::uuid AS message_uuid, NULL::text AS content,
                   NULL::timestamptz AS created_at, NULL::bigint AS seq WHERE false""";

    /** The whole batch in one round trip and one implicit transaction (see {@link Pipelines}). */
    private static final String FRESH_PIPELINE = pipeline(NOT_RESENT);
    private static final String RESENDS_PIPELINE = pipeline(RESENT);

    private static String pipeline(String resent) {
        return LOCK_ROOMS + ";\n" + INSERT_BATCH.formatted(resent);
    }


    private final DataSource pool;
    private final Consumer<List<Committed>> committed;
    private final long commitIntervalNanos;
    /** The locks of these rooms (see {@link MessageService}), in the one order every holder of several takes them. */
    private final Function<List<Long>, List<ReentrantLock>> roomLocks;
    /** Where a sender's watermark goes when its member row was busy: moved a moment later, outside the batch. */
    private final MessageService.OwnWatermarks deferred;
    private long lastCommitStart = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * {@code committed} receives each committed batch in commit order, on the writer thread. Transactions start at
     * most every {@code commitInterval}: a send that arrives sooner after the last start waits for the rest of the
     * interval, so that the sends arriving meanwhile share its commit (and its fsync, the largest cost of a commit).
     * A lone send after a quiet spell is committed at once; under heavy load a commit takes longer than the interval.
     */
    MessageWriter(DataSource pool, java.time.Duration commitInterval, Function<List<Long>, List<ReentrantLock>> roomLocks,
                  MessageService.OwnWatermarks deferred, Consumer<List<Committed>> committed) {
        this.pool = pool;
        this.deferred = deferred;
        this.roomLocks = roomLocks;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.committed = committed;
        this.writer = Thread.ofVirtual().name("parley-message-writer").start(this::run);
    }

    /** Queues a send; the future completes after the commit (or with the database's failure). */
    CompletableFuture<Committed> submit(AuthUser user, RoomRef room, String content, String clientId, Connection origin) {
        CompletableFuture<Committed> result = new CompletableFuture<>();
        queue.add(new Pending(user, room, content, clientId, origin, result, System.nanoTime()));
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
                long early = lastCommitStart + commitIntervalNanos - System.nanoTime();
                if (early > 0 && queue.size() < MAX_BATCH - 1) {
                    LockSupport.parkNanos(early); // an early return only makes this batch smaller
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commitAndDeliver(batch, first);
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

    /**
     * Commits a batch and fans it out while holding the room locks of its rooms. Another node's notification for a
     * room of the batch therefore waits until this node has delivered its own messages: were it handled in between,
     * it would read this batch's messages back from the database and echo them to the very connections that sent
     * them (they are acknowledged, not delivered, to their origin).
     */
    private void commitAndDeliver(List<Pending> batch, Pending first) throws SQLException {
        List<ReentrantLock> locks = roomLocks.apply(batch.stream().map(p -> p.room().id()).toList());
        locks.forEach(ReentrantLock::lock);
        try {
            BatchCommitEvent event = new BatchCommitEvent();
            event.begin();
            long began = System.nanoTime();
            lastCommitStart = began;
            List<Committed> done = commitBatch(batch);
            event.end();
            long fanOutStart = System.nanoTime();
            // Committed: say so first, whatever happens to the fan-out (the catch-up repairs a failed one).
            done.forEach(c -> c.pending().result().complete(c));
            try {
                committed.accept(done);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Fan-out of a committed batch failed: " + e.getMessage());
            }
            if (event.shouldCommit()) {
                event.messages = batch.size();
                event.rooms = (int) batch.stream().map(p -> p.room().id()).distinct().count();
                event.oldestQueued = began - first.queuedAt();
                event.fanOut = System.nanoTime() - fanOutStart;
                event.commit();
            }
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        }
    }

    private List<Committed> commitBatch(List<Pending> batch) throws SQLException {
        try {
            return withRetries(batch, false);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
        // A client_id of the batch was used before (a resend after a reconnect, or a client bug): nothing was stored,
        // look the originals up this time.
        try {
            return withRetries(batch, true);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState()) || batch.size() == 1) {
                throw e;
            }
        }
        // Another node stored one of these client_ids meanwhile: commit them one by one instead; a failure is then
        // that message's own.
        List<Committed> done = new ArrayList<>();
        for (Pending pending : batch) {
            try {
                done.addAll(withRetries(List.of(pending), true));
            } catch (SQLException | RuntimeException single) {
                pending.result().completeExceptionally(single);
            }
        }
        return done;
    }

    /** Runs the transaction again when PostgreSQL aborted it as a deadlock victim or a serialization failure. */
    private List<Committed> withRetries(List<Pending> batch, boolean findResends) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneTransaction(batch, findResends);
            } catch (SQLException e) {
                boolean transientFailure = "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
                if (!transientFailure || attempt == 3) {
                    throw e;
                }
                LOG.log(Level.DEBUG, "Retrying a batch after " + e.getSQLState());
            }
        }
    }

    private List<Committed> inOneTransaction(List<Pending> batch, boolean findResends) throws SQLException {
        // A client_id sent twice within the batch is stored once: the later sends get the first one's outcome.
        List<Pending> candidates = new ArrayList<>(batch.size());
        Map<String, Pending> firstOfKey = new HashMap<>();
        for (Pending pending : batch) {
            String key = key(pending);
            if (key == null || firstOfKey.putIfAbsent(key, pending) == null) {
                candidates.add(pending);
            }
        }
        Map<Pending, Committed> outcome = new HashMap<>();
        List<long[]> deferredWatermarks = new ArrayList<>();
        try (java.sql.Connection db = pool.getConnection();
             PreparedStatement pipeline = db.prepareStatement(findResends ? RESENDS_PIPELINE : FRESH_PIPELINE)) {
            if (findResends) {
                // Rare: planned for each use with the table as it is now, never from a plan cached long ago.
                pipeline.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            Map<UUID, Pending> byUuid = bind(db, pipeline, candidates);
            try (ResultSet rows = Pipelines.lastResultSet(pipeline, 2)) {
                while (rows.next()) {
                    String kind = rows.getString("kind");
                    if (kind.equals("deferred")) {
                        deferredWatermarks.add(new long[] {rows.getLong("room_id"), rows.getLong("sender_id"),
                                rows.getLong("seq")});
                        continue;
                    }
                    boolean created = kind.equals("stored");
                    UUID uuid = rows.getObject("message_uuid", UUID.class);
                    Pending pending = created ? byUuid.get(uuid) : candidates.get(rows.getInt("ord"));
                    if (rows.getLong("room_id") != pending.room().id()) {
                        // Same client_id, other room: a client bug, not a resend (marked by a missing view).
                        outcome.put(pending, new Committed(pending, null, false));
                        continue;
                    }
                    String content = created ? pending.content() : rows.getString("content");
                    outcome.put(pending, new Committed(pending, new MessageView(uuid, content, pending.room().name(),
                            pending.room().uuid(), pending.user().username(), rows.getTimestamp("created_at").toInstant(),
                            rows.getLong("seq"), pending.clientId()), created));
                }
            }
        }
        // Committed: the watermarks the batch could not move now are moved by the delivery recorder.
        for (long[] watermark : deferredWatermarks) {
            deferred.ownMessage(watermark[0], watermark[1], watermark[2]);
        }
        List<Committed> done = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            Committed first = outcome.get(firstOfKey.getOrDefault(key(pending), pending));
            if (first == null) {
                throw new SQLException("the batch returned no row for a send");
            }
            if (first.view() == null) {
                pending.result().completeExceptionally(
                        ApiException.conflict("client_id was already used for a message in another room"));
            } else {
                done.add(first.pending() == pending ? first : new Committed(pending, first.view(), false));
            }
        }
        return done;
    }

    /** Binds the batch's parameters to the pipeline; returns the sends by the uuid given to their new message. */
    private static Map<UUID, Pending> bind(java.sql.Connection db, PreparedStatement pipeline, List<Pending> candidates)
            throws SQLException {
        int n = candidates.size();
        TreeSet<Long> roomIds = new TreeSet<>();
        Object[] rooms = new Object[n];
        Object[] uuids = new Object[n];
        Object[] senders = new Object[n];
        Object[] contents = new Object[n];
        Object[] clientIds = new Object[n];
        Object[] order = new Object[n];
        Map<UUID, Pending> byUuid = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Pending pending = candidates.get(i);
            UUID uuid = UUID.randomUUID();
            byUuid.put(uuid, pending);
            roomIds.add(pending.room().id());
            rooms[i] = pending.room().id();
            uuids[i] = uuid;
            senders[i] = pending.user().id();
            contents[i] = pending.content();
            clientIds[i] = pending.clientId();
            order[i] = i;
        }
        pipeline.setArray(1, db.createArrayOf("bigint", roomIds.toArray()));
        pipeline.setArray(2, db.createArrayOf("bigint", rooms));
        pipeline.setArray(3, db.createArrayOf("uuid", uuids));
        pipeline.setArray(4, db.createArrayOf("bigint", senders));
        pipeline.setArray(5, db.createArrayOf("text", contents));
        pipeline.setArray(6, db.createArrayOf("text", clientIds));
        pipeline.setArray(7, db.createArrayOf("integer", order));
        return byUuid;
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

package dev.parley.server.message;

import dev.parley.server.common.ErrorMapping;
import dev.parley.server.common.Ids;
import dev.parley.server.db.Pipelines;
import dev.parley.server.message.MessageWriter.Pending;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * The SQL of one group commit and nothing else: one transaction that locks the batch's rooms in id order (no
 * deadlocks between nodes), then one multi-row insert that numbers each room's messages from the room's counter in
 * arrival order (and their messages from its message count) and moves the senders' watermarks (never waiting for a
 * member row: see {@link #INSERT_BATCH}); a send whose sender is no longer a member is refused, decided under the
 * room's row lock that membership changes take too. The
 * two statements are one {@link Pipelines pipeline}: one round trip, committed at its end. {@link MessageWriter}
 * owns the queue, the retries and what happens after the commit.
 *
 * <p>Plain JDBC: DbClient cannot bind the array parameters that make the batch one statement, nor pipeline.
 */
final class BatchStatement {

    /** One row of the outcome: a stored message, a send that repeats a stored client_id, or a deferred watermark. */
    sealed interface Row {
        /**
         * A new message of send {@code pending}; {@code quote} quotes the message it answers as it was when this one
         * was numbered (under the room's lock: a delete or edit of that message is either before it or after it).
         */
        record Stored(Pending pending, long roomId, UUID messageUuid, Timestamp createdAt, long seq,
                      dev.parley.protocol.MessageView.Quote quote) implements Row {
        }

        /** Send {@code pending} repeats a client_id its sender used before, for this message (maybe another room). */
        record Resent(Pending pending, long roomId, UUID messageUuid, String content, Timestamp createdAt, long seq)
                implements Row {
        }

        /** A sender's own watermark the statement did not move because the member row was busy. */
        record Deferred(long roomId, long senderId, long seq) implements Row {
        }

        /** A sender's read watermark the statement moved past messages of others: their message reads them. */
        record Read(long roomId, long senderId, long seq) implements Row {
        }

        /** Send {@code pending} was not stored: its sender is no longer a member of the room (left or removed). */
        record Refused(Pending pending) implements Row {
        }

        /** Send {@code pending} was not stored: another message carries one of its attachments now. */
        record Unbound(Pending pending) implements Row {
        }
    }

    private static final String LOCK_ROOMS = "SELECT id FROM rooms WHERE id = ANY (?) ORDER BY id FOR UPDATE";

    /**
     * Numbers and stores the sends that are not resends and moves each sender's read and delivered watermark past
     * their own message. Returns one row per stored message ({@code stored}), per send that repeats a stored
     * client_id ({@code resent}, with the send's {@code ord}), and per sender watermark it did not move because the
     * member row was locked ({@code deferred}): the writer never waits for a member row (the delivery recorder holds
     * them while it commits), it hands those to the recorder instead. The rooms are locked by the statement before.
     * {@code %s} is the {@code resent} query: {@link #RESENT} or {@link #NOT_RESENT}.
     *
     * <p>Attachments ({@code attached}: the send's ord, the upload, its position) are bound in the same statement: a
     * send is stored only if every upload it names is still its sender's, in its room and pending (or carried by the
     * sender's message with this very client_id: a resend, which then fails on the client_id and is looked up), read
     * under a row lock after the room's lock, so of two sends of one upload, on any node, exactly one gets it; the
     * other comes back {@code unbound}.
     */
    private static final String INSERT_BATCH = """
            WITH input AS (
              SELECT * FROM unnest(?::bigint[], ?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::bigint[])
                AS t (room_id, message_uuid, sender_id, content, client_id, ord, reply_to)),
            attached AS (
              SELECT * FROM unnest(?::int[], ?::uuid[], ?::int[]) AS t (ord, attachment_uuid, position)),
            claimable AS (
              SELECT x.ord FROM attached x
              JOIN input i ON i.ord = x.ord
              JOIN attachments a ON a.attachment_uuid = x.attachment_uuid
              WHERE a.room_id = i.room_id AND a.uploader_id = i.sender_id
                AND (a.state = 'pending' OR (a.state = 'sent' AND EXISTS (
                  SELECT 1 FROM messages o WHERE o.room_id = a.room_id AND o.seq = a.message_seq
                    AND o.sender_id = i.sender_id AND o.client_id = i.client_id)))
              FOR UPDATE OF a),
            resent AS (%s),
            fresh AS (
              SELECT * FROM input i WHERE NOT EXISTS (SELECT 1 FROM resent r WHERE r.ord = i.ord)
                AND EXISTS (SELECT 1 FROM room_members m
                            WHERE m.room_id = i.room_id AND m.user_id = i.sender_id AND m.left_seq IS NULL)
                AND (SELECT count(*) FROM attached x WHERE x.ord = i.ord)
                    = (SELECT count(*) FROM claimable c WHERE c.ord = i.ord)),
            counts AS (SELECT room_id, count(*) AS n FROM fresh GROUP BY room_id),
            bumped AS (
              UPDATE rooms r SET last_seq = r.last_seq + c.n, last_shown_seq = r.last_seq + c.n,
                                 message_count = r.message_count + c.n, last_activity_at = now()
              FROM counts c WHERE r.id = c.room_id
              RETURNING r.id, r.last_seq - c.n AS base, r.message_count - c.n AS msg_base),
            numbered AS (
              SELECT f.*, row_number() OVER (PARTITION BY f.room_id ORDER BY f.ord) AS n, b.base, b.msg_base
              FROM fresh f JOIN bumped b ON b.id = f.room_id),
            inserted AS (
              INSERT INTO messages (message_uuid, room_id, seq, sender_id, content, client_id, msg_no, reply_to,
                                    has_attachments)
              SELECT message_uuid, room_id, base + n, sender_id, content, client_id, msg_base + n, reply_to,
                     CASE WHEN EXISTS (SELECT 1 FROM attached x WHERE x.ord = numbered.ord) THEN true END
              FROM numbered
              RETURNING message_uuid, room_id, seq, created_at, reply_to),
            bound AS (
              UPDATE attachments a SET state = 'sent', message_seq = n.base + n.n, position = x.position
              FROM attached x JOIN numbered n ON n.ord = x.ord
              WHERE a.attachment_uuid = x.attachment_uuid),
            own AS (SELECT room_id, sender_id, max(base + n) AS seq FROM numbered GROUP BY room_id, sender_id),
            free AS (
              SELECT m.room_id, m.user_id FROM room_members m
              JOIN own o ON m.room_id = o.room_id AND m.user_id = o.sender_id
              FOR UPDATE OF m SKIP LOCKED),
            watermarks AS (
              UPDATE room_members m SET read_seq = GREATEST(m.read_seq, o.seq),
                                        delivered_seq = GREATEST(m.delivered_seq, o.seq)
              FROM own o JOIN free f ON f.room_id = o.room_id AND f.user_id = o.sender_id
              WHERE m.room_id = o.room_id AND m.user_id = o.sender_id)
            SELECT 'stored' AS kind, NULL::int AS ord, n.room_id, NULL::bigint AS sender_id, n.message_uuid,
                   NULL::text AS content, n.created_at, n.seq, qu.username AS quote_user,
                   left(q.content, 200) AS quote_content, q.deleted_at IS NOT NULL AS quote_deleted
            FROM inserted n LEFT JOIN messages q ON q.room_id = n.room_id AND q.seq = n.reply_to
                            LEFT JOIN users qu ON qu.id = q.sender_id
            UNION ALL
            SELECT 'resent', ord, room_id, NULL, message_uuid, content, created_at, seq, NULL, NULL, NULL FROM resent
            UNION ALL
            SELECT 'deferred', NULL, o.room_id, o.sender_id, NULL, NULL, NULL, o.seq, NULL, NULL, NULL FROM own o
            WHERE NOT EXISTS (SELECT 1 FROM free f WHERE f.room_id = o.room_id AND f.user_id = o.sender_id)
            UNION ALL
            SELECT 'read', NULL, o.room_id, o.sender_id, NULL, NULL, NULL, o.seq, NULL, NULL, NULL FROM own o
            JOIN free f ON f.room_id = o.room_id AND f.user_id = o.sender_id
            JOIN room_members r ON r.room_id = o.room_id AND r.user_id = o.sender_id
            WHERE r.read_seq < o.seq - 1 -- as it was before this statement: something came since the sender read
            UNION ALL
            SELECT CASE WHEN EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = i.room_id
                                     AND m.user_id = i.sender_id AND m.left_seq IS NULL) THEN 'unbound'
                        ELSE 'refused' END, i.ord, i.room_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM input i
            WHERE NOT EXISTS (SELECT 1 FROM resent r WHERE r.ord = i.ord)
              AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.ord = i.ord)""";

    /**
     * The sends whose client_id this sender used before: resends, or conflicts when the room differs (an action's
     * client_id reads as room 0: never a resend of a message).
     */
    private static final String RESENT = """
            SELECT i.ord, CASE WHEN m.target_seq IS NULL THEN m.room_id ELSE 0 END AS room_id, m.message_uuid,
                   m.content, m.created_at, m.seq
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

    private BatchStatement() {
    }

    /**
     * Commits {@code candidates} (no two with the same sender and client_id) in one transaction and returns what
     * it stored. {@code findResends}: also look up client_ids used before (else such a batch fails with a unique
     * violation, SQLState 23505, and stores nothing).
     */
    static List<Row> commit(DataSource pool, List<Pending> candidates, boolean findResends) throws SQLException {
        List<Row> result = new ArrayList<>(candidates.size());
        try (java.sql.Connection db = pool.getConnection();
             PreparedStatement pipeline = db.prepareStatement(findResends ? RESENDS_PIPELINE : FRESH_PIPELINE)) {
            if (findResends) {
                // Rare: planned for each use with the table as it is now, never from a plan cached long ago.
                pipeline.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            Map<UUID, Pending> byUuid = bind(db, pipeline, candidates);
            ResultSet executed;
            try {
                executed = Pipelines.lastResultSet(pipeline, 2);
            } catch (SQLException e) {
                // Sent, and committed at its end unless refused: a lost connection leaves the outcome unknown.
                throw ErrorMapping.unlessConnectionLost(e);
            }
            try (ResultSet rows = executed) {
                while (rows.next()) {
                    result.add(switch (rows.getString("kind")) {
                        case "stored" -> {
                            UUID uuid = rows.getObject("message_uuid", UUID.class);
                            Pending pending = byUuid.get(uuid);
                            String quoteUser = rows.getString("quote_user");
                            yield new Row.Stored(pending, rows.getLong("room_id"), uuid,
                                    rows.getTimestamp("created_at"), rows.getLong("seq"),
                                    pending.replyTo() == null || quoteUser == null ? null
                                            : new dev.parley.protocol.MessageView.Quote(pending.replyTo(), quoteUser,
                                                    rows.getString("quote_content"), rows.getBoolean("quote_deleted")));
                        }
                        case "resent" -> new Row.Resent(candidates.get(rows.getInt("ord")), rows.getLong("room_id"),
                                rows.getObject("message_uuid", UUID.class), rows.getString("content"),
                                rows.getTimestamp("created_at"), rows.getLong("seq"));
                        case "refused" -> new Row.Refused(candidates.get(rows.getInt("ord")));
                        case "unbound" -> new Row.Unbound(candidates.get(rows.getInt("ord")));
                        case "read" -> new Row.Read(rows.getLong("room_id"), rows.getLong("sender_id"),
                                rows.getLong("seq"));
                        default -> new Row.Deferred(rows.getLong("room_id"), rows.getLong("sender_id"),
                                rows.getLong("seq"));
                    });
                }
            }
        }
        return result;
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
        Object[] replies = new Object[n];
        Map<UUID, Pending> byUuid = new HashMap<>();
        List<Object> attachedOrd = new ArrayList<>();
        List<Object> attachedUuid = new ArrayList<>();
        List<Object> attachedPosition = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pending pending = candidates.get(i);
            UUID uuid = Ids.next();
            byUuid.put(uuid, pending);
            roomIds.add(pending.room().id());
            rooms[i] = pending.room().id();
            uuids[i] = uuid;
            senders[i] = pending.user().id();
            contents[i] = pending.content();
            clientIds[i] = pending.clientId();
            order[i] = i;
            replies[i] = pending.replyTo();
            for (int p = 0; p < pending.attachments().size(); p++) {
                attachedOrd.add(i);
                attachedUuid.add(pending.attachments().get(p).attachmentUuid());
                attachedPosition.add(p);
            }
        }
        pipeline.setArray(1, db.createArrayOf("bigint", roomIds.toArray()));
        pipeline.setArray(2, db.createArrayOf("bigint", rooms));
        pipeline.setArray(3, db.createArrayOf("uuid", uuids));
        pipeline.setArray(4, db.createArrayOf("bigint", senders));
        pipeline.setArray(5, db.createArrayOf("text", contents));
        pipeline.setArray(6, db.createArrayOf("text", clientIds));
        pipeline.setArray(7, db.createArrayOf("integer", order));
        pipeline.setArray(8, db.createArrayOf("bigint", replies));
        pipeline.setArray(9, db.createArrayOf("integer", attachedOrd.toArray()));
        pipeline.setArray(10, db.createArrayOf("uuid", attachedUuid.toArray()));
        pipeline.setArray(11, db.createArrayOf("integer", attachedPosition.toArray()));
        return byUuid;
    }
}

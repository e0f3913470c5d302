package dev.parley.server.message;

import dev.parley.protocol.EventView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.room.EventJson;
import dev.parley.server.room.RoomRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The room's log read back by keyset on seq (messages are written in batches by {@link MessageWriter}, the other
 * events by {@link RoomEvents} and {@link MessageActions}), each message in its current state: its reply's quote as
 * the quoted message is now, its latest text, its reactions. An action event (edit, delete, react) reads as the
 * {@link ServerFrame.Update} it is on the wire, carrying the changed message as it is now.
 *
 * <p>Plain JDBC: these reads serve every history page, sync and gap fill, and DbClient re-parses a named statement
 * and maps each column reflectively on every call (a third of the server's CPU per history request, profiled).
 */
final class MessageRepository {

    /**
     * One event of the log with the ids the server routes by: a message or membership event ({@code update} null,
     * {@code view} is it), or an action event ({@code update} is its frame and {@code view} the changed message).
     */
    record StoredMessage(long roomId, long senderId, long seq, MessageView view, ServerFrame.Update update) {
        /** A message or membership event. */
        StoredMessage(long roomId, long senderId, MessageView view) {
            this(roomId, senderId, view.seq(), view, null);
        }

        boolean isUpdate() {
            return update != null;
        }

        /** The frame that carries this event, with {@code view} as the message it shows. */
        ServerFrame frame(MessageView shown) {
            return update == null ? new ServerFrame.Message(shown)
                    : new ServerFrame.Update(update.roomUuid(), update.seq(), update.action(), update.user(), shown);
        }
    }

    /**
     * The {@link #columns} of a single reader: the three parameters before the WHERE clause are the reader's horizon,
     * the last seq of the room they may see (the room's end for a member; where they left for a former member, who
     * sees texts and reactions as they were then).
     */
    private static final String COLUMNS = columns("?") + "FROM messages m\n";
    /** The quotes of replies: the quoted messages' senders, first 200 characters (as of the horizon) and fate. */
    private static final String QUOTES = """
            SELECT q.seq, q.sender_id,
                   left(CASE WHEN q.edited_at IS NULL THEN q.content
                             ELSE message_text_at(q.room_id, q.seq, ?, q.content) END, 200),
                   q.deleted_at IS NOT NULL
            FROM messages q WHERE q.room_id = ? AND q.seq = ANY (?)""";
    /**
     * Both bounds exclusive; every read of the log is one of these, so each has one plan. History pages leave the
     * action events out (they show each message as it is now); sync and routing replay every event.
     */
    private static final String HISTORY_DESCENDING = COLUMNS
            + "WHERE m.room_id = ? AND m.seq > ? AND m.seq < ? AND m.target_seq IS NULL ORDER BY m.seq DESC LIMIT ?";
    private static final String HISTORY_ASCENDING = COLUMNS
            + "WHERE m.room_id = ? AND m.seq > ? AND m.seq < ? AND m.target_seq IS NULL ORDER BY m.seq ASC LIMIT ?";
    private static final String LOG_ASCENDING = COLUMNS
            + "WHERE m.room_id = ? AND m.seq > ? AND m.seq < ? ORDER BY m.seq ASC LIMIT ?";
    /**
     * Events picked by (room, seq), each read as of its own reader's horizon, with the room's id after the columns:
     * the events of several rooms in one statement (a search's hits).
     */
    private static final int ROOM_ID_COLUMN = 16;
    private static final String AT_EACH = columns("r.horizon") + """
            , m.room_id
            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS r(room_id, seq, horizon)
            JOIN messages m ON m.room_id = r.room_id AND m.seq = r.seq""";
    private static final String LOCATE = "SELECT room_id, seq FROM messages WHERE message_uuid = ?";
    /** Whether a user may see a seq of a room, from the membership rows themselves (never a cached room). */
    private static final String SEES = """
            SELECT EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = ? AND m.user_id = ?
                             AND ? >= m.joined_seq AND (m.left_seq IS NULL OR ? <= m.left_seq))
                OR EXISTS (SELECT 1 FROM room_member_ranges x WHERE x.room_id = ? AND x.user_id = ?
                             AND ? BETWEEN x.from_seq AND x.to_seq)""";
    /** The horizon of a current member: everything. */
    static final long EVERYTHING = Long.MAX_VALUE;

    /** Events wanted from a room ({@link #at}): their seqs, read as a reader whose view ends at {@code horizon}. */
    record Wanted(RoomRef room, List<Long> seqs, long horizon) {
    }

    /** Where a message is: its room's id and its seq there. */
    record Location(long roomId, long seq) {
    }

    private final DataSource pool;
    /** Names senders a cached room does not know yet (added a moment ago on another node). */
    private final java.util.function.LongFunction<String> usernames;

    MessageRepository(DataSource pool, java.util.function.LongFunction<String> usernames) {
        this.pool = pool;
        this.usernames = usernames;
    }

    /** Up to {@code limit} events with seq above {@code seq}, oldest first (the whole log: for routing). */
    List<StoredMessage> after(RoomRef room, long seq, int limit) {
        return query(LOG_ASCENDING, room, seq, Long.MAX_VALUE, limit, EVERYTHING);
    }

    /**
     * Up to {@code limit} messages and membership events with {@code above < seq < below}, newest first, as a reader
     * whose view ends at {@code horizon} sees them.
     */
    List<StoredMessage> descending(RoomRef room, long above, long below, int limit, long horizon) {
        return query(HISTORY_DESCENDING, room, above, below, limit, horizon);
    }

    /**
     * Up to {@code limit} events with {@code above < seq < below}, oldest first, as a reader whose view ends at
     * {@code horizon} sees them; the action events too when {@code withUpdates} (sync), else only messages and
     * membership events (history).
     */
    List<StoredMessage> ascending(RoomRef room, long above, long below, int limit, boolean withUpdates,
                                  long horizon) {
        return query(withUpdates ? LOG_ASCENDING : HISTORY_ASCENDING, room, above, below, limit, horizon);
    }

    /** The message (or event) {@code seq} of the room as it is now, read on {@code db} (inside its transaction). */
    java.util.Optional<MessageView> current(Connection db, RoomRef room, long seq) throws SQLException {
        return read(db, room, List.of(seq), EVERYTHING).values().stream().findFirst();
    }

    /** The message (or event) {@code seq} of the room as it is now. */
    java.util.Optional<MessageView> current(RoomRef room, long seq) {
        try (Connection db = pool.getConnection()) {
            return current(db, room, seq);
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /**
     * The messages and membership events at the seqs wanted of each room (action events have no view: left out), by
     * room id and seq, each room's as a reader whose view ends at its {@code horizon} sees them.
     */
    Map<Long, Map<Long, MessageView>> at(List<Wanted> wanted) {
        if (wanted.isEmpty()) {
            return Map.of();
        }
        try (Connection db = pool.getConnection()) {
            return read(db, wanted);
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /** Whether {@code userId} may see the event {@code seq} of the room, as the database has it now (on {@code db}). */
    static boolean sees(Connection db, long roomId, long userId, long seq) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(SEES)) {
            query.setLong(1, roomId);
            query.setLong(2, userId);
            query.setLong(3, seq);
            query.setLong(4, seq);
            query.setLong(5, roomId);
            query.setLong(6, userId);
            query.setLong(7, seq);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** The message {@code seq} of the room as it is now, if {@code userId} may see it (checked in the database). */
    java.util.Optional<MessageView> currentIfSeenBy(RoomRef room, long userId, long seq) {
        try (Connection db = pool.getConnection()) {
            return sees(db, room.id(), userId, seq) ? current(db, room, seq) : java.util.Optional.empty();
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /** Where the message with this uuid is, if there is one. */
    java.util.Optional<Location> locate(UUID messageUuid) {
        try (Connection db = pool.getConnection(); PreparedStatement query = db.prepareStatement(LOCATE)) {
            query.setObject(1, messageUuid);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? java.util.Optional.of(new Location(row.getLong(1), row.getLong(2)))
                        : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    private List<StoredMessage> query(String sql, RoomRef room, long above, long below, int limit, long horizon) {
        try (Connection db = pool.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            int next = horizon(query, horizon);
            query.setLong(next, room.id());
            query.setLong(next + 1, above);
            query.setLong(next + 2, below);
            query.setInt(next + 3, limit);
            List<Row> rows = new ArrayList<>(limit);
            List<Long> targets = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Row row = row(result);
                    rows.add(row);
                    if (row.targetSeq != 0) {
                        targets.add(row.targetSeq);
                    }
                }
            }
            // The messages the action events changed, as they are now (one more read, only when there are any).
            Map<Long, MessageView> changed = targets.isEmpty() ? Map.of() : read(db, room, targets, horizon);
            Map<Long, MessageView.Quote> quotes = quotes(db, room, rows, horizon);
            List<StoredMessage> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                if (row.targetSeq == 0) {
                    messages.add(new StoredMessage(room.id(), row.senderId, view(room, row, quotes)));
                    continue;
                }
                MessageView target = changed.get(row.targetSeq);
                if (target == null) {
                    throw new IllegalStateException("room " + room.id() + " has no message " + row.targetSeq);
                }
                messages.add(new StoredMessage(room.id(), row.senderId, row.seq, target,
                        new ServerFrame.Update(room.uuid(), row.seq, row.action, name(room, row.senderId), target)));
            }
            return messages;
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /**
     * The columns read for a view of a message, as a reader whose view ends at {@code horizon} (an SQL expression)
     * sees it. Read by position in {@link #row}: keep the two in step. Room and user names come from the
     * {@link RoomRef}. Only the few edited or reacted-to rows call the functions; a reply's quote is read by
     * {@link #QUOTES}, only for pages that have replies (a join here cost a third of the page's time, measured).
     */
    private static String columns(String horizon) {
        return """
                SELECT m.message_uuid,
                       CASE WHEN m.edited_at IS NULL THEN m.content
                            ELSE message_text_at(m.room_id, m.seq, %1$s, m.content) END,
                       m.created_at, m.seq, m.client_id, m.sender_id, m.event::text, m.target_seq, m.event->>'action',
                       m.reply_to,
                       CASE WHEN m.edited_at IS NULL THEN NULL
                            ELSE message_edited_at(m.room_id, m.seq, %1$s, m.edited_at) END,
                       m.deleted_at IS NOT NULL,
                       CASE WHEN m.has_reactions THEN message_reactions_json(m.room_id, m.seq, %1$s) END,
                       m.deleted_by,
                       CASE WHEN m.has_attachments AND m.deleted_at IS NULL
                            THEN message_attachments_json(m.room_id, m.seq) END
                """.formatted(horizon);
    }

    /** Sets the horizon parameters of {@link #COLUMNS}; returns the index of the next parameter. */
    private static int horizon(PreparedStatement query, long horizon) throws SQLException {
        query.setLong(1, horizon);
        query.setLong(2, horizon);
        query.setLong(3, horizon);
        return 4;
    }

    /** The messages and membership events at these seqs of the room, by seq. */
    private Map<Long, MessageView> read(Connection db, RoomRef room, List<Long> seqs, long horizon)
            throws SQLException {
        return read(db, List.of(new Wanted(room, seqs, horizon))).getOrDefault(room.id(), Map.of());
    }

    /** The messages and membership events wanted, by room id and seq, in one statement (and one per room of replies). */
    private Map<Long, Map<Long, MessageView>> read(Connection db, List<Wanted> wanted) throws SQLException {
        List<Long> roomIds = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        List<Long> horizons = new ArrayList<>();
        Map<Long, Wanted> byRoom = new HashMap<>();
        for (Wanted each : wanted) {
            byRoom.put(each.room().id(), each);
            for (long seq : new java.util.LinkedHashSet<>(each.seqs())) {
                roomIds.add(each.room().id());
                seqs.add(seq);
                horizons.add(each.horizon());
            }
        }
        Map<Long, List<Row>> rowsByRoom = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(AT_EACH)) {
            query.setArray(1, db.createArrayOf("bigint", roomIds.toArray()));
            query.setArray(2, db.createArrayOf("bigint", seqs.toArray()));
            query.setArray(3, db.createArrayOf("bigint", horizons.toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Row row = row(result);
                    if (row.targetSeq == 0) { // an action event is not a message: nothing to show or quote
                        rowsByRoom.computeIfAbsent(result.getLong(ROOM_ID_COLUMN), id -> new ArrayList<>()).add(row);
                    }
                }
            }
        }
        Map<Long, Map<Long, MessageView>> views = new HashMap<>();
        for (Map.Entry<Long, List<Row>> rows : rowsByRoom.entrySet()) {
            Wanted each = byRoom.get(rows.getKey());
            Map<Long, MessageView.Quote> quotes = quotes(db, each.room(), rows.getValue(), each.horizon());
            Map<Long, MessageView> roomViews = new HashMap<>();
            for (Row row : rows.getValue()) {
                roomViews.put(row.seq, view(each.room(), row, quotes));
            }
            views.put(rows.getKey(), roomViews);
        }
        return views;
    }

    /** The quotes of the replies among {@code rows}, by the quoted seq (nothing read when there are none). */
    private Map<Long, MessageView.Quote> quotes(Connection db, RoomRef room, List<Row> rows, long horizon)
            throws SQLException {
        Object[] quoted = rows.stream().filter(row -> row.replyTo != 0).map(row -> row.replyTo).distinct().toArray();
        if (quoted.length == 0) {
            return Map.of();
        }
        Map<Long, MessageView.Quote> quotes = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(QUOTES)) {
            query.setLong(1, horizon);
            query.setLong(2, room.id());
            query.setArray(3, db.createArrayOf("bigint", quoted));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    long seq = result.getLong(1);
                    quotes.put(seq, new MessageView.Quote(seq, name(room, result.getLong(2)),
                            nullToEmpty(result.getString(3)), result.getBoolean(4)));
                }
            }
        }
        return quotes;
    }

    /**
     * One row of {@link #COLUMNS} as read, before its reply's quote is known; {@code targetSeq} 0 unless it is an
     * action event, {@code replyTo} 0 unless it is a reply.
     */
    private record Row(UUID uuid, String content, java.sql.Timestamp createdAt, long seq, String clientId,
                       long senderId, String eventJson, long targetSeq, String action, long replyTo,
                       java.sql.Timestamp editedAt, boolean deleted, String reactions, long deletedBy,
                       String attachments) {
    }

    private static Row row(ResultSet rows) throws SQLException {
        // By position (see COLUMNS): a lookup by name hashes every column name.
        return new Row(rows.getObject(1, UUID.class), rows.getString(2), rows.getTimestamp(3), rows.getLong(4),
                rows.getString(5), rows.getLong(6), rows.getString(7), rows.getLong(8), rows.getString(9),
                rows.getLong(10), rows.getTimestamp(11), rows.getBoolean(12), rows.getString(13), rows.getLong(14),
                rows.getString(15));
    }

    private MessageView view(RoomRef room, Row row, Map<Long, MessageView.Quote> quotes) {
        EventView event = EventJson.read(row.eventJson);
        return new MessageView(row.uuid, row.content, room.name(), room.uuid(), name(room, row.senderId),
                row.createdAt.toInstant(), row.seq, row.clientId, event == null ? MessageView.MESSAGE : MessageView.EVENT,
                event, row.replyTo == 0 ? null : quotes.get(row.replyTo),
                row.editedAt == null ? null : row.editedAt.toInstant(), row.deleted,
                row.deletedBy == 0 ? null : name(room, row.deletedBy), EventJson.reactions(row.reactions),
                EventJson.attachments(row.attachments));
    }

    private String name(RoomRef room, long userId) {
        return room.knows(userId) ? room.username(userId) : usernames.apply(userId);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** A failed read; the cause keeps its SQLState, so outages still answer 503. */
    static final class UncheckedSqlException extends RuntimeException {
        UncheckedSqlException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}

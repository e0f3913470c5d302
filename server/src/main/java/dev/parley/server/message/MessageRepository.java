package dev.parley.server.message;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.protocol.EventView;
import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.room.EventJson;
import dev.parley.server.room.RoomRef;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /** Read by position in {@link #read}: keep the two in step. Room and user names come from the {@link RoomRef}. */
    private static final String COLUMNS = """
            SELECT m.message_uuid, m.content, m.created_at, m.seq, m.client_id, m.sender_id, m.event::text,
                   m.target_seq, m.event->>'action', m.reply_to, q.sender_id, left(q.content, 200),
                   q.deleted_at IS NOT NULL, m.edited_at, m.deleted_at IS NOT NULL,
                   CASE WHEN m.event IS NULL THEN message_reactions_json(m.room_id, m.seq) END
            FROM messages m LEFT JOIN messages q ON q.room_id = m.room_id AND q.seq = m.reply_to
            """;
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
    private static final String AT_SEQS = COLUMNS + "WHERE m.room_id = ? AND m.seq = ANY (?)";
    private static final String LOCATE = "SELECT room_id, seq FROM messages WHERE message_uuid = ?";
    private static final TypeReference<List<MessageView.Reaction>> REACTIONS = new TypeReference<>() {
    };

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
        return query(LOG_ASCENDING, room, seq, Long.MAX_VALUE, limit);
    }

    /** Up to {@code limit} messages and membership events with {@code above < seq < below}, newest first. */
    List<StoredMessage> descending(RoomRef room, long above, long below, int limit) {
        return query(HISTORY_DESCENDING, room, above, below, limit);
    }

    /**
     * Up to {@code limit} events with {@code above < seq < below}, oldest first; the action events too when
     * {@code withUpdates} (sync), else only messages and membership events (history).
     */
    List<StoredMessage> ascending(RoomRef room, long above, long below, int limit, boolean withUpdates) {
        return query(withUpdates ? LOG_ASCENDING : HISTORY_ASCENDING, room, above, below, limit);
    }

    /** The message (or event) {@code seq} of the room as it is now, read on {@code db} (inside its transaction). */
    java.util.Optional<MessageView> current(Connection db, RoomRef room, long seq) throws SQLException {
        return read(db, room, List.of(seq)).values().stream().findFirst();
    }

    /** The message (or event) {@code seq} of the room as it is now. */
    java.util.Optional<MessageView> current(RoomRef room, long seq) {
        try (Connection db = pool.getConnection()) {
            return current(db, room, seq);
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

    private List<StoredMessage> query(String sql, RoomRef room, long above, long below, int limit) {
        try (Connection db = pool.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, room.id());
            query.setLong(2, above);
            query.setLong(3, below);
            query.setInt(4, limit);
            List<Row> rows = new ArrayList<>(limit);
            List<Long> targets = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Row row = row(result, room);
                    rows.add(row);
                    if (row.targetSeq != 0) {
                        targets.add(row.targetSeq);
                    }
                }
            }
            // The messages the action events changed, as they are now (one more read, only when there are any).
            Map<Long, MessageView> changed = targets.isEmpty() ? Map.of() : read(db, room, targets);
            List<StoredMessage> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                if (row.targetSeq == 0) {
                    messages.add(new StoredMessage(room.id(), row.senderId, row.view));
                    continue;
                }
                MessageView target = changed.get(row.targetSeq);
                if (target == null) {
                    throw new IllegalStateException("room " + room.id() + " has no message " + row.targetSeq);
                }
                messages.add(new StoredMessage(room.id(), row.senderId, row.view.seq(), target,
                        new ServerFrame.Update(room.uuid(), row.view.seq(), row.action, row.view.user(), target)));
            }
            return messages;
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /** The messages and membership events at these seqs of the room, by seq. */
    private Map<Long, MessageView> read(Connection db, RoomRef room, List<Long> seqs) throws SQLException {
        Map<Long, MessageView> views = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(AT_SEQS)) {
            query.setLong(1, room.id());
            query.setArray(2, db.createArrayOf("bigint", seqs.stream().distinct().toArray()));
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Row row = row(result, room);
                    if (row.targetSeq == 0) { // an action event is not a message: nothing to show or quote
                        views.put(row.view.seq(), row.view);
                    }
                }
            }
        }
        return views;
    }

    /** One row of {@link #COLUMNS}; {@code targetSeq} 0 unless it is an action event. */
    private record Row(long senderId, MessageView view, long targetSeq, String action) {
    }

    private Row row(ResultSet rows, RoomRef room) throws SQLException {
        // By position (see COLUMNS): a lookup by name hashes every column name.
        long senderId = rows.getLong(6);
        long targetSeq = rows.getLong(8);
        String user = name(room, senderId);
        long replyTo = rows.getLong(10);
        MessageView.Quote quote = replyTo == 0 || rows.getObject(11) == null ? null
                : new MessageView.Quote(replyTo, name(room, rows.getLong(11)), nullToEmpty(rows.getString(12)),
                        rows.getBoolean(13));
        Timestamp editedAt = rows.getTimestamp(14);
        String reactions = rows.getString(16);
        // An action event's own view is never shown: it stands for the update frame; it has no event of its own.
        EventView event = targetSeq == 0 ? EventJson.read(rows.getString(7)) : null;
        MessageView view = new MessageView(rows.getObject(1, UUID.class), rows.getString(2), room.name(),
                room.uuid(), user, rows.getTimestamp(3).toInstant(), rows.getLong(4), rows.getString(5),
                event == null ? MessageView.MESSAGE : MessageView.EVENT, event, quote,
                editedAt == null ? null : editedAt.toInstant(), rows.getBoolean(15), reactions(reactions));
        return new Row(senderId, view, targetSeq, targetSeq == 0 ? null : rows.getString(9));
    }

    private String name(RoomRef room, long userId) {
        return room.knows(userId) ? room.username(userId) : usernames.apply(userId);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static List<MessageView.Reaction> reactions(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.mapper().readValue(json, REACTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A failed read; the cause keeps its SQLState, so outages still answer 503. */
    static final class UncheckedSqlException extends RuntimeException {
        UncheckedSqlException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}

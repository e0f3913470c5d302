package dev.parley.server.message;

import dev.parley.protocol.EventView;
import dev.parley.protocol.MessageView;
import dev.parley.server.room.EventJson;
import dev.parley.server.room.RoomRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Messages read back by keyset on seq (they are written in batches by {@link MessageWriter}).
 *
 * <p>Plain JDBC: these reads serve every history page, sync and gap fill, and DbClient re-parses a named statement
 * and maps each column reflectively on every call (a third of the server's CPU per history request, profiled).
 */
final class MessageRepository {

    /** A stored message with the ids the server routes by. */
    record StoredMessage(long roomId, long senderId, MessageView view) {
    }

    /** Read by position in {@link #query}: keep the two in step. Room and sender names come from the {@link RoomRef}. */
    private static final String COLUMNS = """
            SELECT message_uuid, content, created_at, seq, client_id, sender_id, event::text FROM messages
            """;
    /** Both bounds exclusive; every read of the log is one of these two, so each has one plan. */
    private static final String DESCENDING = COLUMNS + "WHERE room_id = ? AND seq > ? AND seq < ? ORDER BY seq DESC LIMIT ?";
    private static final String ASCENDING = COLUMNS + "WHERE room_id = ? AND seq > ? AND seq < ? ORDER BY seq ASC LIMIT ?";

    private final DataSource pool;
    /** Names senders a cached room does not know yet (added a moment ago on another node). */
    private final java.util.function.LongFunction<String> usernames;

    MessageRepository(DataSource pool, java.util.function.LongFunction<String> usernames) {
        this.pool = pool;
        this.usernames = usernames;
    }

    /** Up to {@code limit} events with seq above {@code seq}, oldest first (the whole log: for routing). */
    List<StoredMessage> after(RoomRef room, long seq, int limit) {
        return query(ASCENDING, room, seq, Long.MAX_VALUE, limit);
    }

    /** Up to {@code limit} events with {@code above < seq < below}, newest first. */
    List<StoredMessage> descending(RoomRef room, long above, long below, int limit) {
        return query(DESCENDING, room, above, below, limit);
    }

    /** Up to {@code limit} events with {@code above < seq < below}, oldest first. */
    List<StoredMessage> ascending(RoomRef room, long above, long below, int limit) {
        return query(ASCENDING, room, above, below, limit);
    }

    private List<StoredMessage> query(String sql, RoomRef room, long above, long below, int limit) {
        try (Connection db = pool.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, room.id());
            query.setLong(2, above);
            query.setLong(3, below);
            query.setInt(4, limit);
            List<StoredMessage> messages = new ArrayList<>(limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) { // by position (see COLUMNS): a lookup by name hashes every column name
                    long senderId = rows.getLong(6);
                    EventView event = EventJson.read(rows.getString(7));
                    messages.add(new StoredMessage(room.id(), senderId,
                            new MessageView(rows.getObject(1, UUID.class), rows.getString(2), room.name(), room.uuid(),
                                    room.knows(senderId) ? room.username(senderId) : usernames.apply(senderId),
                                    rows.getTimestamp(3).toInstant(), rows.getLong(4),
                                    rows.getString(5), event == null ? MessageView.MESSAGE : MessageView.EVENT,
                                    event)));
                }
            }
            return messages;
        } catch (SQLException e) {
            throw new UncheckedSqlException(e);
        }
    }

    /** A failed read; the cause keeps its SQLState, so outages still answer 503. */
    static final class UncheckedSqlException extends RuntimeException {
        UncheckedSqlException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}

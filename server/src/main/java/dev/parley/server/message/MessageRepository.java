package dev.parley.server.message;

import dev.parley.protocol.MessageView;
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
            SELECT message_uuid, content, created_at, seq, client_id, sender_id FROM messages
            """;
    private static final String LATEST = COLUMNS + "WHERE room_id = ? ORDER BY seq DESC LIMIT ?";
    private static final String BEFORE = COLUMNS + "WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
    private static final String AFTER = COLUMNS + "WHERE room_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?";

    private final DataSource pool;

    MessageRepository(DataSource pool) {
        this.pool = pool;
    }

    /** The newest {@code limit} messages, newest first. */
    List<StoredMessage> latest(RoomRef room, int limit) {
        return query(LATEST, room, null, limit);
    }

    /** Up to {@code limit} messages with seq below {@code seq}, newest first. */
    List<StoredMessage> before(RoomRef room, long seq, int limit) {
        return query(BEFORE, room, seq, limit);
    }

    /** Up to {@code limit} messages with seq above {@code seq}, oldest first. */
    List<StoredMessage> after(RoomRef room, long seq, int limit) {
        return query(AFTER, room, seq, limit);
    }

    private List<StoredMessage> query(String sql, RoomRef room, Long seq, int limit) {
        try (Connection db = pool.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            int index = 1;
            query.setLong(index++, room.id());
            if (seq != null) {
                query.setLong(index++, seq);
            }
            query.setInt(index, limit);
            List<StoredMessage> messages = new ArrayList<>(limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) { // by position (see COLUMNS): a lookup by name hashes every column name
                    long senderId = rows.getLong(6);
                    messages.add(new StoredMessage(room.id(), senderId,
                            new MessageView(rows.getObject(1, UUID.class), rows.getString(2), room.name(), room.uuid(),
                                    room.username(senderId), rows.getTimestamp(3).toInstant(), rows.getLong(4),
                                    rows.getString(5))));
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

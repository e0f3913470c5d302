package dev.parley.server.message;

import dev.parley.protocol.MessageView;
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

    private static final String COLUMNS = """
            SELECT m.room_id, m.message_uuid, m.content, r.room_name, r.room_uuid, u.username, m.created_at, m.seq,
              m.client_id, m.sender_id
            FROM messages m JOIN rooms r ON r.id = m.room_id JOIN users u ON u.id = m.sender_id
            """;
    private static final String LATEST = COLUMNS + "WHERE m.room_id = ? ORDER BY m.seq DESC LIMIT ?";
    private static final String BEFORE = COLUMNS + "WHERE m.room_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?";
    private static final String AFTER = COLUMNS + "WHERE m.room_id = ? AND m.seq > ? ORDER BY m.seq ASC LIMIT ?";

    private final DataSource pool;

    MessageRepository(DataSource pool) {
        this.pool = pool;
    }

    /** The newest {@code limit} messages, newest first. */
    List<StoredMessage> latest(long roomId, int limit) {
        return query(LATEST, roomId, null, limit);
    }

    /** Up to {@code limit} messages with seq below {@code seq}, newest first. */
    List<StoredMessage> before(long roomId, long seq, int limit) {
        return query(BEFORE, roomId, seq, limit);
    }

    /** Up to {@code limit} messages with seq above {@code seq}, oldest first. */
    List<StoredMessage> after(long roomId, long seq, int limit) {
        return query(AFTER, roomId, seq, limit);
    }

    private List<StoredMessage> query(String sql, long roomId, Long seq, int limit) {
        try (Connection db = pool.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            int index = 1;
            query.setLong(index++, roomId);
            if (seq != null) {
                query.setLong(index++, seq);
            }
            query.setInt(index, limit);
            List<StoredMessage> messages = new ArrayList<>(limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    messages.add(new StoredMessage(rows.getLong("room_id"), rows.getLong("sender_id"),
                            new MessageView(rows.getObject("message_uuid", UUID.class), rows.getString("content"),
                                    rows.getString("room_name"), rows.getObject("room_uuid", UUID.class),
                                    rows.getString("username"), rows.getTimestamp("created_at").toInstant(),
                                    rows.getLong("seq"), rows.getString("client_id"))));
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

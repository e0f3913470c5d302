package dev.parley.server.message;

import dev.parley.protocol.MessageView;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Messages read back by keyset on seq (they are written in batches by {@link MessageWriter}). */
final class MessageRepository {

    /** A stored message with the ids the server routes by. */
    record StoredMessage(long roomId, long senderId, MessageView view) {
    }

    private final DbClient db;

    MessageRepository(DbClient db) {
        this.db = db;
    }

    /** The newest {@code limit} messages, newest first. */
    List<StoredMessage> latest(long roomId, int limit) {
        return query("select-messages-latest", roomId, null, limit);
    }

    /** Up to {@code limit} messages with seq below {@code seq}, newest first. */
    List<StoredMessage> before(long roomId, long seq, int limit) {
        return query("select-messages-before", roomId, seq, limit);
    }

    /** Up to {@code limit} messages with seq above {@code seq}, oldest first. */
    List<StoredMessage> after(long roomId, long seq, int limit) {
        return query("select-messages-after", roomId, seq, limit);
    }

    private List<StoredMessage> query(String statement, long roomId, Long seq, int limit) {
        var query = db.execute().createNamedQuery(statement)
                .addParam("room_id", roomId)
                .addParam("limit", limit);
        if (seq != null) {
            query.addParam("seq", seq);
        }
        try (Stream<DbRow> rows = query.execute()) {
            return rows.map(MessageRepository::toMessage).toList();
        }
    }

    private static StoredMessage toMessage(DbRow row) {
        return new StoredMessage(row.column("room_id").get(Long.class), row.column("sender_id").get(Long.class),
                new MessageView(row.column("message_uuid").get(UUID.class),
                        row.column("content").get(String.class),
                        row.column("room_name").get(String.class),
                        row.column("room_uuid").get(UUID.class),
                        row.column("username").get(String.class),
                        row.column("created_at").get(Timestamp.class).toInstant(),
                        row.column("seq").get(Long.class),
                        row.column("client_id").get(String.class)));
    }
}

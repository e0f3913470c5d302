package dev.parley.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The one lock order for {@code room_members}: every transaction that changes several member rows first locks them
 * sorted by (room_id, user_id) (the lock is taken above the sort), so the message writer and the delivery recorder,
 * on any node, can never deadlock each other.
 */
public final class MemberLocks {

    private static final String LOCK_MEMBERS = """
            SELECT 1 FROM room_members m
            JOIN unnest(?::bigint[], ?::bigint[]) AS k (room_id, user_id) ON m.room_id = k.room_id AND m.user_id = k.user_id
            ORDER BY m.room_id, m.user_id
            FOR UPDATE OF m""";

    private MemberLocks() {
    }

    /** Locks the member rows (roomIds[i], userIds[i]) in the current transaction, in the global order. */
    public static void lock(Connection db, List<?> roomIds, List<?> userIds) throws SQLException {
        try (PreparedStatement lock = db.prepareStatement(LOCK_MEMBERS)) {
            lock.setArray(1, db.createArrayOf("bigint", roomIds.toArray()));
            lock.setArray(2, db.createArrayOf("bigint", userIds.toArray()));
            lock.executeQuery().close();
        }
    }
}

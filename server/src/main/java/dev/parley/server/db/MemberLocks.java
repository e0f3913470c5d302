package dev.parley.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The one lock order for {@code room_members}: every transaction that waits for several member rows first locks them
 * sorted by (room_id, user_id) (the lock is taken above the sort), so delivery recorders on any number of nodes can
 * never deadlock each other. The message writer takes member rows with {@code SKIP LOCKED} and never waits for one.
 *
 * <p>The statement opens a {@link Pipelines pipeline}: the lock and the change that follows it are one round trip.
 */
public final class MemberLocks {

    /** Locks the rows of two parallel bigint arrays (room ids, user ids); two parameters. */
    public static final String SQL = """
            SELECT 1 FROM room_members m
            JOIN unnest(?::bigint[], ?::bigint[]) AS k (room_id, user_id) ON m.room_id = k.room_id AND m.user_id = k.user_id
            ORDER BY m.room_id, m.user_id
            FOR UPDATE OF m""";

    private MemberLocks() {
    }

    /** Binds the member rows (roomIds[i], userIds[i]) to the two parameters of {@link #SQL} starting at {@code first}. */
    public static void bind(Connection db, PreparedStatement statement, int first, List<?> roomIds, List<?> userIds)
            throws SQLException {
        statement.setArray(first, db.createArrayOf("bigint", roomIds.toArray()));
        statement.setArray(first + 1, db.createArrayOf("bigint", userIds.toArray()));
    }
}

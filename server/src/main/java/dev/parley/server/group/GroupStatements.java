package dev.parley.server.group;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The SQL of membership changes, run inside a {@link dev.parley.server.message.RoomEvents} transaction that holds
 * the room's row lock. A member row is never deleted: leaving sets {@code left_seq} (the member keeps reading up to
 * it); joining again moves the old range to {@code room_member_ranges} and starts a new one. A joining member's
 * watermarks start just below their first event: the earlier messages are not theirs to receive or read, so they
 * neither hold back anyone's ticks nor count as unread.
 *
 * <p>Plain JDBC: these run on the transaction's connection, between the room lock and the event insert.
 */
final class GroupStatements {

    /** Who became owner when the owner left. */
    record Successor(long userId, String username) {
    }

    private GroupStatements() {
    }

    static long insertGroup(Connection db, UUID roomUuid, String name) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO rooms (room_uuid, room_name, kind) VALUES (?, ?, 'group') RETURNING id")) {
            insert.setObject(1, roomUuid);
            insert.setString(2, name);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** A first membership, from {@code seq} on. */
    static void join(Connection db, long roomId, long userId, String role, long seq) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO room_members (room_id, user_id, role, joined_seq, delivered_seq, read_seq)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, roomId);
            insert.setLong(2, userId);
            insert.setString(3, role);
            insert.setLong(4, seq);
            insert.setLong(5, seq - 1);
            insert.setLong(6, seq - 1);
            insert.executeUpdate();
        }
    }

    /** Adds a member from {@code seq} on; false when they are a member already. */
    static boolean addMember(Connection db, long roomId, long userId, long seq) throws SQLException {
        Long leftSeq;
        boolean known;
        try (PreparedStatement query = db.prepareStatement(
                "SELECT left_seq FROM room_members WHERE room_id = ? AND user_id = ? FOR UPDATE")) {
            query.setLong(1, roomId);
            query.setLong(2, userId);
            try (ResultSet row = query.executeQuery()) {
                known = row.next();
                leftSeq = known ? (Long) row.getObject(1) : null;
            }
        }
        if (!known) {
            join(db, roomId, userId, "member", seq);
            return true;
        }
        if (leftSeq == null) {
            return false;
        }
        try (PreparedStatement keep = db.prepareStatement("""
                INSERT INTO room_member_ranges (room_id, user_id, from_seq, to_seq)
                SELECT room_id, user_id, joined_seq, left_seq FROM room_members WHERE room_id = ? AND user_id = ?""");
             PreparedStatement rejoin = db.prepareStatement("""
                UPDATE room_members SET joined_seq = ?, left_seq = NULL, role = 'member', joined_at = now(),
                  delivered_seq = GREATEST(delivered_seq, ?), read_seq = GREATEST(read_seq, ?)
                WHERE room_id = ? AND user_id = ?""")) {
            keep.setLong(1, roomId);
            keep.setLong(2, userId);
            keep.executeUpdate();
            rejoin.setLong(1, seq);
            rejoin.setLong(2, seq - 1);
            rejoin.setLong(3, seq - 1);
            rejoin.setLong(4, roomId);
            rejoin.setLong(5, userId);
            rejoin.executeUpdate();
        }
        return true;
    }

    /** Ends a membership at {@code seq} (the event that ends it is the last one they see). */
    static void end(Connection db, long roomId, long userId, long seq) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("""
                UPDATE room_members SET left_seq = ?, role = 'member'
                WHERE room_id = ? AND user_id = ? AND left_seq IS NULL""")) {
            update.setLong(1, seq);
            update.setLong(2, roomId);
            update.setLong(3, userId);
            update.executeUpdate();
        }
    }

    /** A current member's role, or null for anyone else. */
    static String roleOf(Connection db, long roomId, long userId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "SELECT role FROM room_members WHERE room_id = ? AND user_id = ? AND left_seq IS NULL")) {
            query.setLong(1, roomId);
            query.setLong(2, userId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    static void setRole(Connection db, long roomId, long userId, String role) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "UPDATE room_members SET role = ? WHERE room_id = ? AND user_id = ? AND left_seq IS NULL")) {
            update.setString(1, role);
            update.setLong(2, roomId);
            update.setLong(3, userId);
            update.executeUpdate();
        }
    }

    static int countMembers(Connection db, long roomId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM room_members WHERE room_id = ? AND left_seq IS NULL")) {
            query.setLong(1, roomId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Renames the group; false when it has that name already. */
    static boolean rename(Connection db, long roomId, String name) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "UPDATE rooms SET room_name = ? WHERE id = ? AND room_name <> ?")) {
            update.setString(1, name);
            update.setLong(2, roomId);
            update.setString(3, name);
            return update.executeUpdate() > 0;
        }
    }

    /**
     * Makes the longest-standing admin (else member) the owner, after the owner left; null when nobody is left (the
     * group is kept, with its history, and no members).
     */
    static Successor promoteSuccessor(Connection db, long roomId) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("""
                UPDATE room_members m SET role = 'owner' FROM users u
                WHERE u.id = m.user_id AND m.room_id = ? AND m.user_id = (
                  SELECT user_id FROM room_members WHERE room_id = ? AND left_seq IS NULL
                  ORDER BY role = 'admin' DESC, joined_at, joined_seq, user_id LIMIT 1)
                RETURNING m.user_id, u.username""")) {
            update.setLong(1, roomId);
            update.setLong(2, roomId);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? new Successor(row.getLong(1), row.getString(2)) : null;
            }
        }
    }
}

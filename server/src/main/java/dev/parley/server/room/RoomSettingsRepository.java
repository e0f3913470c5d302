package dev.parley.server.room;

import dev.parley.protocol.RoomView;
import dev.parley.server.common.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import javax.sql.DataSource;

/**
 * One member's settings of their chats (V14 columns of {@code room_members}), changed in one transaction that holds
 * the user's row: two pins at once from two devices cannot both pass the limit of {@link RoomView#MAX_PINNED}.
 */
final class RoomSettingsRepository {

    /** A change; null fields stay as they are. {@code mute} true: set {@code mutedUntil} (null = unmute now). */
    record Change(Boolean pinned, boolean mute, String mutedUntil, Boolean archived, Boolean markedUnread,
                  Long clearedSeq) {
    }

    /** Serialises the changes of one user (the pin count is read after it, so a concurrent pin is seen). */
    private static final String LOCK_USER = "SELECT 1 FROM users WHERE id = ? FOR UPDATE";
    /** The member row and the last seq the member can see (where they left, for a former member). */
    private static final String CURRENT = """
            SELECT LEAST(r.last_seq, COALESCE(m.left_seq, r.last_seq)) AS end_seq, m.cleared_seq,
                   m.pinned_at IS NOT NULL AS pinned
            FROM room_members m JOIN rooms r ON r.id = m.room_id
            WHERE m.room_id = ? AND m.user_id = ?""";
    private static final String PINNED_ELSEWHERE = """
            SELECT count(*) FROM room_members WHERE user_id = ? AND pinned_at IS NOT NULL AND room_id <> ?""";
    /**
     * Pinning keeps the first pin time; archiving unpins and pinning unarchives (WhatsApp never shows an archived
     * chat pinned); unmuting stores now() so that what arrived while muted still leaves an archived chat archived.
     * Muting a chat that a message from someone else already brought back from the archive settles that first (the
     * chat is no longer archived): read against the new mute, that message would count as one that came while muted.
     */
    private static final String UPDATE = """
            UPDATE room_members SET
              pinned_at = CASE WHEN ? THEN NULL WHEN ?::boolean IS NULL THEN pinned_at
                               WHEN ? THEN COALESCE(pinned_at, now()) ELSE NULL END,
              muted_until = CASE WHEN ? THEN COALESCE(CAST(? AS timestamptz), now()) ELSE muted_until END,
              archived_seq = CASE WHEN ? THEN NULL
                                  WHEN ?::boolean IS NULL THEN
                                    CASE WHEN ? AND archived_seq IS NOT NULL AND EXISTS (SELECT 1 FROM messages a
                                        WHERE a.room_id = room_members.room_id AND a.seq > room_members.archived_seq
                                          AND a.event IS NULL AND a.sender_id <> room_members.user_id
                                          AND (room_members.muted_until IS NULL
                                               OR a.created_at > room_members.muted_until))
                                    THEN NULL ELSE archived_seq END
                                  WHEN ? THEN ? ELSE NULL END,
              marked_unread = COALESCE(?, marked_unread),
              cleared_seq = COALESCE(?, cleared_seq)
            WHERE room_id = ? AND user_id = ?""";
    private static final String CLEAR_MARKED_UNREAD = """
            UPDATE room_members SET marked_unread = false WHERE room_id = ? AND user_id = ? AND marked_unread""";

    private final DataSource pool;

    RoomSettingsRepository(DataSource pool) {
        this.pool = pool;
    }

    /** Applies the change to the user's membership of the room (they are or were a member), or throws 400/409. */
    void apply(long roomId, long userId, Change change) {
        try (Connection db = pool.getConnection()) {
            db.setAutoCommit(false);
            try {
                apply(db, roomId, userId, change);
                db.commit();
            } catch (RuntimeException | SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("chat settings not stored: " + e.getMessage(), e);
        }
    }

    private static void apply(Connection db, long roomId, long userId, Change change) throws SQLException {
        try (PreparedStatement lock = db.prepareStatement(LOCK_USER)) {
            lock.setLong(1, userId);
            lock.executeQuery().close();
        }
        long endSeq;
        long clearedSeq;
        boolean pinned;
        try (PreparedStatement read = db.prepareStatement(CURRENT)) {
            read.setLong(1, roomId);
            read.setLong(2, userId);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("user " + userId + " has no membership of room " + roomId);
                }
                endSeq = row.getLong(1);
                clearedSeq = row.getLong(2);
                pinned = row.getBoolean(3);
            }
        }
        if (change.clearedSeq() != null) {
            if (change.clearedSeq() > endSeq) {
                throw ApiException.validation("cleared_seq " + change.clearedSeq()
                        + " is beyond the newest message of this chat (" + endSeq + ")");
            }
            if (change.clearedSeq() < clearedSeq) {
                throw ApiException.validation("this chat was cleared up to " + clearedSeq
                        + " already: cleared history cannot be brought back");
            }
        }
        if (Boolean.TRUE.equals(change.pinned()) && !pinned) {
            try (PreparedStatement count = db.prepareStatement(PINNED_ELSEWHERE)) {
                count.setLong(1, userId);
                count.setLong(2, roomId);
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    if (row.getLong(1) >= RoomView.MAX_PINNED) {
                        throw ApiException.conflict("you can pin up to " + RoomView.MAX_PINNED
                                + " chats: unpin one first");
                    }
                }
            }
        }
        try (PreparedStatement update = db.prepareStatement(UPDATE)) {
            boolean archiving = Boolean.TRUE.equals(change.archived());
            boolean pinning = Boolean.TRUE.equals(change.pinned());
            update.setBoolean(1, archiving);
            update.setObject(2, change.pinned(), Types.BOOLEAN);
            update.setObject(3, change.pinned(), Types.BOOLEAN);
            update.setBoolean(4, change.mute());
            update.setString(5, change.mutedUntil());
            update.setBoolean(6, pinning);
            update.setObject(7, change.archived(), Types.BOOLEAN);
            update.setBoolean(8, change.mute());
            update.setObject(9, change.archived(), Types.BOOLEAN);
            update.setLong(10, endSeq);
            update.setObject(11, change.markedUnread(), Types.BOOLEAN);
            update.setObject(12, change.clearedSeq(), Types.BIGINT);
            update.setLong(13, roomId);
            update.setLong(14, userId);
            update.executeUpdate();
        }
    }

    /** The user read the chat: it is no longer marked unread. True when it was. */
    boolean clearMarkedUnread(long roomId, long userId) {
        try (Connection db = pool.getConnection();
             PreparedStatement update = db.prepareStatement(CLEAR_MARKED_UNREAD)) {
            update.setLong(1, roomId);
            update.setLong(2, userId);
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("chat not marked read: " + e.getMessage(), e);
        }
    }
}

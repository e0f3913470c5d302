package dev.parley.server.message;

import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.ErrorMapping;
import dev.parley.server.common.Ids;
import dev.parley.server.room.RoomRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Edits, deletes for everyone and reactions: each one a room event. In one transaction that holds the room's row
 * lock (the lock every batch of messages and every membership change takes too) it checks the rules against the
 * message as it is now, changes the message's row, and appends the action as an event that takes the room's next
 * seq, carrying the actor's client_id (so a retry finds it and never acts twice). A change that changes nothing (the
 * same emoji again, the same text) stores no event. After the commit the {@link MessageFanOut} answers the actor
 * and delivers the update, under the room's {@link RoomLocks lock} like everything else of the room.
 */
final class MessageActions {

    /** What to do to the message {@code seq}. */
    sealed interface Change {
        long seq();

        /** The wire name of the action ({@link ServerFrame.Update#action()}). */
        String action();

        record Edit(long seq, String content) implements Change {
            @Override
            public String action() {
                return ServerFrame.Update.EDIT;
            }
        }

        record Delete(long seq) implements Change {
            @Override
            public String action() {
                return ServerFrame.Update.DELETE;
            }
        }

        /** {@code emoji} null removes the actor's reaction. */
        record React(long seq, String emoji) implements Change {
            @Override
            public String action() {
                return ServerFrame.Update.REACT;
            }
        }
    }

    /** How long after sending its sender may edit a message, and delete it for everyone. */
    record Windows(Duration edit, Duration delete) {
    }

    /**
     * The outcome: the message as it is now; {@code update} the event stored (null: nothing changed, or
     * {@code resent}, a retry of an action stored before).
     */
    record Done(MessageView message, ServerFrame.Update update, boolean resent) {
    }

    private static final String FIND_CLIENT_ID = """
            SELECT room_id, target_seq, event->>'action' FROM messages WHERE sender_id = ? AND client_id = ?""";
    private static final String LOCK_ROOM = "SELECT last_seq, message_count FROM rooms WHERE id = ? FOR UPDATE";
    private static final String MEMBERSHIP = "SELECT role, left_seq FROM room_members WHERE room_id = ? AND user_id = ?";
    /** The message, row-locked, and whether it is still within the edit and the delete window (the database's clock). */
    private static final String LOCK_MESSAGE = """
            SELECT sender_id, content, event IS NOT NULL, deleted_at IS NOT NULL,
                   created_at > now() - make_interval(secs => ?), created_at > now() - make_interval(secs => ?)
            FROM messages WHERE room_id = ? AND seq = ? FOR UPDATE""";
    private static final String SAVE_VERSION = """
            INSERT INTO message_versions (room_id, seq, edit_seq, content) VALUES (?, ?, ?, ?)""";
    private static final String EDIT = "UPDATE messages SET content = ?, edited_at = now() WHERE room_id = ? AND seq = ?";
    private static final String FORGET_VERSIONS = "DELETE FROM message_versions WHERE room_id = ? AND seq = ?";
    private static final String FORGET_REACTIONS = "DELETE FROM message_reactions WHERE room_id = ? AND seq = ?";
    /** Its attachments: shown to nobody from now on; the attachment cleanup removes their rows and blobs. */
    private static final String FORGET_ATTACHMENTS = """
            UPDATE attachments SET state = 'deleted' WHERE room_id = ? AND message_seq = ? AND state = 'sent'""";
    private static final String TOMBSTONE = """
            UPDATE messages SET content = '', deleted_at = now(), deleted_by = ?, edited_at = NULL, reply_to = NULL,
                                has_reactions = NULL
            WHERE room_id = ? AND seq = ?""";
    private static final String MARK_REACTIONS = """
            UPDATE messages m SET has_reactions = CASE WHEN EXISTS (SELECT 1 FROM message_reactions r
                                                   WHERE r.room_id = m.room_id AND r.seq = m.seq) THEN true END
            WHERE m.room_id = ? AND m.seq = ?""";
    private static final String OWN_REACTION = """
            SELECT emoji FROM message_reactions WHERE room_id = ? AND seq = ? AND user_id = ?""";
    private static final String SET_REACTION = """
            INSERT INTO message_reactions (room_id, seq, user_id, emoji, event_seq) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (room_id, seq, user_id)
            DO UPDATE SET emoji = EXCLUDED.emoji, event_seq = EXCLUDED.event_seq, reacted_at = now()""";
    private static final String REMOVE_REACTION = """
            DELETE FROM message_reactions WHERE room_id = ? AND seq = ? AND user_id = ?""";
    private static final String APPEND = """
            INSERT INTO messages (message_uuid, room_id, seq, sender_id, content, client_id, event, msg_no, target_seq)
            VALUES (?, ?, ?, ?, '', ?, jsonb_build_object('action', ?::text), ?, ?)""";
    private static final String MOVE_END = "UPDATE rooms SET last_seq = ? WHERE id = ?";

    private final DataSource pool;
    private final MessageRepository messages;
    private final Windows windows;
    /** Told after a delete committed: attachments are waiting for the cleanup. */
    private final Runnable attachmentsDeleted;

    MessageActions(DataSource pool, MessageRepository messages, Windows windows, Runnable attachmentsDeleted) {
        this.pool = pool;
        this.messages = messages;
        this.windows = windows;
        this.attachmentsDeleted = attachmentsDeleted;
    }

    /**
     * Applies {@code change} by {@code actor} (checked a member who may write to the room) and commits it; throws an
     * {@link ApiException} (nothing changed) when a rule forbids it. The caller holds the room's {@link RoomLocks lock}.
     */
    Done apply(AuthUser actor, RoomRef room, Change change, String clientId) {
        for (int attempt = 1; ; attempt++) {
            try (Connection db = pool.getConnection()) {
                db.setAutoCommit(false);
                Done done;
                try {
                    done = inTransaction(db, actor, room, change, clientId);
                } catch (SQLException | RuntimeException e) {
                    db.rollback();
                    throw e;
                }
                try {
                    db.commit();
                } catch (SQLException e) {
                    throw ErrorMapping.unlessConnectionLost(e); // sent: it may have been applied (no rollback)
                }
                if (change instanceof Change.Delete && done.update() != null) {
                    attachmentsDeleted.run();
                }
                return done;
            } catch (SQLException e) {
                // The same client_id stored meanwhile (a retry racing its original, maybe on another node): answer
                // as a retry; and a deadlock victim or serialization failure is simply run again.
                boolean again = "23505".equals(e.getSQLState()) || "40P01".equals(e.getSQLState())
                        || "40001".equals(e.getSQLState());
                if (!again || attempt == 3) {
                    throw ErrorMapping.toApiException(e, "a message action by " + actor.username());
                }
            }
        }
    }

    private Done inTransaction(Connection db, AuthUser actor, RoomRef room, Change change, String clientId)
            throws SQLException {
        if (clientId != null) {
            Done resent = resent(db, actor, room, change, clientId);
            if (resent != null) {
                return resent;
            }
        }
        long lastSeq;
        long messageCount;
        try (PreparedStatement lock = db.prepareStatement(LOCK_ROOM)) {
            lock.setLong(1, room.id());
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                lastSeq = row.getLong(1);
                messageCount = row.getLong(2);
            }
        }
        String role = currentRole(db, actor, room);
        Target target = lockTarget(db, actor, room, change.seq());
        long seq = lastSeq + 1;
        boolean changed = switch (change) {
            case Change.Edit edit -> edit(db, actor, room, target, edit, seq);
            case Change.Delete delete -> delete(db, actor, room, target, delete.seq(), role);
            case Change.React react -> react(db, actor, room, react, seq);
        };
        MessageView now = messages.current(db, room, change.seq()).orElseThrow();
        if (!changed) {
            return new Done(now, null, false);
        }
        try (PreparedStatement append = db.prepareStatement(APPEND)) {
            append.setObject(1, Ids.next());
            append.setLong(2, room.id());
            append.setLong(3, seq);
            append.setLong(4, actor.id());
            append.setString(5, clientId);
            append.setString(6, change.action());
            append.setLong(7, messageCount);
            append.setLong(8, change.seq());
            append.executeUpdate();
        }
        try (PreparedStatement move = db.prepareStatement(MOVE_END)) {
            move.setLong(1, seq);
            move.setLong(2, room.id());
            move.executeUpdate();
        }
        return new Done(now, new ServerFrame.Update(room.uuid(), seq, change.action(), actor.username(), now), false);
    }

    /** A retry of an action stored before: the message as it is now; null when the client_id is new. */
    private Done resent(Connection db, AuthUser actor, RoomRef room, Change change, String clientId)
            throws SQLException {
        try (PreparedStatement find = db.prepareStatement(FIND_CLIENT_ID)) {
            find.setLong(1, actor.id());
            find.setString(2, clientId);
            try (ResultSet row = find.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                if (row.getLong(1) != room.id() || row.getLong(2) != change.seq()
                        || !change.action().equals(row.getString(3))) {
                    throw ApiException.conflict("client_id was already used for another message or action");
                }
            }
        }
        return new Done(messages.current(db, room, change.seq()).orElseThrow(), null, true);
    }

    /** The actor's role, checked under the room's lock: only a current member acts on a room. */
    private static String currentRole(Connection db, AuthUser actor, RoomRef room) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(MEMBERSHIP)) {
            query.setLong(1, room.id());
            query.setLong(2, actor.id());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next() || row.getObject(2) != null) {
                    throw ApiException.forbidden("you are no longer a member of this group");
                }
                return row.getString(1);
            }
        }
    }

    /** The message the action is about, row-locked, and whether its sender may still edit it and delete it. */
    private record Target(long senderId, String content, boolean editable, boolean deletable) {
    }

    private Target lockTarget(Connection db, AuthUser actor, RoomRef room, long seq) throws SQLException {
        // Whether they may see it, from the membership rows under the room's lock (a cached room may be stale).
        if (seq < 1 || !MessageRepository.sees(db, room.id(), actor.id(), seq)) {
            throw noSuchMessage(seq);
        }
        try (PreparedStatement query = db.prepareStatement(LOCK_MESSAGE)) {
            query.setLong(1, windows.edit().toSeconds());
            query.setLong(2, windows.delete().toSeconds());
            query.setLong(3, room.id());
            query.setLong(4, seq);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw noSuchMessage(seq);
                }
                if (row.getBoolean(3)) {
                    throw ApiException.validation("that is a room event (seq " + seq + "), not a message: it cannot be"
                            + " edited, deleted, reacted to or replied to");
                }
                if (row.getBoolean(4)) {
                    throw ApiException.conflict("the message was deleted");
                }
                return new Target(row.getLong(1), row.getString(2), row.getBoolean(5), row.getBoolean(6));
            }
        }
    }

    static ApiException noSuchMessage(long seq) {
        return ApiException.notFound("there is no such message (seq " + seq + ") in this room that you can see");
    }

    private boolean edit(Connection db, AuthUser actor, RoomRef room, Target target, Change.Edit edit, long editSeq)
            throws SQLException {
        if (target.senderId() != actor.id()) {
            throw ApiException.forbidden("only its sender can edit a message");
        }
        if (!target.editable()) {
            throw ApiException.forbidden("a message can be edited only within " + describe(windows.edit())
                    + " of sending it");
        }
        if (target.content().equals(edit.content())) {
            return false;
        }
        try (PreparedStatement save = db.prepareStatement(SAVE_VERSION)) {
            save.setLong(1, room.id());
            save.setLong(2, edit.seq());
            save.setLong(3, editSeq);
            save.setString(4, target.content());
            save.executeUpdate();
        }
        try (PreparedStatement update = db.prepareStatement(EDIT)) {
            update.setString(1, edit.content());
            update.setLong(2, room.id());
            update.setLong(3, edit.seq());
            update.executeUpdate();
        }
        return true;
    }

    private boolean delete(Connection db, AuthUser actor, RoomRef room, Target target, long seq, String role)
            throws SQLException {
        boolean admin = room.group() && ("admin".equals(role) || "owner".equals(role));
        if (!admin) {
            if (target.senderId() != actor.id()) {
                throw ApiException.forbidden(room.group()
                        ? "only its sender or a group admin can delete a message for everyone"
                        : "only its sender can delete a message for everyone");
            }
            if (!target.deletable()) {
                throw ApiException.forbidden("a message can be deleted for everyone only within "
                        + describe(windows.delete()) + " of sending it");
            }
        }
        // Gone from the database, not hidden: the text, every earlier version, every reaction; its attachments soon.
        for (String sql : new String[] {FORGET_VERSIONS, FORGET_REACTIONS, FORGET_ATTACHMENTS}) {
            try (PreparedStatement statement = db.prepareStatement(sql)) {
                statement.setLong(1, room.id());
                statement.setLong(2, seq);
                statement.executeUpdate();
            }
        }
        try (PreparedStatement tombstone = db.prepareStatement(TOMBSTONE)) {
            tombstone.setLong(1, actor.id());
            tombstone.setLong(2, room.id());
            tombstone.setLong(3, seq);
            tombstone.executeUpdate();
        }
        return true;
    }

    private boolean react(Connection db, AuthUser actor, RoomRef room, Change.React react, long eventSeq)
            throws SQLException {
        String mine = null;
        try (PreparedStatement query = db.prepareStatement(OWN_REACTION)) {
            query.setLong(1, room.id());
            query.setLong(2, react.seq());
            query.setLong(3, actor.id());
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    mine = row.getString(1);
                }
            }
        }
        if (java.util.Objects.equals(mine, react.emoji())) {
            return false;
        }
        try (PreparedStatement statement = db.prepareStatement(react.emoji() == null ? REMOVE_REACTION : SET_REACTION)) {
            statement.setLong(1, room.id());
            statement.setLong(2, react.seq());
            statement.setLong(3, actor.id());
            if (react.emoji() != null) {
                statement.setString(4, react.emoji());
                statement.setLong(5, eventSeq);
            }
            statement.executeUpdate();
        }
        try (PreparedStatement mark = db.prepareStatement(MARK_REACTIONS)) {
            mark.setLong(1, room.id());
            mark.setLong(2, react.seq());
            mark.executeUpdate();
        }
        return true;
    }

    /** "15 minutes", "48 hours": a window as people say it. */
    static String describe(Duration window) {
        long seconds = window.toSeconds();
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}

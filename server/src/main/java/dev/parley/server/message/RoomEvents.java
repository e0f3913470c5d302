package dev.parley.server.message;

import dev.parley.protocol.EventView;
import dev.parley.protocol.MessageView;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.ErrorMapping;
import dev.parley.server.common.Ids;
import dev.parley.server.room.EventJson;
import dev.parley.server.room.RoomRef;
import dev.parley.server.room.RoomService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The room's event log for everything that is not a message: a membership or room change (created, added, removed,
 * left, renamed, role_changed) is applied and stored as events in one transaction that holds the room's row lock
 * (the lock every batch of messages takes too), each event taking the room's next seq. So seq is the room's one
 * order: {@code sync} replays messages and membership alike, and a send is checked against the membership of the
 * moment it is numbered. After the commit the events go out like messages, through the {@link MessageFanOut},
 * under the room's {@link RoomLocks lock}: the added receive a {@code room} frame first, the removed their removal
 * and then nothing more.
 */
public final class RoomEvents {

    /**
     * A change to a room, run inside the transaction with the room's row locked: checks what it needs (throwing an
     * {@link ApiException} changes nothing), writes its rows and returns the events it made, which take the seqs
     * {@code firstSeq}, {@code firstSeq + 1}, ... in order (none: nothing to store, e.g. adding a member twice).
     */
    @FunctionalInterface
    public interface Change {
        List<EventView> apply(Connection db, long roomId, long firstSeq) throws SQLException;
    }

    /** Inserts a new room (kind, name, no events yet) and returns its id; run in the same transaction. */
    @FunctionalInterface
    public interface NewRoom {
        long insert(Connection db) throws SQLException;
    }

    private static final String LOCK_ROOM = "SELECT last_seq, message_count FROM rooms WHERE id = ? FOR UPDATE";
    private static final String INSERT_EVENT = """
            INSERT INTO messages (message_uuid, room_id, seq, sender_id, content, event, msg_no)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) RETURNING created_at""";
    private static final String MOVE_END =
            "UPDATE rooms SET last_seq = ?, last_shown_seq = ?, last_activity_at = now() WHERE id = ?";

    private final DataSource pool;
    private final RoomLocks locks;
    private final MessageFanOut fanOut;
    private final RoomService rooms;

    RoomEvents(DataSource pool, RoomLocks locks, MessageFanOut fanOut, RoomService rooms) {
        this.pool = pool;
        this.locks = locks;
        this.fanOut = fanOut;
        this.rooms = rooms;
    }

    /** Applies {@code change} to the room and appends its events; returns them (empty: nothing changed). */
    public List<MessageView> append(AuthUser actor, long roomId, Change change) {
        return locks.withLock(roomId, () -> commit(actor, null, roomId, change));
    }

    /** Creates a room and appends its first events ({@code created}); returns the room's id and its events. */
    public long create(AuthUser actor, NewRoom room, Change change) {
        long[] id = new long[1];
        List<MessageView> events = commit(actor, room, 0, (db, roomId, seq) -> {
            id[0] = roomId;
            return change.apply(db, roomId, seq);
        });
        if (events.isEmpty()) {
            throw new IllegalStateException("a new room without its first event");
        }
        return id[0];
    }

    private List<MessageView> commit(AuthUser actor, NewRoom newRoom, long roomId, Change change) {
        List<EventView> made;
        List<MessageView> views = new ArrayList<>();
        long id = roomId;
        try (Connection db = pool.getConnection()) {
            db.setAutoCommit(false);
            try {
                if (newRoom != null) {
                    id = newRoom.insert(db);
                }
                long lastSeq;
                long messageCount;
                try (PreparedStatement lock = db.prepareStatement(LOCK_ROOM)) {
                    lock.setLong(1, id);
                    try (ResultSet row = lock.executeQuery()) {
                        if (!row.next()) {
                            throw new IllegalStateException("no room with id " + id);
                        }
                        lastSeq = row.getLong(1);
                        messageCount = row.getLong(2);
                    }
                }
                made = change.apply(db, id, lastSeq + 1);
                if (made.isEmpty()) {
                    db.rollback();
                    return List.of();
                }
                long seq = lastSeq;
                List<UUID> uuids = new ArrayList<>();
                List<java.sql.Timestamp> times = new ArrayList<>();
                try (PreparedStatement insert = db.prepareStatement(INSERT_EVENT)) {
                    for (EventView event : made) {
                        UUID uuid = Ids.next();
                        insert.setObject(1, uuid);
                        insert.setLong(2, id);
                        insert.setLong(3, ++seq);
                        insert.setLong(4, actor.id());
                        insert.setString(5, event.describe());
                        insert.setString(6, EventJson.write(event));
                        insert.setLong(7, messageCount);
                        try (ResultSet created = insert.executeQuery()) {
                            created.next();
                            times.add(created.getTimestamp(1));
                        }
                        uuids.add(uuid);
                    }
                }
                try (PreparedStatement move = db.prepareStatement(MOVE_END)) {
                    move.setLong(1, seq);
                    move.setLong(2, seq);
                    move.setLong(3, id);
                    move.executeUpdate();
                }
                try {
                    db.commit();
                } catch (SQLException e) {
                    if (ErrorMapping.isDatabaseOutage(e)) {
                        rooms.changed(id); // it may have been applied: read the room again next time
                        throw new ErrorMapping.OutcomeUnknownException(e); // no rollback on a lost connection
                    }
                    throw e;
                }
                rooms.changed(id);
                RoomRef room = rooms.byId(id);
                for (int i = 0; i < made.size(); i++) {
                    views.add(new MessageView(uuids.get(i), made.get(i).describe(), room.name(), room.uuid(),
                            actor.username(), times.get(i).toInstant(), lastSeq + 1 + i, null, MessageView.EVENT,
                            made.get(i)));
                }
            } catch (SQLException | RuntimeException e) {
                if (!(e instanceof ErrorMapping.OutcomeUnknownException)) {
                    db.rollback();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw ErrorMapping.toApiException(e, "a room change by " + actor.username());
        }
        long committedId = id;
        if (newRoom != null) {
            // A new room: nobody follows it yet. Lock it now (nobody else knows it) and deliver from its start.
            locks.withLock(committedId, () -> deliver(committedId, views, actor));
        } else {
            deliver(committedId, views, actor); // append() holds the room's lock
        }
        return views;
    }

    /** The current members that these events (a {@code created} or an {@code added}) brought into the room. */
    static Set<Long> broughtIn(RoomRef room, Iterable<MessageView> events) {
        Set<Long> brought = new HashSet<>();
        for (MessageView view : events) {
            if (!view.roomEvent()) {
                continue;
            }
            EventView event = view.event();
            boolean created = event.action().equals(EventView.CREATED);
            if (created || event.action().equals(EventView.ADDED)) {
                for (long memberId : room.memberIds()) {
                    if (created || event.users().contains(room.username(memberId))) {
                        brought.add(memberId);
                    }
                }
            }
        }
        return brought;
    }

    /** The room frame to whoever the events brought in (before the events themselves), then the events. */
    private void deliver(long roomId, List<MessageView> views, AuthUser actor) {
        RoomRef room = rooms.byId(roomId);
        Set<Long> brought = broughtIn(room, views);
        if (!brought.isEmpty()) {
            fanOut.follow(roomId, views.getFirst().seq() - 1);
            rooms.announce(room, brought);
        }
        fanOut.eventsCommitted(roomId, views, actor.id());
    }
}

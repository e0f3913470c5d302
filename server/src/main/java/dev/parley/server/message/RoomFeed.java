package dev.parley.server.message;

import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.message.MessageRepository.StoredMessage;
import dev.parley.server.realtime.Connection;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.realtime.Delivery;
import dev.parley.server.room.RoomRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way committed messages reach this node's connections, whichever node committed them. Per room it keeps
 * the position (highest seq) delivered here and delivers strictly in seq order: a gap (a message committed on
 * another node whose notification has not arrived, or was lost) is read from the database first.
 * Every method that moves a position runs under the room's {@link RoomLocks lock}, so positions need no further locking.
 */
final class RoomFeed {

    /** Room id to the highest seq delivered to this node's connections; only rooms with members connected here. */
    private final Map<Long, Long> positions = new ConcurrentHashMap<>();
    private final MessageRepository messages;
    private final ConnectionHub hub;
    private final int readLimit;

    RoomFeed(MessageRepository messages, ConnectionHub hub, int readLimit) {
        this.messages = messages;
        this.hub = hub;
        this.readLimit = readLimit;
    }

    /** Starts following a room at {@code lastSeq} (its current end) unless it is followed already. */
    void follow(long roomId, long lastSeq) {
        positions.putIfAbsent(roomId, lastSeq);
    }

    /** Stops following a room (nobody here is in it); a member who connects later follows it again. */
    void forget(long roomId) {
        positions.remove(roomId);
    }

    /** The rooms followed here, with their positions. */
    Map<Long, Long> positions() {
        return Map.copyOf(positions);
    }

    /** A message committed on this node: deliver it (after any gap) to everyone here but {@code origin}. */
    void committedHere(RoomRef room, MessageView view, long senderId, Connection origin) {
        Long position = positions.get(room.id());
        if (position != null && view.seq() <= position) {
            return;
        }
        if (position != null && view.seq() > position + 1) {
            fill(room, position, view.seq() - 1);
        }
        deliver(room, new Delivery(room.id(), room.uuid(), view.seq(), senderId),
                Json.write(new ServerFrame.Message(view)), origin);
        positions.put(room.id(), view.seq());
    }

    /** Messages of the room up to {@code seq} are committed somewhere: deliver what this node has not yet. */
    void committedUpTo(RoomRef room, long seq) {
        if (hub.connections(room.memberIds()).isEmpty()) {
            positions.remove(room.id()); // nobody here to deliver to: forget the room until a member connects
            return;
        }
        Long position = positions.get(room.id());
        if (position == null) {
            position = seq - 1; // a member connected a moment ago: their sync covers everything before
        }
        if (seq > position) {
            fill(room, position, seq);
        }
    }

    /** Reads (from, to] from the database and delivers it in order. */
    private void fill(RoomRef room, long from, long to) {
        long position = from;
        while (position < to) {
            List<StoredMessage> rows = messages.after(room, position, readLimit);
            if (rows.isEmpty()) {
                break;
            }
            for (StoredMessage row : rows) {
                if (row.view().seq() > to) {
                    break;
                }
                deliver(room, new Delivery(room.id(), room.uuid(), row.view().seq(), row.senderId()),
                        Json.write(new ServerFrame.Message(row.view())), null);
                position = row.view().seq();
            }
            if (rows.size() < readLimit) {
                break;
            }
        }
        positions.put(room.id(), Math.max(position, positions.getOrDefault(room.id(), 0L)));
    }

    private void deliver(RoomRef room, Delivery delivery, String frame, Connection except) {
        hub.deliver(room.memberIds(), delivery, frame, except);
    }
}

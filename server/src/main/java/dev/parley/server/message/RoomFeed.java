package dev.parley.server.message;

import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.message.MessageRepository.StoredMessage;
import dev.parley.server.realtime.Connection;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.realtime.Delivery;
import dev.parley.server.room.RecentSenders;
import dev.parley.server.room.RoomRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * The one way committed events reach this node's connections, whichever node committed them. Per room it keeps
 * the position (highest seq) delivered here and delivers strictly in seq order: a gap (an event committed on
 * another node whose notification has not arrived, or was lost) is read from the database first.
 * Each event goes to those whose visible range holds its seq ({@link RoomRef#recipientsAt}): a membership event is
 * met in seq order here, so the room is re-read when one is newer than what is cached, and the members it names
 * receive it (the added their "added", the removed their "removed") and then exactly what follows for them.
 * Every method that moves a position runs under the room's {@link RoomLocks lock}, so positions need no further locking.
 */
final class RoomFeed {

    /** Room id to the highest seq delivered to this node's connections; only rooms with members connected here. */
    private final Map<Long, Long> positions = new ConcurrentHashMap<>();
    private final MessageRepository messages;
    private final ConnectionHub hub;
    private final int readLimit;
    private final LongFunction<RoomRef> rooms;
    private final LongConsumer changed;
    private final RecentSenders senders;

    /** {@code rooms} resolves a room by id (cached); {@code changed} forgets the cached one. */
    RoomFeed(MessageRepository messages, ConnectionHub hub, int readLimit, LongFunction<RoomRef> rooms,
             LongConsumer changed, RecentSenders senders) {
        this.messages = messages;
        this.hub = hub;
        this.readLimit = readLimit;
        this.rooms = rooms;
        this.changed = changed;
        this.senders = senders;
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

    /** An event committed on this node: deliver it (after any gap) to everyone here but {@code origin}. */
    void committedHere(StoredMessage event, Connection origin) {
        long roomId = event.roomId();
        Long position = positions.get(roomId);
        if (position != null && event.seq() <= position) {
            return;
        }
        long from = position != null ? position : unknownStart(roomId, event.seq());
        if (event.seq() > from + 1) {
            fill(roomId, from, event.seq() - 1);
        }
        deliver(event, origin);
        positions.put(roomId, event.seq());
    }

    /** Events of the room up to {@code seq} are committed somewhere: deliver what this node has not yet. */
    void committedUpTo(long roomId, long seq) {
        Long position = positions.get(roomId);
        if (hub.connections(rooms.apply(roomId).audienceAfter(position == null ? seq - 1 : position)).isEmpty()) {
            positions.remove(roomId); // nobody here to deliver to: forget the room until a member connects
            return;
        }
        long from = position != null ? position : unknownStart(roomId, seq);
        if (seq > from) {
            fill(roomId, from, seq);
        } else if (position == null) {
            positions.put(roomId, seq); // every connection here holds the room up to seq already
        }
    }

    /**
     * Where to start delivering a room this node has no position for, although members of it are connected here (its
     * lookup failed when they connected, or the notification that made it known here was lost): after the lowest seq
     * that any of their connections is known to hold, so that none receives {@code seq} without what came before it.
     * A connection that holds nothing of the room (a room new to it) gets its events from the start of what it may
     * see, within the last {@code readLimit} (further back the client pages itself, as it does on any gap). Connections
     * that hold more skip what they already have ({@link Connection#deliver} drops seqs already sent).
     */
    private long unknownStart(long roomId, long seq) {
        long from = seq;
        for (Connection connection : hub.connections(rooms.apply(roomId).audienceAfter(seq - 1))) {
            from = Math.min(from, Math.max(connection.heldUpTo(roomId), 0));
        }
        return Math.max(from, seq - 1 - readLimit);
    }

    /** Reads (from, to] from the database and delivers it in order. */
    private void fill(long roomId, long from, long to) {
        long position = from;
        while (position < to) {
            List<StoredMessage> rows = messages.after(rooms.apply(roomId), position, readLimit);
            if (rows.isEmpty()) {
                break;
            }
            for (StoredMessage row : rows) {
                if (row.seq() > to) {
                    break;
                }
                deliver(row, null);
                position = row.seq();
            }
            if (rows.size() < readLimit) {
                break;
            }
        }
        positions.put(roomId, Math.max(position, positions.getOrDefault(roomId, 0L)));
    }

    /**
     * Delivers one event to those who may see it: a message or membership event to everyone whose range holds its
     * seq, an update only to those of them who may also see the message it changed. A reply's quote of a message
     * a recipient may not see (sent before they joined) reaches them without its text.
     */
    private void deliver(StoredMessage event, Connection except) {
        long roomId = event.roomId();
        RoomRef room = rooms.apply(roomId);
        MessageView view = event.view();
        if (!event.isUpdate() && view.roomEvent() && event.seq() > room.loadedAtSeq()) {
            changed.accept(roomId); // cached from before this event: read the members it changed
            room = rooms.apply(roomId);
        }
        senders.record(roomId, event.seq(), event.isUpdate() || view.roomEvent() ? RecentSenders.NOBODY
                : event.senderId());
        Delivery delivery = new Delivery(roomId, room.uuid(), event.seq(), event.senderId());
        List<Long> recipients = room.recipientsAt(event.seq());
        if (!room.group()) { // everyone sees everything of a direct room
            hub.deliver(recipients, delivery, Json.write(event.frame(view)), except);
            return;
        }
        List<Long> whole = new ArrayList<>(recipients.size());
        List<Long> quoteHidden = new ArrayList<>();
        for (long recipient : recipients) {
            if (event.isUpdate() && !room.sees(recipient, view.seq())) {
                continue; // the changed message is from before they joined: nothing of it reaches them
            }
            boolean seesQuote = view.replyTo() == null || room.sees(recipient, view.replyTo().seq());
            (seesQuote ? whole : quoteHidden).add(recipient);
        }
        if (!whole.isEmpty()) {
            hub.deliver(whole, delivery, Json.write(event.frame(view)), except);
        }
        if (!quoteHidden.isEmpty()) {
            hub.deliver(quoteHidden, delivery, Json.write(event.frame(view.withQuoteHidden())), except);
        }
    }
}

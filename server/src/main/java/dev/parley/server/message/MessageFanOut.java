package dev.parley.server.message;

import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.ErrorMapping;
import dev.parley.server.message.MessageRepository.StoredMessage;
import dev.parley.server.message.MessageWriter.Committed;
import dev.parley.server.message.MessageWriter.Pending;
import dev.parley.server.realtime.Connection;
import dev.parley.server.room.RoomRef;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happens to a send after the writer is done with it, in one place: its origin is answered (the ack after the
 * commit, or the error it met: both from here, at most once), each room's new messages reach this node's connections
 * in seq order through the {@link RoomFeed}, and the room's new end is published to the other nodes. Messages
 * committed elsewhere (another node's notification, the periodic catch-up) reach the feed through here too. All of
 * it under the {@link RoomLocks} of the room: the writer holds a batch's locks while it calls {@link #committed}.
 */
final class MessageFanOut {

    private static final System.Logger LOG = System.getLogger(MessageFanOut.class.getName());

    private final RoomLocks locks;
    private final RoomFeed feed;
    private final ClusterBus bus;
    /** Told the room of every event committed here (after the commit): the search indexer follows these. */
    private volatile java.util.function.LongConsumer appended = roomId -> { };

    MessageFanOut(RoomLocks locks, RoomFeed feed, ClusterBus bus) {
        this.locks = locks;
        this.feed = feed;
        this.bus = bus;
    }

    /**
     * A committed batch, on the writer thread with the batch's room locks held: first every send's origin gets its
     * ack (per room in seq order), so that nothing the fan-out might throw can leave a committed send unanswered or
     * answered as failed; then per room in seq order everyone else gets the message, and the other nodes one
     * wake-up per room.
     */
    void committed(List<Committed> batch) {
        // By id: two sends of one room may carry different snapshots of it (one cached before a membership change).
        Map<Long, List<Committed>> byRoom = new LinkedHashMap<>();
        for (Committed committed : batch) {
            byRoom.computeIfAbsent(committed.pending().room().id(), r -> new ArrayList<>()).add(committed);
        }
        byRoom.values().forEach(messages -> {
            messages.sort(Comparator.comparingLong(c -> c.view().seq()));
            messages.forEach(MessageFanOut::answer);
        });
        byRoom.forEach(this::committedInRoom);
    }

    private void committedInRoom(long roomId, List<Committed> messages) {
        long newest = 0;
        for (Committed committed : messages) {
            if (!committed.created()) {
                continue; // a resend: delivered when it was first stored
            }
            newest = Math.max(newest, committed.view().seq());
            try {
                feed.committedHere(new StoredMessage(roomId, committed.pending().user().id(), committed.view()),
                        committed.pending().origin());
            } catch (RuntimeException e) {
                // Committed all the same: the periodic catch-up delivers whatever this missed.
                LOG.log(Level.WARNING, "Fan-out of room " + roomId + " failed: " + e.getMessage());
            }
        }
        if (newest > 0) {
            // After the commit: NOTIFY inside the inserting transaction would serialise every commit.
            published(roomId, newest);
        }
    }

    /** Sets who is told the room of every event committed here. */
    void onAppended(java.util.function.LongConsumer listener) {
        this.appended = listener;
    }

    /** Events of the room up to {@code seq} were committed here: the other nodes and the listener learn it. */
    private void published(long roomId, long seq) {
        bus.publish(new ClusterEvent.MessageCommitted(roomId, seq));
        try {
            appended.accept(roomId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Listener of room " + roomId + " failed: " + e.getMessage());
        }
    }

    /** A send that will not be stored: its origin (or its REST caller) learns why. */
    void failed(Pending pending, Throwable failure) {
        ApiException error = ErrorMapping.toApiException(failure, "a send of " + pending.user().username());
        if (error.code().equals("outcome_unknown") && pending.clientId() == null) {
            error = ApiException.outcomeUnknown("the connection to the database was lost while this message was being"
                    + " stored: it may or may not have been, and without a client_id a retry cannot tell (it may"
                    + " store it twice); send a client_id with every message to retry safely");
        }
        if (pending.result().completeExceptionally(error) && pending.origin() != null) {
            pending.origin().send(Json.write(error.toFrame(pending.clientId())));
        }
    }

    private static void answer(Committed committed) {
        Connection origin = committed.pending().origin();
        if (committed.pending().result().complete(committed) && origin != null) {
            origin.send(Json.write(new ServerFrame.Ack(committed.view().clientId(), committed.view())));
        }
    }

    /** Events of the room up to {@code seq} are committed somewhere: deliver what this node has not yet. */
    void committedUpTo(long roomId, long seq) {
        locks.withLock(roomId, () -> feed.committedUpTo(roomId, seq));
    }

    /**
     * Room events committed here (by {@link RoomEvents}, which holds the room's lock): delivered in seq order to
     * those they concern, then published as the room's new end.
     */
    void eventsCommitted(long roomId, List<MessageView> events, long actorId) {
        for (MessageView event : events) {
            try {
                feed.committedHere(new StoredMessage(roomId, actorId, event), null);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Fan-out of room " + roomId + " failed: " + e.getMessage());
            }
        }
        bus.publish(new ClusterEvent.RoomChanged(roomId, events.getFirst().seq()));
        published(roomId, events.getLast().seq());
    }

    /**
     * A message action applied here (by {@link MessageActions}, under the room's lock): the actor's connection gets
     * its ack (the message as it is now), then the update, if one was stored, goes to every connection of everyone
     * who may see the message (the actor's own included: it carries the event's seq) and to the other nodes.
     */
    void actionCommitted(RoomRef room, MessageActions.Done done, MessageView shownToActor, long actorId,
                         String clientId, Connection origin) {
        if (origin != null && clientId != null) {
            origin.send(Json.write(new ServerFrame.Ack(clientId, shownToActor)));
        }
        ServerFrame.Update update = done.update();
        if (update == null) {
            return;
        }
        try {
            feed.committedHere(new StoredMessage(room.id(), actorId, update.seq(), update.message(), update), null);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Fan-out of room " + room.id() + " failed: " + e.getMessage());
        }
        published(room.id(), update.seq());
    }

    /** Follows a room from {@code lastSeq} on (a new room: from 0), unless it is followed already. */
    void follow(long roomId, long lastSeq) {
        locks.withLock(roomId, () -> feed.follow(roomId, lastSeq));
    }

    /** Stops following a room unless {@code stillWanted} says otherwise, decided under the room's lock. */
    void forgetUnless(long roomId, java.util.function.BooleanSupplier stillWanted) {
        locks.withLock(roomId, () -> {
            if (!stillWanted.getAsBoolean()) {
                feed.forget(roomId);
            }
        });
    }

    /** The rooms followed here, with the highest seq delivered. */
    Map<Long, Long> positions() {
        return feed.positions();
    }
}

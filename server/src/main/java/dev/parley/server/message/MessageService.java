package dev.parley.server.message;

import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.auth.AuthUser;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.message.MessageRepository.StoredMessage;
import dev.parley.server.realtime.Connection;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.realtime.Delivery;
import dev.parley.server.room.RoomRef;
import dev.parley.server.room.RoomService;
import dev.parley.server.common.ErrorMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sending, paging and replaying messages: the one path for REST and WebSocket alike. A message is persisted
 * first; only after its statement committed is it acknowledged and fanned out. Per room, commit and fan-out
 * happen under one lock, so every connection receives a room's messages in seq order.
 */
public final class MessageService implements ConnectionHub.PresenceListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MessageService.class.getName());

    static final int MAX_CONTENT = 4096;
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;
    private static final int MAX_CLIENT_ID = 64;
    private static final int MAX_SYNC_ROOMS = 1000;

    /** Moves a member's read and delivered watermark up to their own message {@code seq}, soon and silently. */
    @FunctionalInterface
    public interface OwnWatermarks {
        void ownMessage(long roomId, long userId, long seq);
    }

    /** A sent message and whether this call created it (false: an idempotent resend of {@code clientId}). */
    public record Sent(MessageView message, boolean created) {
    }

    private final MessageRepository messages;
    private final RoomService rooms;
    private final ConnectionHub hub;
    private final ClusterBus bus;
    private final RoomFeed feed;
    private final MessageWriter writer;
    private final SendRateLimiter limiter;
    private final int syncCap;
    /**
     * Striped per-room locks: the database row lock orders commits, this one extends the order to fan-out. The writer
     * holds the locks of a batch's rooms from before its commit until after its fan-out; everyone else takes one lock
     * at a time, and nobody takes one while holding a database connection (so the writer, which takes a connection
     * under them, cannot deadlock with the pool).
     */
    private final ReentrantLock[] stripes = new ReentrantLock[512];

    /**
     * {@code ownWatermarks} moves a sender's read and delivered watermark past their own message when the batch that
     * stored it found the member row busy (see {@link MessageWriter}).
     */
    public MessageService(DataSource pool, java.time.Duration commitInterval, RoomService rooms, ConnectionHub hub,
                          ClusterBus bus, SendRateLimiter limiter, int syncCap, OwnWatermarks ownWatermarks) {
        this.messages = new MessageRepository(pool);
        this.writer = new MessageWriter(pool, commitInterval, this::stripes, ownWatermarks, this::deliverCommitted);
        this.rooms = rooms;
        this.hub = hub;
        this.bus = bus;
        this.feed = new RoomFeed(messages, hub, syncCap);
        this.limiter = limiter;
        this.syncCap = syncCap;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * Stores and broadcasts a message through the group-commit writer. {@code origin} (the sending connection) gets
     * the ack, or an error frame, once the batch committed; every other connection of every member gets the
     * message frame. Without an origin (REST) the call waits for the commit and returns the message.
     */
    public Sent send(AuthUser user, UUID roomUuid, String content, String clientId, Connection origin) {
        checkContent(content);
        checkClientId(clientId);
        RoomRef room = rooms.require(user, roomUuid);
        limiter.acquire(user.id());
        CompletableFuture<MessageWriter.Committed> result = writer.submit(user, room, content, clientId, origin);
        if (origin != null) {
            result.whenComplete((done, failure) -> {
                if (failure != null) {
                    origin.send(Json.write(errorFrame(failure, clientId)));
                }
            });
            return null;
        }
        try {
            MessageWriter.Committed done = result.join();
            return new Sent(done.view(), done.created());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** A committed batch, on the writer thread: acks and deliveries per room in seq order, then one wake-up per room. */
    private void deliverCommitted(List<MessageWriter.Committed> batch) {
        Map<RoomRef, List<MessageWriter.Committed>> byRoom = new LinkedHashMap<>();
        for (MessageWriter.Committed committed : batch) {
            byRoom.computeIfAbsent(committed.pending().room(), r -> new ArrayList<>()).add(committed);
        }
        for (var entry : byRoom.entrySet()) {
            try {
                deliverRoom(entry.getKey(), entry.getValue());
            } catch (RuntimeException e) {
                // Committed all the same: the periodic catch-up delivers whatever this missed.
                LOG.log(System.Logger.Level.WARNING, "Fan-out of room " + entry.getKey().id() + " failed: " + e.getMessage());
            }
        }
    }

    private void deliverRoom(RoomRef room, List<MessageWriter.Committed> messages) {
        messages.sort(java.util.Comparator.comparingLong(c -> c.view().seq()));
        long newest = 0;
        ReentrantLock lock = stripe(room.id());
        lock.lock();
        try {
            for (MessageWriter.Committed committed : messages) {
                Connection origin = committed.pending().origin();
                if (origin != null) {
                    origin.send(Json.write(new ServerFrame.Ack(committed.view().clientId(), committed.view())));
                }
                if (committed.created()) {
                    feed.committedHere(room, committed.view(), committed.pending().user().id(), origin);
                    newest = Math.max(newest, committed.view().seq());
                }
            }
        } finally {
            lock.unlock();
        }
        if (newest > 0) {
            // After the commit and outside the lock: NOTIFY inside the insert would serialise every commit.
            bus.publish(new ClusterEvent.MessageCommitted(room.id(), newest));
        }
    }

    private static ServerFrame.Error errorFrame(Throwable failure, String clientId) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ApiException api) {
            return new ServerFrame.Error(api.code(), api.getMessage(), clientId);
        }
        if (ErrorMapping.isDatabaseOutage(cause)) {
            return new ServerFrame.Error("unavailable", "the database is unavailable; nothing was changed, try again", clientId);
        }
        LOG.log(System.Logger.Level.ERROR, "Send failed", cause);
        return new ServerFrame.Error("internal", "internal server error", clientId);
    }

    /** Another node (or this one) committed messages up to {@code seq} in the room. */
    public void committedElsewhere(long roomId, long seq) {
        RoomRef room = rooms.byId(roomId);
        ReentrantLock lock = stripe(roomId);
        lock.lock();
        try {
            feed.committedUpTo(room, seq);
        } finally {
            lock.unlock();
        }
    }

    /** Re-reads the positions of every followed room and delivers what this node missed (lost notifications). */
    public void catchUp() {
        Map<Long, Long> positions = feed.positions();
        if (positions.isEmpty()) {
            return;
        }
        for (var entry : rooms.lastSeqs(positions.keySet()).entrySet()) {
            if (entry.getValue() > positions.get(entry.getKey())) {
                committedElsewhere(entry.getKey(), entry.getValue());
            }
        }
    }

    /** A user's first connection here: follow their rooms from their current end. */
    @Override
    public void online(AuthUser user) {
        try {
            rooms.lastSeqsOf(user.id()).forEach(this::follow);
        } catch (RuntimeException e) {
            // Connecting must not fail on this: unfollowed rooms start at the first message this node sees.
            LOG.log(System.Logger.Level.WARNING, "Rooms of " + user.username() + " not followed: " + e.getMessage());
        }
    }

    /** Follows a room from {@code lastSeq} on (a new room: from 0), unless it is followed already. */
    public void follow(long roomId, long lastSeq) {
        ReentrantLock lock = stripe(roomId);
        lock.lock();
        try {
            feed.follow(roomId, lastSeq);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void offline(AuthUser user) {
        // Rooms stay followed until a notification finds nobody here to deliver to.
    }

    /**
     * A page of a room's history in ascending seq order: the newest {@code limit} messages, or those just before
     * {@code before}, or just after {@code after} (keyset paging on seq).
     */
    public List<MessageView> page(AuthUser user, UUID roomUuid, Long before, Long after, Integer limit) {
        if (before != null && after != null) {
            throw ApiException.validation("use either before or after, not both");
        }
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw ApiException.validation("limit must be between 1 and " + MAX_PAGE);
        }
        if ((before != null && before < 0) || (after != null && after < 0)) {
            throw ApiException.validation("before and after must not be negative");
        }
        RoomRef room = rooms.require(user, roomUuid);
        List<StoredMessage> rows;
        if (after != null) {
            rows = messages.after(room, after, size);
        } else {
            rows = new ArrayList<>(before == null ? messages.latest(room, size)
                    : messages.before(room, before, size));
            java.util.Collections.reverse(rows);
        }
        return rows.stream().map(StoredMessage::view).toList();
    }

    /**
     * Replays to {@code connection}, room by room and in seq order, every message after the given seq (at most
     * the sync cap per room). Returns the rooms that have more than the cap.
     */
    public List<UUID> sync(AuthUser user, Map<UUID, Long> since, Connection connection) {
        if (since.size() > MAX_SYNC_ROOMS) {
            throw ApiException.validation("sync at most " + MAX_SYNC_ROOMS + " rooms at once");
        }
        List<RoomRef> refs = new ArrayList<>();
        for (var entry : since.entrySet()) {
            if (entry.getValue() == null || entry.getValue() < 0) {
                throw ApiException.validation("since seq for room " + entry.getKey() + " must be a number >= 0");
            }
            refs.add(rooms.require(user, entry.getKey()));
        }
        List<UUID> hasMore = new ArrayList<>();
        for (RoomRef room : refs) {
            ReentrantLock lock = stripe(room.id());
            lock.lock();
            try {
                List<StoredMessage> rows = messages.after(room, since.get(room.uuid()), syncCap + 1);
                if (rows.size() > syncCap) {
                    hasMore.add(room.uuid());
                    rows = rows.subList(0, syncCap);
                }
                List<Delivery> deliveries = new ArrayList<>(rows.size());
                List<String> frames = new ArrayList<>(rows.size());
                for (StoredMessage row : rows) {
                    deliveries.add(new Delivery(room.id(), room.uuid(), row.view().seq(), row.senderId()));
                    frames.add(Json.write(new ServerFrame.Message(row.view())));
                }
                connection.replay(deliveries, frames);
            } finally {
                lock.unlock();
            }
        }
        return hasMore;
    }

    /** Stops the writer; sends still queued fail with "unavailable". */
    @Override
    public void close() {
        writer.close();
    }

    /** The locks of several rooms, each once, in ascending stripe order (the writer is the only holder of several). */
    private List<ReentrantLock> stripes(List<Long> roomIds) {
        return roomIds.stream().mapToInt(this::stripeIndex).distinct().sorted().mapToObj(i -> stripes[i]).toList();
    }

    private int stripeIndex(long roomId) {
        return (int) Math.floorMod(roomId, (long) stripes.length);
    }

    private ReentrantLock stripe(long roomId) {
        return stripes[stripeIndex(roomId)];
    }

    private static void checkContent(String content) {
        if (content.isBlank()) {
            throw ApiException.validation("content must not be empty");
        }
        if (content.codePointCount(0, content.length()) > MAX_CONTENT) {
            throw ApiException.validation("content is longer than " + MAX_CONTENT + " characters");
        }
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == 0) {
                throw ApiException.validation("content must not contain NUL characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < content.length()
                    && Character.isLowSurrogate(content.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.validation("content is not valid Unicode (unpaired surrogate)");
            }
        }
    }

    private static void checkClientId(String clientId) {
        if (clientId == null) {
            return;
        }
        if (clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID || !clientId.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiException.validation("client_id must be 1-" + MAX_CLIENT_ID + " printable ASCII characters");
        }
    }
}

package dev.parley.server.message;

import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.attachment.AttachmentService;
import dev.parley.server.common.AuthUser;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.common.Admission;
import dev.parley.server.common.ApiException;
import dev.parley.server.message.MessageRepository.StoredMessage;
import dev.parley.server.realtime.Connection;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.realtime.Delivery;
import dev.parley.server.room.RecentSenders;
import dev.parley.server.room.RoomRef;
import dev.parley.server.room.RoomService;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rules of sending, paging and replaying messages: the one path for REST and WebSocket alike. A send goes
 * {@code MessageService} (rules) → {@link MessageWriter} (commit) → {@link MessageFanOut} (ack, deliver, publish)
 * → {@code ConnectionHub} → {@code Connection}, one way: persisted first, acknowledged and fanned out only after its
 * commit, per room under the {@link RoomLocks}, so every connection receives a room's messages in seq order.
 */
public final class MessageService implements ConnectionHub.PresenceListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MessageService.class.getName());

    /** The longest message text, in characters (code points). */
    /**
     * The longest message, in code points (what people paste: a long email, a page of notes). At four UTF-8 bytes
     * for the widest code point, 12,000 is at most 48,000 bytes: a send, and the message frame that carries it with
     * its quote and attachments, stay under the 64 KiB a REST body may have.
     */
    public static final int MAX_CONTENT = 12_000;
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;
    private static final int MAX_CLIENT_ID = 64;
    private static final int MAX_SYNC_ROOMS = 1000;

    /** What a sender's own message does to their watermarks beyond the message's own statement. */
    public interface OwnWatermarks {
        /** Stores later what a batch could not: the sender's watermarks up to their message (its row was busy). */
        void ownMessage(long roomId, long userId, long seq);

        /**
         * The sender's message moved their read watermark past others' messages (replying reads the chat, as on
         * WhatsApp): announced as their read, as a {@code read} frame would be.
         */
        void readByOwnMessage(long roomId, long userId, long seq);
    }

    /** A sent message and whether this call created it (false: an idempotent resend of {@code clientId}). */
    public record Sent(MessageView message, boolean created) {
    }

    /**
     * How often message batches may start ({@code commitInterval}), and the longest anyone waits for a room's lock
     * ({@code roomLockWait}; past it they are answered {@code unavailable}).
     */
    public record Timing(java.time.Duration commitInterval, java.time.Duration roomLockWait) {
    }

    /** How long after sending its sender may edit a message, and delete it for everyone (admins: at any time). */
    /**
     * What one {@code sync} may replay: {@code perRoom} messages of a room and {@code total} over all its rooms; its
     * database reads take turns through {@code reads} (a crowd resyncing after a restart), each waiting at most
     * {@code maxWait} for its turns in all, after which the sync is refused with 503 and a retry-after.
     */
    public record SyncLimits(int perRoom, int total, Admission reads, java.time.Duration maxWait) {
    }

    public record ActionWindows(java.time.Duration edit, java.time.Duration delete) {
    }

    /** A message action: what it does to the message {@code seq} of a room. */
    public sealed interface Action {
        /** New text for one's own message. */
        record Edit(String content) implements Action {
        }

        /** Delete for everyone. */
        record Delete() implements Action {
        }

        /** One's one reaction; null removes it. */
        record React(String emoji) implements Action {
        }
    }

    private final MessageRepository messages;
    private final RoomService rooms;
    private final ConnectionHub hub;
    private final RoomLocks locks;
    private final MessageFanOut fanOut;
    private final MessageWriter writer;
    private final SendRateLimiter limiter;
    private final RoomEvents events;
    private final MessageActions actions;
    private final SyncLimits sync;
    private final AttachmentService attachments;

    /**
     * {@code ownWatermarks} moves a sender's read and delivered watermark past their own message when the batch that
     * stored it found the member row busy (see {@link BatchStatement}).
     */
    public MessageService(DataSource pool, Timing timing, RoomService rooms, ConnectionHub hub,
                          ClusterBus bus, SendRateLimiter limiter, SyncLimits sync,
                          OwnWatermarks ownWatermarks, RecentSenders senders, ActionWindows windows,
                          AttachmentService attachments, Runnable attachmentsDeleted) {
        this.locks = new RoomLocks(timing.roomLockWait());
        this.messages = new MessageRepository(pool, rooms::username);
        this.fanOut = new MessageFanOut(locks, new RoomFeed(messages, hub, sync.perRoom(), rooms::byId, rooms::changed,
                senders), bus);
        this.writer = new MessageWriter(pool, messages, timing.commitInterval(), locks, ownWatermarks, fanOut);
        this.actions = new MessageActions(pool, messages, new MessageActions.Windows(windows.edit(), windows.delete()),
                attachmentsDeleted);
        this.attachments = attachments;
        this.events = new RoomEvents(pool, locks, fanOut, rooms);
        this.rooms = rooms;
        this.hub = hub;
        this.limiter = limiter;
        this.sync = sync;
    }

    /**
     * Stores and broadcasts a message through the group-commit writer. {@code origin} (the sending connection) gets
     * the ack, or an error frame, once the batch committed; every other connection of every member gets the
     * message frame. Without an origin (REST) the call waits for the commit and returns the message.
     * {@code replyTo}, when not null, is the seq of the earlier message of the room that this one answers.
     */
    public Sent send(AuthUser user, UUID roomUuid, String content, String clientId, Long replyTo, Connection origin) {
        return send(user, roomUuid, content, clientId, replyTo, List.of(), origin);
    }

    /**
     * {@link #send} with attachments: uploads of the sender to this room that no message carries yet (checked here,
     * bound to the message in the batch that stores it); with attachments the content (a caption) may be empty.
     */
    public Sent send(AuthUser user, UUID roomUuid, String content, String clientId, Long replyTo,
                     List<UUID> attachments, Connection origin) {
        String text = attachments.isEmpty() ? checkContent(content) : checkCaption(content);
        checkClientId(clientId);
        RoomRef room = rooms.requireWritable(user, roomUuid);
        List<AttachmentView> files = attachments.isEmpty() ? List.of()
                : this.attachments.forSend(user, room, attachments, clientId);
        if (replyTo != null) {
            checkReplyTo(user, room, replyTo);
        }
        limiter.acquire(user.id());
        rooms.typingEnded(user.id(), room.id());
        CompletableFuture<MessageWriter.Committed> result = writer.submit(user, room, text, clientId, replyTo, files,
                origin);
        if (origin != null) {
            return null; // the origin is answered by the fan-out, ack or error
        }
        try {
            MessageWriter.Committed done = result.join();
            return new Sent(done.view(), done.created());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /**
     * What a reply may answer: a message of the room (not an event) that the sender can see (checked in the database,
     * not in a cached room) and that is not deleted. The quote itself is taken when the reply is numbered, under the
     * room's lock, so it shows the message as it was then, deleted or edited meanwhile or not.
     */
    private void checkReplyTo(AuthUser user, RoomRef room, long replyTo) {
        if (replyTo < 1 || !room.sees(user.id(), replyTo)) {
            throw MessageActions.noSuchMessage(replyTo);
        }
        MessageView original = messages.currentIfSeenBy(room, user.id(), replyTo)
                .orElseThrow(() -> MessageActions.noSuchMessage(replyTo));
        if (original.roomEvent()) {
            throw ApiException.validation("that is a room event (seq " + replyTo + "): only messages can be replied to");
        }
        if (original.deleted()) {
            throw ApiException.conflict("the message was deleted: it cannot be replied to");
        }
    }

    /**
     * Applies a message action of {@code user} to the message {@code seq} of the room: an edit, a delete for
     * everyone or a reaction, stored as the room's next event. {@code origin} (a WebSocket) gets the ack (the
     * message as it is now) and every member's connections the update; returns the message as it is now. Throws
     * (nothing changed) when a rule forbids it; a {@code clientId} used before returns the message without acting
     * again.
     */
    public MessageView act(AuthUser user, UUID roomUuid, long seq, Action action, String clientId, Connection origin) {
        checkClientId(clientId);
        MessageActions.Change change = switch (action) {
            case Action.Edit edit -> new MessageActions.Change.Edit(seq, checkContent(edit.content()));
            case Action.Delete ignored -> new MessageActions.Change.Delete(seq);
            case Action.React react -> new MessageActions.Change.React(seq,
                    react.emoji() == null ? null : Emoji.check(react.emoji()));
        };
        // Deleting one's own message stays possible towards someone blocked; writing to them (an edit, a reaction)
        // does not.
        RoomRef room = action instanceof Action.Delete ? rooms.requireMember(user, roomUuid)
                : rooms.requireWritable(user, roomUuid);
        if (seq < 1 || !room.sees(user.id(), seq)) {
            throw MessageActions.noSuchMessage(seq);
        }
        limiter.acquire(user.id());
        return locks.withLock(room.id(), () -> {
            MessageActions.Done done = actions.apply(user, room, change, clientId);
            MessageView mine = shownTo(user, room, done.message());
            fanOut.actionCommitted(room, done, mine, user.id(), clientId, origin);
            return mine;
        });
    }

    /** {@link #act} on the message with this uuid (REST): 404 unless the caller can see it. */
    public MessageView act(AuthUser user, UUID messageUuid, Action action, String clientId) {
        MessageRepository.Location where = messages.locate(messageUuid)
                .orElseThrow(() -> ApiException.notFound("no message " + messageUuid));
        RoomRef room = rooms.byId(where.roomId());
        if (!room.sees(user.id(), where.seq())) {
            throw ApiException.notFound("no message " + messageUuid); // a stranger learns nothing, not even that
        }
        return act(user, room.uuid(), where.seq(), action, clientId, null);
    }

    /** The view as {@code user} may see it: a quote of a message they cannot see loses its text. */
    private static MessageView shownTo(AuthUser user, RoomRef room, MessageView view) {
        return view.replyTo() == null || room.sees(user.id(), view.replyTo().seq()) ? view : view.withQuoteHidden();
    }

    /**
     * The messages at these seqs of each room that the user may see, by room id and seq, each as history shows it to
     * them (as of where they left, for a former member; the room's name as they last saw it; a quote they may not
     * read hidden), read in one statement. Seqs they may not see, and action events, are left out.
     */
    public Map<Long, Map<Long, MessageView>> seenBy(AuthUser user,
                                                    Map<Long, ? extends java.util.Collection<Long>> seqsByRoom) {
        List<MessageRepository.Wanted> wanted = new ArrayList<>();
        Map<Long, RoomRef> roomsById = new java.util.HashMap<>();
        seqsByRoom.forEach((roomId, seqs) -> {
            RoomRef room = rooms.byId(roomId);
            List<Long> visible = seqs.stream().filter(seq -> room.sees(user.id(), seq)).distinct().toList();
            if (!visible.isEmpty()) {
                wanted.add(new MessageRepository.Wanted(room, visible, horizon(room.visibleTo(user.id()))));
                roomsById.put(room.id(), room);
            }
        });
        Map<Long, Map<Long, MessageView>> views = new java.util.HashMap<>();
        messages.at(wanted).forEach((roomId, read) -> {
            RoomRef room = roomsById.get(roomId);
            java.util.Optional<String> nameThen = rooms.nameAsSeenBy(user, room);
            Map<Long, MessageView> shown = new java.util.HashMap<>();
            read.forEach((seq, view) -> shown.put(seq, nameThen.map(name -> RoomService.renamed(shownTo(user, room,
                    view), name)).orElseGet(() -> shownTo(user, room, view))));
            views.put(roomId, shown);
        });
        return views;
    }

    /**
     * Tells {@code listener} the room of every event committed on this node, after its commit (messages, room
     * events, actions): the search indexer follows the rooms it is given.
     */
    public void onAppended(java.util.function.LongConsumer listener) {
        fanOut.onAppended(listener);
    }

    /** The room event log, for membership and room changes. */
    public RoomEvents events() {
        return events;
    }

    /** Another node (or this one) committed events up to {@code seq} in the room. */
    public void committedElsewhere(long roomId, long seq) {
        fanOut.committedUpTo(roomId, seq);
    }

    /**
     * Another node committed membership or room events from {@code seq} on: forget the cached room, and tell the
     * users those events brought in and who are connected here about the room (their first frame of it), and follow
     * it from just before so that the events themselves follow.
     */
    public void roomChangedElsewhere(long roomId, long seq) {
        rooms.changed(roomId);
        RoomRef room = rooms.byId(roomId);
        java.util.Set<Long> brought = RoomEvents.broughtIn(room, messages.ascending(room, seq - 1, Long.MAX_VALUE, 100, false,
                MessageRepository.EVERYTHING)
                .stream().map(StoredMessage::view).takeWhile(MessageView::roomEvent).toList());
        brought.removeIf(userId -> hub.connections(List.of(userId)).isEmpty());
        if (!brought.isEmpty()) {
            fanOut.follow(roomId, seq - 1);
            rooms.announce(room, brought);
        }
    }

    /**
     * Forgets the followed rooms that nobody here is in any more, then re-reads the positions of the others and
     * delivers what this node missed (lost notifications). The rooms followed, and the one query, stay as small as
     * the rooms of the users connected here.
     */
    public void catchUp() {
        for (long roomId : fanOut.positions().keySet()) {
            fanOut.forgetUnless(roomId, () -> !hub.connections(rooms.byId(roomId).memberIds()).isEmpty());
        }
        Map<Long, Long> positions = fanOut.positions();
        if (positions.isEmpty()) {
            return;
        }
        for (var entry : rooms.lastSeqs(positions.keySet()).entrySet()) {
            if (entry.getValue() > positions.get(entry.getKey())) {
                committedElsewhere(entry.getKey(), entry.getValue());
            }
        }
    }

    /**
     * After this node may have missed notifications of rooms it does not follow (its bus connection was lost, or the
     * other nodes took it for dead and published nothing): the followed rooms are caught up as always, and every other
     * room of the users connected here is delivered from where their connections stand (a room created meanwhile
     * from its first event), then followed.
     */
    public void catchUpAll() {
        catchUp();
        List<Long> users = hub.connectedUserIds();
        if (users.isEmpty()) {
            return;
        }
        Map<Long, Long> positions = fanOut.positions();
        for (var entry : rooms.lastSeqsOfUsers(users).entrySet()) {
            if (!positions.containsKey(entry.getKey()) && entry.getValue() > 0) {
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

    /** How many rooms this node follows (those of the users connected here, until the catch-up forgets the rest). */
    public int roomsFollowed() {
        return fanOut.positions().size();
    }

    /** Follows a room from {@code lastSeq} on (a new room: from 0), unless it is followed already. */
    public void follow(long roomId, long lastSeq) {
        fanOut.follow(roomId, lastSeq);
    }

    @Override
    public void offline(AuthUser user) {
        // Rooms stay followed until a notification or the catch-up finds nobody here to deliver to.
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
        List<RoomRef.Range> ranges = RoomService.notCleared(room.visibleTo(user.id()),
                rooms.clearedSeqsOf(user.id()).getOrDefault(room.id(), 0L));
        List<StoredMessage> rows;
        if (after != null) {
            rows = visibleAfter(room, ranges, after, size, false);
        } else {
            rows = new ArrayList<>(visibleBefore(room, ranges, before == null ? Long.MAX_VALUE : before, size));
            java.util.Collections.reverse(rows);
        }
        java.util.Optional<String> nameThen = rooms.nameAsSeenBy(user, room);
        return rows.stream().map(row -> shownTo(user, room, row.view()))
                .map(view -> nameThen.map(name -> RoomService.renamed(view, name)).orElse(view)).toList();
    }

    /**
     * Up to {@code limit} events the user may see with seq above {@code after}, oldest first: range by range (one
     * query for a direct room or a member who never left), so a long gap between two memberships costs nothing.
     * {@code withUpdates}: the action events too (sync), else only messages and membership events (history).
     */
    private List<StoredMessage> visibleAfter(RoomRef room, List<RoomRef.Range> ranges, long after, int limit,
                                             boolean withUpdates) {
        List<StoredMessage> rows = new ArrayList<>();
        for (RoomRef.Range range : ranges) {
            if (range.to() <= after || rows.size() >= limit) {
                continue;
            }
            rows.addAll(messages.ascending(room, Math.max(after, range.from() - 1), upperBound(range),
                    limit - rows.size(), withUpdates, horizon(ranges)));
        }
        return rows;
    }

    /** Up to {@code limit} events the user may see with seq below {@code before}, newest first. */
    private List<StoredMessage> visibleBefore(RoomRef room, List<RoomRef.Range> ranges, long before, int limit) {
        List<StoredMessage> rows = new ArrayList<>();
        for (RoomRef.Range range : ranges.reversed()) {
            if (range.from() >= before || rows.size() >= limit) {
                continue;
            }
            rows.addAll(messages.descending(room, range.from() - 1, Math.min(before, upperBound(range)),
                    limit - rows.size(), horizon(ranges)));
        }
        return rows;
    }

    /**
     * The last seq a reader with these ranges may see: everything for a member; for someone who left, where they
     * left (they see texts and reactions as they were then, not what was changed after).
     */
    private static long horizon(List<RoomRef.Range> ranges) {
        return ranges.isEmpty() ? 0 : ranges.getLast().to();
    }

    private static long upperBound(RoomRef.Range range) {
        return range.to() == Long.MAX_VALUE ? Long.MAX_VALUE : range.to() + 1;
    }

    /**
     * Replays to {@code connection}, room by room and in seq order, every message after the given seq: at most the
     * sync cap per room and the total cap over all rooms (the client pages the rest over REST). Reads without any
     * room lock (the connection holds live frames meanwhile) and stops when the connection closes. Returns the rooms
     * not replayed to their end, or null when the connection closed.
     */
    public List<UUID> sync(AuthUser user, Map<UUID, Long> since, Connection connection) {
        if (since.size() > MAX_SYNC_ROOMS) {
            throw ApiException.validation("sync at most " + MAX_SYNC_ROOMS + " rooms at once");
        }
        for (var entry : since.entrySet()) {
            if (entry.getValue() == null || entry.getValue() < 0) {
                throw ApiException.validation("since seq for room " + entry.getKey() + " must be a number >= 0");
            }
        }
        // Each database read waits for its turn (a slow reader of the replay holds none while its socket drains).
        // The waits are inside the hold: a live frame must not overtake the replay while its sync waits.
        long deadline = System.nanoTime() + sync.maxWait().toNanos();
        List<UUID> hasMore = new ArrayList<>();
        boolean[] open = {true};
        connection.holdingLiveFrames(() -> {
            List<RoomRef> refs = new ArrayList<>();
            Map<Long, Long> cleared = Map.of();
            if (!since.isEmpty()) {
                try (Admission.Permit turn = sync.reads().enter(deadline)) {
                    for (UUID room : since.keySet()) {
                        refs.add(rooms.require(user, room));
                    }
                    cleared = rooms.clearedSeqsOf(user.id());
                }
            }
            int budget = sync.total();
            for (RoomRef room : refs) {
                if (!connection.isOpen()) {
                    open[0] = false;
                    return;
                }
                int cap = Math.min(sync.perRoom(), budget);
                if (cap == 0) {
                    hasMore.add(room.uuid()); // past the total: not even looked at; the client pages it
                    continue;
                }
                List<StoredMessage> rows;
                java.util.Optional<String> nameThen;
                try (Admission.Permit turn = sync.reads().enter(deadline)) {
                    rows = visibleAfter(room, RoomService.notCleared(room.visibleTo(user.id()),
                            cleared.getOrDefault(room.id(), 0L)), since.get(room.uuid()), cap + 1, true);
                    nameThen = rows.isEmpty() ? java.util.Optional.empty() : rooms.nameAsSeenBy(user, room);
                }
                boolean whole = rows.size() <= cap;
                if (!whole) {
                    hasMore.add(room.uuid());
                    rows = rows.subList(0, cap);
                }
                budget -= rows.size();
                List<Delivery> deliveries = new ArrayList<>(rows.size());
                List<String> frames = new ArrayList<>(rows.size());
                for (StoredMessage row : rows) {
                    if (row.isUpdate() && !room.sees(user.id(), row.view().seq())) {
                        continue; // a change to a message from before they joined: nothing of it reaches them
                    }
                    deliveries.add(new Delivery(room.id(), room.uuid(), row.seq(), row.senderId()));
                    MessageView shown = shownTo(user, room, row.view());
                    MessageView view = nameThen.map(name -> RoomService.renamed(shown, name)).orElse(shown);
                    frames.add(Json.write(row.frame(view)));
                }
                connection.replay(deliveries, frames);
                if (whole) { // the client now holds the room to its end (as this read saw it)
                    connection.syncedTo(room.id(), rows.isEmpty() ? since.get(room.uuid()) : rows.getLast().seq());
                }
            }
        });
        return open[0] && connection.isOpen() ? hasMore : null;
    }

    /** Stops the writer; sends still queued fail with "unavailable". */
    @Override
    public void close() {
        writer.close();
    }

    /** How long the oldest send not yet answered has waited for the database (zero: none waits). */
    public java.time.Duration oldestUnansweredSend() {
        return writer.oldestUnanswered();
    }

    /**
     * The content as it is stored: control characters (C0, DEL, C1) other than newline and tab are removed (they could
     * move the cursor or hide text beside the message); refused when nothing visible is left, when too long, or with
     * a NUL character or an unpaired surrogate (both signs of a broken client, and PostgreSQL cannot store NUL).
     * Bidi controls (U+202A–U+202E, U+2066–U+2069) are kept: they are how right-to-left text is written, and clients
     * render message text as a bidi isolate so they cannot reach anything beside it.
     */
    private static String checkContent(String content) {
        String text = clean(content);
        if (text.isBlank()) {
            throw ApiException.validation("content must not be empty");
        }
        return text;
    }

    /** The caption of a message with attachments: as {@link #checkContent}, but it may be empty. */
    private static String checkCaption(String content) {
        String text = clean(content == null ? "" : content);
        return text.isBlank() ? "" : text;
    }

    private static String clean(String content) {
        StringBuilder kept = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == 0) {
                throw ApiException.validation("content must not contain NUL characters");
            }
            if (Character.isHighSurrogate(c) && i + 1 < content.length()
                    && Character.isLowSurrogate(content.charAt(i + 1))) {
                kept.append(c).append(content.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw ApiException.validation("content is not valid Unicode (unpaired surrogate)");
            } else if (!Character.isISOControl(c) || c == '\n' || c == '\t') {
                kept.append(c);
            }
        }
        String text = kept.length() == content.length() ? content : kept.toString();
        if (text.codePointCount(0, text.length()) > MAX_CONTENT) {
            throw ApiException.validation("content is longer than " + MAX_CONTENT + " characters");
        }
        return text;
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

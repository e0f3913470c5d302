package dev.parley.server.room;

import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrame.ReceiptKind;
import dev.parley.server.common.AuthUser;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.Loops;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.realtime.Delivery;
import dev.parley.server.room.RoomRepository.MemberRoom;
import dev.parley.server.user.BlockService;
import dev.parley.server.user.PrivacyService;
import dev.parley.server.user.UserRepository;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import java.util.UUID;

/**
 * Delivered and read watermarks. Each only moves forward. In a direct room every move is announced to both members
 * as a receipt frame (WhatsApp's grey and blue ticks). In a group, where a receipt per member per message would be
 * N frames for every message, the senders get {@code ticks} instead: how far every current member has received and
 * read, recomputed at most every {@link #TICKS_EVERY} for the groups whose watermarks moved (delivered by the
 * {@link DeliveryRecorder}'s flushes, or read), and sent only when it moves, only to the senders of the messages it moved
 * past; a member's read goes to their own devices as a receipt.
 */
public final class ReceiptService implements ConnectionHub.DeliveryListener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReceiptService.class.getName());

    private final RoomRepository rooms;
    private final RoomService roomService;
    private final UserRepository users;
    private final ConnectionHub hub;
    private final ClusterBus bus;
    private final DeliveryRecorder recorder;
    private final BlockService blocks;
    private final PrivacyService privacy;
    private final RecentSenders senders;
    private final SenderLookup lookup;
    private volatile java.util.function.BiConsumer<Long, Long> readListener = (roomId, userId) -> { };

    /** Past what {@link RecentSenders} remembers: the senders of the messages in (from, to] of a room, from the log. */
    private static final class SenderLookup {
        private static final String SQL = """
                SELECT DISTINCT sender_id FROM messages
                WHERE room_id = ? AND seq > ? AND seq <= ? AND event IS NULL""";
        private final DataSource pool;

        SenderLookup(DataSource pool) {
            this.pool = pool;
        }

        java.util.Set<Long> between(long roomId, long from, long to) {
            try (java.sql.Connection db = pool.getConnection();
                 java.sql.PreparedStatement query = db.prepareStatement(SQL)) {
                query.setLong(1, roomId);
                query.setLong(2, from);
                query.setLong(3, to);
                java.util.Set<Long> result = new java.util.HashSet<>();
                try (java.sql.ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        result.add(rows.getLong(1));
                    }
                }
                return result;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("senders not read: " + e.getMessage(), e);
            }
        }
    }

    /**
     * How often the ticks of groups whose watermarks moved are recomputed: each time is one aggregate over the
     * members of those groups, so it is not done for every 20 ms flush; grey and blue ticks follow within this.
     */
    private static final Duration TICKS_EVERY = Duration.ofMillis(100);
    private final java.util.Set<Long> ticksDue = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread ticker;
    private volatile boolean running = true;

    /** A ticks move longer than this is announced to every member instead of looked up. */
    private static final long LOOKUP_LIMIT = 5000;

    /**
     * Per group: the delivered and read ticks announced last (by this node or another). Bounded: a room forgotten
     * here is announced from a window below its ticks the next time they move.
     */
    private final com.github.benmanes.caffeine.cache.Cache<Long, long[]> ticks =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(20_000).build();

    public ReceiptService(RoomRepository rooms, RoomService roomService, UserRepository users, ConnectionHub hub,
                          ClusterBus bus, DataSource pool, BlockService blocks, PrivacyService privacy,
                          RecentSenders senders,
                          Duration deliveredEvery) {
        this.senders = senders;
        this.lookup = new SenderLookup(pool);
        this.blocks = blocks;
        this.privacy = privacy;
        this.rooms = rooms;
        this.roomService = roomService;
        this.users = users;
        this.hub = hub;
        this.bus = bus;
        this.recorder = new DeliveryRecorder(pool, deliveredEvery, this::deliveredMoved);
        this.ticker = Thread.ofVirtual().name("parley-group-ticks").start(this::ticksLoop);
    }

    /** Told (room id, user id) of every read, moved or not: reading a chat clears its "marked unread". */
    public void onRead(java.util.function.BiConsumer<Long, Long> listener) {
        this.readListener = listener;
    }

    /** The caller has read everything up to {@code seq} in the room. */
    public void read(AuthUser user, UUID roomUuid, long seq) {
        MemberRoom room = roomService.requireCurrent(user, roomUuid);
        if (seq < 0) {
            throw ApiException.validation("seq must not be negative");
        }
        if (seq > room.lastSeq()) {
            throw ApiException.validation("seq " + seq + " is beyond the newest message (" + room.lastSeq() + ")");
        }
        readListener.accept(room.id(), user.id());
        if (!rooms.advanceRead(room.id(), user.id(), seq)) {
            return;
        }
        RoomRef ref = roomService.require(user, roomUuid);
        // In a group the member's own devices learn it (their unread counts follow); the senders, through the ticks.
        announceRead(ref, user.id(), user.username(), seq);
        bus.publish(new ClusterEvent.Receipt(ref.id(), user.id(), ReceiptKind.READ, seq));
        if (ref.group()) {
            ticksDue.add(ref.id());
        }
    }

    /**
     * A member sent a message: everything up to it counts as delivered to and read by them. The delivery recorder
     * stores it with its next flush when the message's own statement could not (the member row was busy).
     */
    public void ownMessage(long roomId, long userId, long seq) {
        recorder.recordOwn(roomId, userId, seq);
    }

    /**
     * A member's message moved their read watermark past messages of the other member of a direct room (stored with
     * the message): announced as their {@code read} would be, so that the other member's ticks turn blue now and not
     * only after a reload (with read receipts off, as a delivery). In a group a reply is no receipt: blue ticks there
     * wait for every member's own read.
     */
    public void readByOwnMessage(long roomId, long userId, long seq) {
        RoomRef room = roomService.byId(roomId);
        if (room.group()) {
            return;
        }
        announceRead(room, userId, users.username(userId), seq);
        bus.publish(new ClusterEvent.Receipt(roomId, userId, ReceiptKind.READ, seq));
    }

    /** Message frames up to these seqs were written to a connection of {@code user}: recorded in the next flush. */
    @Override
    public void delivered(AuthUser user, Collection<Delivery> latestPerRoom) {
        for (Delivery delivery : latestPerRoom) {
            if (roomService.byId(delivery.roomId()).group()) {
                recorder.recordInGroup(delivery.roomId(), user.id(), delivery.seq());
            } else {
                recorder.record(delivery.roomId(), user.id(), delivery.seq());
            }
        }
    }

    /** One flush of the delivery recorder: each direct room's moves announced, each group's ticks recomputed once. */
    private void deliveredMoved(List<DeliveryRecorder.Watermark> moved) {
        java.util.Set<Long> groups = new java.util.LinkedHashSet<>();
        for (DeliveryRecorder.Watermark watermark : moved) {
            try {
                RoomRef room = roomService.byId(watermark.roomId());
                if (room.group()) {
                    groups.add(room.id());
                    continue;
                }
                hub.send(blocks.visibleTo(watermark.userId(), room.memberIds()), Json.write(new ServerFrame.Receipt(
                        room.uuid(), users.username(watermark.userId()), ReceiptKind.DELIVERED, watermark.seq())), null);
                bus.publish(new ClusterEvent.Receipt(room.id(), watermark.userId(), ReceiptKind.DELIVERED,
                        watermark.seq()));
            } catch (RuntimeException e) {
                // The watermark is stored; only this announcement is lost (clients also read watermarks from /api/rooms/).
                LOG.log(System.Logger.Level.WARNING, "Delivered receipt not announced: " + e.getMessage());
            }
        }
        ticksDue.addAll(groups);
    }

    /**
     * Someone left the group or was removed: the ticks are recomputed over those who remain, so that a message the
     * others all read turns blue now, not at the next read.
     */
    public void membersLeft(long roomId) {
        ticksDue.add(roomId);
    }

    /** Every {@link #TICKS_EVERY}: the ticks of the groups whose watermarks moved meanwhile, one query for all. */
    private void ticksLoop() {
        while (running) {
            try {
                Thread.sleep(TICKS_EVERY);
                if (ticksDue.isEmpty()) {
                    continue;
                }
                List<Long> due = List.copyOf(ticksDue);
                ticksDue.removeAll(due);
                groupTicks(due);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) { // NOPMD: the ticks must outlive anything one round throws (Loops)
                Loops.failed("group-ticks", e);
            }
        }
    }

    /**
     * Recomputes the ticks of these groups (how far every current member has received and read) and, where they
     * moved past what this node announced last, tells the senders of the messages in between, here and on the other
     * nodes. Several nodes may announce the same move: a ticks frame only ever raises what a client shows.
     */
    private void groupTicks(Collection<Long> roomIds) {
        for (var entry : rooms.groupWatermarks(roomIds).entrySet()) {
            long roomId = entry.getKey();
            long delivered = entry.getValue()[0];
            long read = entry.getValue()[1];
            long[][] from = {null};
            ticks.asMap().compute(roomId, (id, known) -> {
                long[] last = known != null ? known
                        : new long[] {Math.max(0, delivered - RecentSenders.WINDOW), Math.max(0, read - RecentSenders.WINDOW)};
                if (delivered <= last[0] && read <= last[1]) {
                    return last;
                }
                from[0] = last;
                return new long[] {Math.max(delivered, last[0]), Math.max(read, last[1])};
            });
            if (from[0] != null) {
                long d = Math.max(delivered, from[0][0]);
                long r = Math.max(read, from[0][1]);
                rooms.raiseTicks(roomId, d, r);
                announceTicks(roomService.byId(roomId), d, r, from[0][0], from[0][1]);
                bus.publish(new ClusterEvent.Ticks(roomId, d, r, from[0][0], from[0][1]));
            }
        }
    }

    /** Another node's group ticks moved: tell the senders connected here, and do not announce that move again. */
    public void ticksElsewhere(long roomId, long delivered, long read, long fromDelivered, long fromRead) {
        ticks.asMap().merge(roomId, new long[] {delivered, read},
                (known, moved) -> new long[] {Math.max(known[0], delivered), Math.max(known[1], read)});
        announceTicks(roomService.byId(roomId), delivered, read, fromDelivered, fromRead);
    }

    /** The ticks frame to the current members who sent a message that either watermark moved past. */
    private void announceTicks(RoomRef room, long delivered, long read, long fromDelivered, long fromRead) {
        java.util.Set<Long> targets = new java.util.HashSet<>();
        sendersBetween(room, fromDelivered, delivered, targets);
        sendersBetween(room, fromRead, read, targets);
        targets.removeIf(id -> !room.isMember(id));
        if (!targets.isEmpty()) {
            hub.send(targets, Json.write(new ServerFrame.Ticks(room.uuid(), delivered, read)), null);
        }
    }

    /** Adds the senders of the messages in (from, to]: remembered here, else looked up; a long range: everyone. */
    private void sendersBetween(RoomRef room, long from, long to, java.util.Set<Long> into) {
        if (to <= from) {
            return;
        }
        if (to - from > LOOKUP_LIMIT) {
            into.addAll(room.memberIds());
            return;
        }
        java.util.Set<Long> senders = this.senders.between(room.id(), from, to);
        into.addAll(senders != null ? senders : lookup.between(room.id(), from, to));
    }

    @Override
    public void close() {
        running = false;
        ticker.interrupt();
        recorder.close();
    }

    /**
     * Who learns that {@code userId} read up to a seq: their own devices; in a direct room also the other member,
     * unless either of them turned read receipts off (then no read frame for that chat leaves the server).
     */
    private List<Long> readersOf(RoomRef room, long userId) {
        if (room.group()) {
            return List.of(userId);
        }
        boolean exchanged = room.memberIds().stream().allMatch(privacy::readReceipts);
        return exchanged ? room.memberIds() : List.of(userId);
    }

    /** Another node moved a watermark: tell the members connected here (in a group: the member's own devices). */
    public void movedElsewhere(long roomId, long userId, ReceiptKind kind, long seq) {
        RoomRef room = roomService.byId(roomId);
        if (room.group() && kind == ReceiptKind.DELIVERED) {
            return;
        }
        if (kind == ReceiptKind.READ) {
            announceRead(room, userId, users.username(userId), seq);
            return;
        }
        hub.send(blocks.visibleTo(userId, room.memberIds()),
                Json.write(new ServerFrame.Receipt(room.uuid(), users.username(userId), kind, seq)), null);
    }

    /**
     * Tells who may know it that {@code userId} read up to {@code seq}. In a direct room with read receipts off the
     * other member gets a {@code delivered} receipt instead: a read raises the delivered watermark too, so when it came
     * before the delivery recorder's flush that flush moved nothing and announced nothing, and the sender's message
     * stayed at one tick although it had been delivered (and read).
     */
    private void announceRead(RoomRef room, long userId, String username, long seq) {
        List<Long> readers = readersOf(room, userId);
        hub.send(blocks.visibleTo(userId, readers),
                Json.write(new ServerFrame.Receipt(room.uuid(), username, ReceiptKind.READ, seq)), null);
        if (!room.group() && readers.size() < room.memberIds().size()) {
            List<Long> others = room.memberIds().stream().filter(id -> !readers.contains(id)).toList();
            hub.send(blocks.visibleTo(userId, others),
                    Json.write(new ServerFrame.Receipt(room.uuid(), username, ReceiptKind.DELIVERED, seq)), null);
        }
    }
}

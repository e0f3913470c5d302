package dev.parley.server.room;

import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrame.ReceiptKind;
import dev.parley.server.common.AuthUser;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.realtime.Delivery;
import dev.parley.server.room.RoomRepository.MemberRoom;
import dev.parley.server.user.BlockService;
import dev.parley.server.user.UserRepository;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import java.util.UUID;

/**
 * Delivered and read watermarks. Each only moves forward; every move is announced as a receipt frame (WhatsApp's
 * grey and blue ticks): in a direct room to both members; in a group only to the senders of the messages the move
 * covers (and, for a read, to the member's own devices, whose unread counts follow) (nobody else's ticks change), so receipt traffic grows with the messages
 * and the members who get them, never with members squared. Delivered moves are coalesced per member and room by
 * the {@link DeliveryRecorder}'s flush.
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
    private final RecentSenders senders;
    private final SenderLookup lookup;

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

    /** A watermark move longer than this in a group is announced to every member instead of looked up. */
    private static final long LOOKUP_LIMIT = 5000;

    public ReceiptService(RoomRepository rooms, RoomService roomService, UserRepository users, ConnectionHub hub,
                          ClusterBus bus, DataSource pool, BlockService blocks, RecentSenders senders) {
        this.senders = senders;
        this.lookup = new SenderLookup(pool);
        this.blocks = blocks;
        this.rooms = rooms;
        this.roomService = roomService;
        this.users = users;
        this.hub = hub;
        this.bus = bus;
        this.recorder = new DeliveryRecorder(pool, Duration.ofMillis(20), this::deliveredMoved);
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
        java.util.OptionalLong from = rooms.advanceRead(room.id(), user.id(), seq);
        if (from.isPresent()) {
            RoomRef ref = roomService.require(user, roomUuid);
            send(ref, user.id(), ReceiptKind.READ, seq, from.getAsLong());
            bus.publish(new ClusterEvent.Receipt(ref.id(), user.id(), ReceiptKind.READ, seq, from.getAsLong()));
        }
    }

    /**
     * A member sent a message: everything up to it counts as delivered to and read by them. Not announced (a reply is
     * not a receipt); the delivery recorder stores it with its next flush.
     */
    public void ownMessage(long roomId, long userId, long seq) {
        recorder.recordOwn(roomId, userId, seq);
    }

    /** Message frames up to these seqs were written to a connection of {@code user}: recorded in the next flush. */
    @Override
    public void delivered(AuthUser user, Collection<Delivery> latestPerRoom) {
        for (Delivery delivery : latestPerRoom) {
            recorder.record(delivery.roomId(), user.id(), delivery.seq());
        }
    }

    private void deliveredMoved(DeliveryRecorder.Watermark watermark) {
        try {
            RoomRef room = roomService.byId(watermark.roomId());
            send(room, watermark.userId(), ReceiptKind.DELIVERED, watermark.seq(), watermark.from());
            bus.publish(new ClusterEvent.Receipt(room.id(), watermark.userId(), ReceiptKind.DELIVERED, watermark.seq(),
                    watermark.from()));
        } catch (RuntimeException e) {
            // The watermark is stored; only this announcement is lost (clients also read watermarks from /api/rooms/).
            LOG.log(System.Logger.Level.WARNING, "Delivered receipt not announced: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        recorder.close();
    }

    /** Another node moved a watermark: tell the members connected here. */
    public void movedElsewhere(long roomId, long userId, ReceiptKind kind, long seq, long from) {
        RoomRef room = roomService.byId(roomId);
        send(room, userId, kind, seq, from);
    }

    /**
     * To those whose view the move changes (see the class comment), except anyone in a block with the member whose
     * watermark moved (the watermark is stored all the same).
     */
    private void send(RoomRef room, long userId, ReceiptKind kind, long seq, long from) {
        List<Long> recipients = recipients(room, userId, kind, seq, from);
        if (recipients.isEmpty()) {
            return;
        }
        hub.send(blocks.visibleTo(userId, recipients),
                Json.write(new ServerFrame.Receipt(room.uuid(), users.username(userId), kind, seq)), null);
    }

    private List<Long> recipients(RoomRef room, long userId, ReceiptKind kind, long seq, long from) {
        if (!room.group()) {
            return room.memberIds();
        }
        java.util.Set<Long> targets;
        if (seq - from > LOOKUP_LIMIT) {
            return room.memberIds();
        }
        targets = senders.between(room.id(), from, seq);
        if (targets == null) {
            targets = lookup.between(room.id(), from, seq);
        }
        if (kind == ReceiptKind.READ) {
            targets.add(userId); // the member's own other devices (their unread state)
        }
        targets.removeIf(id -> !room.isMember(id));
        return List.copyOf(targets);
    }
}

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
import javax.sql.DataSource;
import java.util.UUID;

/**
 * Delivered and read watermarks. Each only moves forward; every move is announced to the room's members
 * as a receipt frame (WhatsApp's grey and blue ticks).
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

    public ReceiptService(RoomRepository rooms, RoomService roomService, UserRepository users, ConnectionHub hub,
                          ClusterBus bus, DataSource pool, BlockService blocks) {
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
        if (rooms.advanceRead(room.id(), user.id(), seq)) {
            announce(roomService.require(user, roomUuid), user, ReceiptKind.READ, seq);
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
            send(room, watermark.userId(), ReceiptKind.DELIVERED, watermark.seq());
            bus.publish(new ClusterEvent.Receipt(room.id(), watermark.userId(), ReceiptKind.DELIVERED, watermark.seq()));
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
    public void movedElsewhere(long roomId, long userId, ReceiptKind kind, long seq) {
        RoomRef room = roomService.byId(roomId);
        send(room, userId, kind, seq);
    }

    private void announce(RoomRef room, AuthUser user, ReceiptKind kind, long seq) {
        send(room, user.id(), kind, seq);
        bus.publish(new ClusterEvent.Receipt(room.id(), user.id(), kind, seq));
    }

    /** To the members, except anyone in a block with the member whose watermark moved (the watermark is stored). */
    private void send(RoomRef room, long userId, ReceiptKind kind, long seq) {
        hub.send(blocks.visibleTo(userId, room.memberIds()),
                Json.write(new ServerFrame.Receipt(room.uuid(), users.username(userId), kind, seq)), null);
    }
}

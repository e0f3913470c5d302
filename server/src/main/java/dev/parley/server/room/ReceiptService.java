package dev.parley.server.room;

import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrame.ReceiptKind;
import dev.parley.server.auth.AuthUser;
import dev.parley.server.common.ApiException;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.realtime.Delivery;
import dev.parley.server.room.RoomRepository.MemberRoom;
import java.util.Collection;
import java.util.UUID;

/**
 * Delivered and read watermarks. Each only moves forward; every move is announced to the room's members
 * as a receipt frame (WhatsApp's grey and blue ticks).
 */
public final class ReceiptService implements ConnectionHub.DeliveryListener {

    private final RoomRepository rooms;
    private final RoomService roomService;
    private final ConnectionHub hub;

    public ReceiptService(RoomRepository rooms, RoomService roomService, ConnectionHub hub) {
        this.rooms = rooms;
        this.roomService = roomService;
        this.hub = hub;
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

    /** Message frames up to these seqs were written to a connection of {@code user}. */
    @Override
    public void delivered(AuthUser user, Collection<Delivery> latestPerRoom) {
        for (Delivery delivery : latestPerRoom) {
            if (rooms.advanceDelivered(delivery.roomId(), user.id(), delivery.seq())) {
                announce(roomService.require(user, delivery.roomUuid()), user, ReceiptKind.DELIVERED, delivery.seq());
            }
        }
    }

    private void announce(RoomRef room, AuthUser user, ReceiptKind kind, long seq) {
        hub.send(room.memberIds(), Json.write(new ServerFrame.Receipt(room.uuid(), user.username(), kind, seq)), null);
    }
}

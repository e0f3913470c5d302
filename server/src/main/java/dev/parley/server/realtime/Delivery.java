package dev.parley.server.realtime;

import java.util.UUID;

/** Identifies a message frame on its way to a connection: which room, which seq, and who sent it. */
public record Delivery(long roomId, UUID roomUuid, long seq, long senderId) {
}

package dev.parley.server.room;

import java.util.List;
import java.util.UUID;

/** What the server needs to know about a room to route to it: ids, the seed-compatible name and its members. */
public record RoomRef(long id, UUID uuid, String name, List<Long> memberIds) {
    public RoomRef {
        memberIds = List.copyOf(memberIds);
    }
}

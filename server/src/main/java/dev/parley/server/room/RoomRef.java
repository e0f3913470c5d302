package dev.parley.server.room;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the server needs to know about a room to route to it and to show its messages: ids, the seed-compatible name
 * and its members with their usernames (a 1:1 room's members never change, nor do usernames). Built once per room
 * and cached, so {@code memberIds} is kept as a list for the fan-out rather than derived on every message.
 */
public record RoomRef(long id, UUID uuid, String name, List<Long> memberIds, Map<Long, String> members) {
    public RoomRef {
        memberIds = List.copyOf(memberIds);
        members = Map.copyOf(members);
        if (memberIds.size() != members.size() || !members.keySet().containsAll(memberIds)) {
            throw new IllegalArgumentException("member ids " + memberIds + " do not match members " + members.keySet());
        }
    }

    /** A room with these members (user id to username). */
    public RoomRef(long id, UUID uuid, String name, Map<Long, String> members) {
        this(id, uuid, name, List.copyOf(members.keySet()), members);
    }

    /** A member's username; only members write to a room, so anyone else is a bug. */
    public String username(long userId) {
        String username = members.get(userId);
        if (username == null) {
            throw new IllegalStateException("user " + userId + " is not a member of room " + id);
        }
        return username;
    }
}

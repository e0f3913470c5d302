package dev.parley.server.room;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the server needs to know about a room to route to it and to show its messages: ids, the seed-compatible name
 * and its members with their usernames (a 1:1 room's members never change, nor do usernames).
 */
public record RoomRef(long id, UUID uuid, String name, Map<Long, String> members) {
    public RoomRef {
        members = Map.copyOf(members);
    }

    /** The members' user ids. */
    public List<Long> memberIds() {
        return List.copyOf(members.keySet());
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

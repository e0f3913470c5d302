package dev.parley.protocol;

import java.util.List;

/**
 * Body of {@code POST /api/rooms/}: either {@code user}, the person to open a direct chat with (as in the API
 * Parley replaces), or {@code name} and {@code members} (usernames besides the caller) for a new group.
 */
public record CreateRoomRequest(String user, String name, List<String> members) {

    public CreateRoomRequest(String user) {
        this(user, null, null);
    }

    /** Whether this asks for a group rather than a direct chat. */
    public boolean group() {
        return user == null;
    }
}

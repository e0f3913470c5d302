package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/** Body of {@code POST /api/rooms/}: the username of the person to chat with. */
public record CreateRoomRequest(String user) {
    public CreateRoomRequest {
        requireNonNull(user, "user");
    }
}

package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/** Body of {@code PATCH /api/rooms/{room_uuid}/}: the group's new name. */
public record RoomUpdateRequest(String name) {
    public RoomUpdateRequest {
        requireNonNull(name, "name");
    }
}

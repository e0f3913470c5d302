package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/** Body of {@code PATCH /api/rooms/{room_uuid}/members/{username}/}: "admin" or "member". */
public record RoleRequest(String role) {
    public RoleRequest {
        requireNonNull(role, "role");
    }
}

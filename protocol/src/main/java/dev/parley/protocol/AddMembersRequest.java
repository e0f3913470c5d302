package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Body of {@code POST /api/rooms/{room_uuid}/members/}: the usernames to add to the group. */
public record AddMembersRequest(List<String> users) {
    public AddMembersRequest {
        users = List.copyOf(requireNonNull(users, "users"));
    }
}

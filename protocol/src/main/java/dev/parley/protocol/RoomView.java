package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A room as its members see it in {@code GET /api/rooms/} and the {@code room} frame.
 * {@code roomUuid}, {@code users}, {@code roomName} and {@code createdAt} are the fields of the API Parley replaces;
 * {@code lastSeq} is the newest seq, {@code unreadCount} the caller's unread messages from others,
 * {@code lastMessage} the newest message or null, {@code members} everyone's presence and receipt watermarks.
 */
public record RoomView(
        UUID roomUuid,
        List<String> users,
        String roomName,
        Instant createdAt,
        long lastSeq,
        long unreadCount,
        MessageView lastMessage,
        List<MemberView> members) {

    public RoomView {
        requireNonNull(roomUuid, "room_uuid");
        users = List.copyOf(users);
        requireNonNull(roomName, "room_name");
        requireNonNull(createdAt, "created_at");
        members = List.copyOf(members);
    }
}

package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored message, exactly as {@code GET /api/messages/} lists it and as frames carry it.
 * {@code room} is the room's name and {@code user} the sender's username, as in the API Parley replaces;
 * {@code seq} is the message's position in its room (1, 2, 3, ... without gaps);
 * {@code clientId} is the sender's idempotency key, present when the sender gave one.
 */
public record MessageView(
        UUID messageUuid,
        String content,
        String room,
        UUID roomUuid,
        String user,
        Instant createdAt,
        long seq,
        @JsonInclude(JsonInclude.Include.NON_NULL) String clientId) {

    public MessageView {
        requireNonNull(messageUuid, "message_uuid");
        requireNonNull(content, "content");
        requireNonNull(room, "room");
        requireNonNull(roomUuid, "room_uuid");
        requireNonNull(user, "user");
        requireNonNull(createdAt, "created_at");
    }
}

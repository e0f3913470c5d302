package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/**
 * Body of {@code POST /api/messages/}, with the field names of the API Parley replaces:
 * {@code room} is the room's uuid (as a string, validated by the server), {@code user} is optional and,
 * when present, must name the authenticated caller; {@code clientId} is an optional idempotency key and
 * {@code replyTo} the optional seq of the message (of the same room) this one answers.
 */
public record SendMessageRequest(String room, String content, String user, String clientId, Long replyTo) {
    public SendMessageRequest {
        requireNonNull(room, "room");
        requireNonNull(content, "content");
    }

    public SendMessageRequest(String room, String content, String user, String clientId) {
        this(room, content, user, clientId, null);
    }
}

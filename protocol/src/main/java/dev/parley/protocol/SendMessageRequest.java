package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code POST /api/messages/}, with the field names of the API Parley replaces:
 * {@code room} is the room's uuid (as a string, validated by the server), {@code user} is optional and,
 * when present, must name the authenticated caller; {@code clientId} is an optional idempotency key and
 * {@code replyTo} the optional seq of the message (of the same room) this one answers. {@code attachments} names
 * up to 10 uploads of the caller to this room ({@code POST /api/attachments/}) that no message carries yet; with
 * attachments, {@code content} (the caption) may be empty or absent.
 */
public record SendMessageRequest(String room, String content, String user, String clientId, Long replyTo,
                                 @JsonInclude(JsonInclude.Include.NON_EMPTY) List<UUID> attachments) {
    public SendMessageRequest {
        requireNonNull(room, "room");
        attachments = Captioned.attachments(attachments);
        content = Captioned.content(content, attachments);
    }

    public SendMessageRequest(String room, String content, String user, String clientId, Long replyTo) {
        this(room, content, user, clientId, replyTo, List.of());
    }

    public SendMessageRequest(String room, String content, String user, String clientId) {
        this(room, content, user, clientId, null);
    }
}

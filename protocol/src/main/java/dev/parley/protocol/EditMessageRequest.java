package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/** Body of {@code PATCH /api/messages/{message_uuid}/}: the new text, and an optional idempotency key. */
public record EditMessageRequest(String content, String clientId) {
    public EditMessageRequest {
        requireNonNull(content, "content");
    }
}

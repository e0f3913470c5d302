package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/** Body of {@code PUT /api/messages/{message_uuid}/reaction/}: the caller's emoji, and an optional idempotency key. */
public record ReactionRequest(String emoji, String clientId) {
    public ReactionRequest {
        requireNonNull(emoji, "emoji");
    }
}

package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

/**
 * One signed-in device of the caller, as {@code GET /api/sessions/} lists it ("linked devices"): when it signed in,
 * when it was last used, what it said it was ({@code User-Agent}, null if it said nothing) and from which address;
 * {@code current} marks the session making the request. {@code DELETE /api/sessions/{id}} signs it out.
 */
public record SessionView(UUID id, Instant createdAt, Instant lastUsedAt, String userAgent, String address,
                          boolean current) {
    public SessionView {
        requireNonNull(id, "id");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(lastUsedAt, "lastUsedAt");
    }
}

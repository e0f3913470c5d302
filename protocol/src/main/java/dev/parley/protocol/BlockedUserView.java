package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Someone the caller blocked, as {@code GET /api/users/blocked/} lists them: who, and since when. Presence is not
 * part of it: blocking hides it both ways.
 */
public record BlockedUserView(String username, Instant blockedAt) {
    public BlockedUserView {
        requireNonNull(username, "username");
        requireNonNull(blockedAt, "blockedAt");
    }
}

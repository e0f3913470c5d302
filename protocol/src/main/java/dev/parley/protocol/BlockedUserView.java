package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Someone the caller blocked, as {@code GET /api/users/blocked/} lists them: who, and since when. Presence is not
 * part of it: blocking hides it both ways. {@code displayName} and {@code about}: their profile (null where not set).
 */
public record BlockedUserView(String username, String displayName, String about, Instant blockedAt) {
    public BlockedUserView {
        requireNonNull(username, "username");
        requireNonNull(blockedAt, "blockedAt");
    }

    /** Someone without a profile. */
    public BlockedUserView(String username, Instant blockedAt) {
        this(username, null, null, blockedAt);
    }
}

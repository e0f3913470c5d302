package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A user as others see them: {@code GET /api/users/}, {@code GET /api/me} and the {@code user} of an auth response.
 * {@code lastSeen} is null for a user who never connected.
 */
public record UserView(String username, boolean online, Instant lastSeen) {
    public UserView {
        requireNonNull(username, "username");
    }
}

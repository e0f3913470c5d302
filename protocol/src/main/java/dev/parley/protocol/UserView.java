package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A user as others see them: {@code GET /api/users/}, {@code GET /api/me} and the {@code user} of an auth response.
 * {@code displayName} (shown instead of the username) and {@code about} are their profile, null where not set;
 * {@code lastSeen} is null for a user who never connected.
 */
public record UserView(String username, String displayName, String about, boolean online, Instant lastSeen) {
    public UserView {
        requireNonNull(username, "username");
    }

    /** A user without a profile. */
    public UserView(String username, boolean online, Instant lastSeen) {
        this(username, null, null, online, lastSeen);
    }

    /** The name to show: the display name where set, else the username. */
    public String shownName() {
        return displayName == null ? username : displayName;
    }
}

package dev.parley.server.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.UserView;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.RateLimit;
import dev.parley.server.realtime.ConnectionHub;
import java.util.ArrayList;
import dev.parley.server.common.JsonBodies;
import java.util.List;

/**
 * Profiles: a display name shown instead of the username, and an "About" line. A change is told live, as a
 * {@code profile} frame, to everyone who shares a room with the user and to the user's own connections, on every node.
 */
public final class ProfileService {

    static final int MAX_DISPLAY_NAME = 64;
    static final int MAX_ABOUT = 140;

    private final UserRepository users;
    private final ConnectionHub hub;
    private final ClusterBus bus;
    private final RateLimit<Long> changes;

    /** {@code burst} changes at once per user, then {@code perHour}. */
    public ProfileService(UserRepository users, ConnectionHub hub, ClusterBus bus, int burst, int perHour) {
        this.users = users;
        this.hub = hub;
        this.bus = bus;
        this.changes = new RateLimit<>(burst, perHour, java.time.Duration.ofHours(1),
                "too many profile changes: at most " + perHour + " an hour");
    }

    /**
     * Applies a {@code PATCH /api/me} body: any subset of {@code display_name} (1–64 characters after trimming, or
     * null to clear) and {@code about} (up to 140, "" or null clears). Anything else is a 400 and changes nothing.
     * Returns the caller as {@code GET /api/me} shows them.
     */
    public UserView update(AuthUser user, JsonNode body) {
        JsonBodies.requireObjectOf(body, "a profile has display_name and about",
                java.util.Set.of("display_name", "about"));
        boolean setName = body.has("display_name");
        boolean setAbout = body.has("about");
        String displayName = setName ? displayName(body.get("display_name")) : null;
        String about = setAbout ? about(body.get("about")) : null;
        changes.acquire(user.id());
        UserRepository.Profile profile = users.updateProfile(user.id(), setName, displayName, setAbout, about);
        announce(profile, user.id());
        bus.publish(new ClusterEvent.ProfileChanged(user.id()));
        return users.findByName(user.username()).orElseThrow().view();
    }

    /** Tells the user's audience connected to this node their profile as stored now (a change on another node). */
    public void announce(long userId) {
        announce(users.profile(userId), userId);
    }

    private void announce(UserRepository.Profile profile, long userId) {
        List<Long> audience = new ArrayList<>(users.profileAudience(userId));
        audience.add(userId); // the user's other devices
        hub.send(audience, Json.write(new ServerFrame.Profile(profile.username(), profile.displayName(),
                profile.about())), null);
    }

    private static String displayName(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        String name = text(value, "display_name").strip();
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_DISPLAY_NAME) {
            throw ApiException.validation("display_name must be 1 to " + MAX_DISPLAY_NAME
                    + " characters (null clears it)");
        }
        return name;
    }

    private static String about(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        String about = text(value, "about").strip();
        if (about.codePointCount(0, about.length()) > MAX_ABOUT) {
            throw ApiException.validation("about must be at most " + MAX_ABOUT + " characters");
        }
        return about.isEmpty() ? null : about;
    }

    /** The value as text, refusing other types and control characters (line breaks included: both are one line). */
    private static String text(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw ApiException.validation("wrong type for " + field + ": expected a string or null");
        }
        String text = value.textValue();
        boolean control = text.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                || c == 0x2028 || c == 0x2029);
        if (control) {
            throw ApiException.validation(field + " must not contain control characters or line breaks");
        }
        return text;
    }
}

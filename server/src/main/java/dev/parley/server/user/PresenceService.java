package dev.parley.server.user;

import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.auth.AuthUser;
import dev.parley.server.realtime.ConnectionHub;
import java.lang.System.Logger.Level;
import java.time.Instant;

/** Turns a user's first and last connection into presence frames for everyone who shares a room with them. */
public final class PresenceService implements ConnectionHub.PresenceListener {

    private static final System.Logger LOG = System.getLogger(PresenceService.class.getName());

    private final UserRepository users;
    private final ConnectionHub hub;

    public PresenceService(UserRepository users, ConnectionHub hub) {
        this.users = users;
        this.hub = hub;
    }

    @Override
    public void online(AuthUser user) {
        announce(user, true);
    }

    @Override
    public void offline(AuthUser user) {
        announce(user, false);
    }

    private void announce(AuthUser user, boolean online) {
        try {
            Instant lastSeen = users.touchLastSeen(user.id());
            hub.send(users.coMemberIds(user.id()),
                    Json.write(new ServerFrame.Presence(user.username(), online, lastSeen)), null);
        } catch (RuntimeException e) {
            // Presence is advisory: a database hiccup must not break connecting or disconnecting.
            LOG.log(Level.WARNING, "Presence of " + user.username() + " not announced: " + e.getMessage());
        }
    }
}

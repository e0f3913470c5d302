package dev.parley.server.user;

import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.common.AuthUser;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.realtime.ConnectionHub;
import java.lang.System.Logger.Level;

/**
 * Presence across the cluster: a user is online while any live node has a session for them. This node records its
 * own sessions, tells the other nodes when one changes, and turns every change (its own, another node's, or a dead
 * node's) into presence frames for the co-members connected here.
 */
public final class PresenceService implements ConnectionHub.PresenceListener {

    private static final System.Logger LOG = System.getLogger(PresenceService.class.getName());

    private final UserRepository users;
    private final PresenceRepository presence;
    private final ConnectionHub hub;
    private final ClusterBus bus;
    private final BlockService blocks;

    public PresenceService(UserRepository users, PresenceRepository presence, ConnectionHub hub, ClusterBus bus,
                           BlockService blocks) {
        this.blocks = blocks;
        this.users = users;
        this.presence = presence;
        this.hub = hub;
        this.bus = bus;
    }

    @Override
    public void online(AuthUser user) {
        try {
            presence.online(bus.nodeId(), user.id());
            changed(user.id());
        } catch (RuntimeException e) {
            // Presence is advisory: a database hiccup must not break connecting.
            LOG.log(Level.WARNING, "Presence of " + user.username() + " not recorded: " + e.getMessage());
        }
    }

    @Override
    public void offline(AuthUser user) {
        try {
            presence.offline(bus.nodeId(), user.id());
            changed(user.id());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence of " + user.username() + " not recorded: " + e.getMessage());
        }
    }

    /** Announces a change here and to the other nodes. */
    public void changed(long userId) {
        announce(userId);
        bus.publish(new ClusterEvent.PresenceChanged(userId));
    }

    /** Sends the user's current presence to the co-members connected to this node who are in no block with them. */
    public void announce(long userId) {
        PresenceRepository.State state = presence.state(userId);
        hub.send(blocks.visibleTo(userId, users.coMemberIds(userId)),
                Json.write(new ServerFrame.Presence(state.username(), state.online(), state.lastSeen())), null);
    }
}

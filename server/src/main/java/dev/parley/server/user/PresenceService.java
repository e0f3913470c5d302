package dev.parley.server.user;

import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.common.Admission;
import dev.parley.server.common.AuthUser;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.realtime.ConnectionHub;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Presence across the cluster: a user is online while any live node has a session for them. This node records its
 * own sessions, tells the other nodes when one changes, and turns every change (its own, another node's, or a dead
 * node's) into presence frames for the co-members connected here.
 */
public final class PresenceService implements ConnectionHub.PresenceListener {

    private static final System.Logger LOG = System.getLogger(PresenceService.class.getName());

    /**
     * Transitions that may touch the database at once, going online and going offline apart: a crowd dropping together
     * (a network blip, a proxy restart) would otherwise take every pooled connection for seconds, and the message
     * writer, waiting for one, would answer every send "unavailable". The rest wait their turn (a transition's presence
     * shows a moment later). Going offline takes its own, fewer turns, so that those coming back do not wait behind
     * everyone's going offline, and most of those are called off.
     */
    private static final int ONLINE_AT_ONCE = 4;
    private static final int OFFLINE_AT_ONCE = 2;
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** A user's going offline, waiting for its turn; called off when they come back first. Guarded by itself. */
    private static final class Leaving {
        final AuthUser user;
        final CountDownLatch done = new CountDownLatch(1);
        boolean started;
        boolean calledOff;

        Leaving(AuthUser user) {
            this.user = user;
        }
    }

    private final Admission onlineTurns = turns(ONLINE_AT_ONCE);
    private final Admission offlineTurns = turns(OFFLINE_AT_ONCE);
    /** Offline transitions not finished yet, by user (the hub tells one per user at a time, in order). */
    private final Map<Long, Leaving> leaving = new ConcurrentHashMap<>();
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

    /**
     * Records and announces the user's coming online, after the going offline before it. One that has not started yet is
     * called off instead, and then nothing is written or told: for everyone else the user never left (after a network
     * blip, most of a node's users are back before their turn came).
     */
    @Override
    public void online(AuthUser user) {
        Leaving left = leaving.get(user.id());
        if (left != null) {
            synchronized (left) {
                if (!left.started) {
                    left.calledOff = true;
                    leaving.remove(user.id(), left);
                    return;
                }
            }
            try {
                left.done.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try (Admission.Permit turn = onlineTurns.enter(System.nanoTime() + MAX_WAIT.toNanos())) {
            presence.online(bus.nodeId(), user.id());
            changed(user.id());
        } catch (RuntimeException e) {
            // Presence is advisory: a database hiccup must not break connecting.
            LOG.log(Level.WARNING, "Presence of " + user.username() + " not recorded: " + e.getMessage());
        }
    }

    /** Records and announces the user's going offline on a thread of its own, when its turn comes (the caller goes on). */
    @Override
    public void offline(AuthUser user) {
        Leaving left = new Leaving(user);
        leaving.put(user.id(), left);
        Thread.startVirtualThread(() -> leave(left));
    }

    private void leave(Leaving left) {
        try {
            synchronized (left) {
                if (left.calledOff) {
                    return;
                }
            }
            try (Admission.Permit turn = offlineTurns.enter(System.nanoTime() + MAX_WAIT.toNanos())) {
                synchronized (left) {
                    if (left.calledOff) {
                        return;
                    }
                    left.started = true;
                }
                presence.offline(bus.nodeId(), left.user.id());
                changed(left.user.id());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Presence of " + left.user.username() + " not recorded: " + e.getMessage());
        } finally {
            leaving.remove(left.user.id(), left);
            left.done.countDown();
        }
    }

    private static Admission turns(int atOnce) {
        return new Admission(new Admission.Settings(atOnce, MAX_WAIT, Duration.ofSeconds(1), Duration.ofSeconds(10)));
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

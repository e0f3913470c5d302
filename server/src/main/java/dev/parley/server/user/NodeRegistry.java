package dev.parley.server.user;

import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.Loops;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.user.PresenceRepository;
import dev.parley.server.user.PresenceService;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This node's row in {@code nodes}: registered at start, refreshed every third of the presence TTL, removed at a
 * graceful stop. Every node also reaps nodes whose heartbeat expired, so the users of a node that died without
 * saying goodbye are shown offline (with their last_seen) within a bounded time.
 */
public final class NodeRegistry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeRegistry.class.getName());

    private final String nodeId;
    private final PresenceRepository presence;
    private final PresenceService presenceService;
    private final ConnectionHub hub;
    private final ClusterBus bus;
    private final ScheduledExecutorService scheduler;
    private final Runnable rejoined;

    /**
     * {@code rejoined} runs after this node was taken for dead by the others and registered again: meanwhile they
     * published nothing for it (a node that believes it is alone publishes nothing), so it must read what it missed.
     */
    public NodeRegistry(ClusterBus bus, PresenceRepository presence, PresenceService presenceService,
                        ConnectionHub hub, Duration ttl, Runnable rejoined) {
        this.nodeId = bus.nodeId();
        this.rejoined = rejoined;
        this.bus = bus;
        this.presence = presence;
        this.presenceService = presenceService;
        this.hub = hub;
        presence.registerNode(nodeId);
        bus.peers(presence.liveNodes() > 1);
        bus.publish(new ClusterEvent.NodeJoined());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("parley-node-registry").factory());
        long period = Math.max(200, ttl.toMillis() / 3);
        scheduler.scheduleWithFixedDelay(Loops.guarded("heartbeat", this::beat), period, period,
                TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            if (!presence.heartbeat(nodeId)) {
                // We were paused longer than the TTL and reaped: come back with everyone still connected here.
                LOG.log(Level.WARNING, "Node " + nodeId + " was reaped while alive; registering again");
                presence.registerNode(nodeId);
                bus.peers(presence.liveNodes() > 1);
                bus.publish(new ClusterEvent.NodeJoined()); // the others publish again from now on
                List<Long> connected = List.copyOf(hub.connectedUserIds());
                presence.addSessions(nodeId, connected);
                presenceService.changed(connected);
                rejoined.run();
            }
            java.util.Set<Long> here = new java.util.HashSet<>(hub.connectedUserIds());
            // Someone connected here is online, and was announced so when they connected: after a restart that is
            // most of the dead node's users, and announcing each again would double a storm's work.
            presenceService.changed(presence.reapDeadNodes().stream().filter(userId -> !here.contains(userId)).toList());
            bus.peers(presence.liveNodes() > 1);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Heartbeat failed: " + e.getMessage());
        }
    }

    /** Stops the heartbeat and removes this node (its remaining sessions go with it). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            presence.deleteNode(nodeId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove node " + nodeId + ": " + e.getMessage());
        }
    }
}

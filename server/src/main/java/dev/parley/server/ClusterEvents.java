package dev.parley.server;

import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.auth.AuthService;
import dev.parley.server.message.MessageService;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.room.ReceiptService;
import dev.parley.server.room.RoomService;
import dev.parley.server.user.BlockService;
import dev.parley.server.user.PresenceService;
import dev.parley.server.user.PrivacyService;
import dev.parley.server.user.ProfileService;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns events from the bus into deliveries to this node's connections. Message events of one batch are
 * coalesced per room (the newest seq wins: the feed reads everything up to it); events this node produced
 * itself were delivered here already and are skipped.
 */
public final class ClusterEvents implements Consumer<List<ClusterEvent.Envelope>> {

    private static final System.Logger LOG = System.getLogger(ClusterEvents.class.getName());

    private final String nodeId;
    private final MessageService messages;
    private final RoomService rooms;
    private final ReceiptService receipts;
    private final PresenceService presence;
    private final ClusterBus bus;
    private final ConnectionHub hub;
    private final AuthService auth;
    private final BlockService blocks;
    private final ProfileService profiles;
    private final PrivacyService privacy;

    public ClusterEvents(ClusterBus bus, ConnectionHub hub, AuthService auth, MessageService messages,
                         RoomService rooms, ReceiptService receipts, PresenceService presence, BlockService blocks,
                         ProfileService profiles, PrivacyService privacy) {
        this.bus = bus;
        this.hub = hub;
        this.auth = auth;
        this.nodeId = bus.nodeId();
        this.messages = messages;
        this.rooms = rooms;
        this.receipts = receipts;
        this.presence = presence;
        this.blocks = blocks;
        this.profiles = profiles;
        this.privacy = privacy;
    }

    @Override
    public void accept(List<ClusterEvent.Envelope> envelopes) {
        Map<Long, Long> committed = new HashMap<>();
        for (ClusterEvent.Envelope envelope : envelopes) {
            if (envelope.nodeId().equals(nodeId)) {
                continue;
            }
            try {
                switch (envelope.event()) {
                    case ClusterEvent.MessageCommitted m -> committed.merge(m.roomId(), m.seq(), Math::max);
                    case ClusterEvent.Receipt r -> receipts.movedElsewhere(r.roomId(), r.userId(), r.kind(), r.seq());
                    case ClusterEvent.RoomChanged g -> messages.roomChangedElsewhere(g.roomId(), g.seq());
                    case ClusterEvent.Ticks k -> receipts.ticksElsewhere(k.roomId(), k.delivered(), k.read(),
                            k.fromDelivered(), k.fromRead());
                    case ClusterEvent.Typing t -> rooms.typingElsewhere(t.roomId(), t.userId());
                    case ClusterEvent.PresenceChanged p -> presence.announce(p.userId());
                    case ClusterEvent.ProfileChanged p -> profiles.announce(p.userId());
                    case ClusterEvent.SettingsChanged v -> privacy.changedElsewhere(v.userId());
                    case ClusterEvent.RoomCreated c -> rooms.createdElsewhere(c.roomId());
                    case ClusterEvent.RoomSettingsChanged u -> rooms.announce(rooms.byId(u.roomId()), List.of(u.userId()));
                    case ClusterEvent.BlockChanged b -> blocks.changedElsewhere(b.blockerId(), b.blockedId());
                    case ClusterEvent.NodeJoined j -> bus.peers(true);
                    case ClusterEvent.SessionEnded e -> {
                        auth.forget(e.session());
                        hub.closeSession(e.session());
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cluster event " + envelope + " not handled: " + e.getMessage());
            }
        }
        committed.forEach((roomId, seq) -> {
            try {
                messages.committedElsewhere(roomId, seq);
            } catch (RuntimeException e) {
                // The periodic catch-up delivers it once the database answers again.
                LOG.log(Level.WARNING, "Messages of room " + roomId + " not delivered yet: " + e.getMessage());
            }
        });
    }
}

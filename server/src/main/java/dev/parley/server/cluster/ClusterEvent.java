package dev.parley.server.cluster;

import dev.parley.protocol.ServerFrame.ReceiptKind;

/**
 * What one node tells the others through PostgreSQL NOTIFY. Payloads carry ids and positions only (never content,
 * far below NOTIFY's 8000-byte limit): the receiving node reads what it needs from the database, the truth.
 * Wire form: {@code <node>|<kind>|<ids...>} (a signed-out session is named by its token's hash, already revoked).
 */
public sealed interface ClusterEvent {

    /** Messages of the room up to {@code seq} are committed. */
    record MessageCommitted(long roomId, long seq) implements ClusterEvent {
    }

    /** A member's delivered or read watermark moved up to {@code seq}. */
    record Receipt(long roomId, long userId, ReceiptKind kind, long seq) implements ClusterEvent {
    }

    /** A group's ticks moved: every member has received up to {@code delivered} and read up to {@code read}. */
    record Ticks(long roomId, long delivered, long read, long fromDelivered, long fromRead) implements ClusterEvent {
    }

    /** Membership or room events were committed from {@code seq} on: forget the cached room, announce the added. */
    record RoomChanged(long roomId, long seq) implements ClusterEvent {
    }

    /** A member is typing. */
    record Typing(long roomId, long userId) implements ClusterEvent {
    }

    /** A user's presence may have changed: recompute it from the database. */
    record PresenceChanged(long userId) implements ClusterEvent {
    }

    /** A user changed their profile: tell it to those connected here who share a room with them. */
    record ProfileChanged(long userId) implements ClusterEvent {
    }

    /** A user changed their privacy settings: drop what is cached about them. */
    record SettingsChanged(long userId) implements ClusterEvent {
    }

    /** A block between two users was added or removed: drop what is cached about it and re-tell their presence. */
    record BlockChanged(long blockerId, long blockedId) implements ClusterEvent {
    }

    /** A user changed their own settings of a room (pin, mute, archive, ...): tell their connections. */
    record RoomSettingsChanged(long roomId, long userId) implements ClusterEvent {
    }

    /** A room was created. */
    record RoomCreated(long roomId) implements ClusterEvent {
    }

    /** A session signed out: every node closes that session's connections. */
    record SessionEnded(String session) implements ClusterEvent {
    }

    /** A node started: the others start publishing (a node that believes it is alone publishes nothing). */
    record NodeJoined() implements ClusterEvent {
    }

    /** An event and the node it came from. */
    record Envelope(String nodeId, ClusterEvent event) {
    }

    static String encode(String nodeId, ClusterEvent event) {
        String body = switch (event) {
            case MessageCommitted m -> "m|" + m.roomId() + "|" + m.seq();
            case Receipt r -> "r|" + r.roomId() + "|" + r.userId() + "|" + (r.kind() == ReceiptKind.READ ? "r" : "d") + "|" + r.seq();
            case RoomChanged g -> "g|" + g.roomId() + "|" + g.seq();
            case Ticks k -> "k|" + k.roomId() + "|" + k.delivered() + "|" + k.read() + "|" + k.fromDelivered() + "|"
                    + k.fromRead();
            case Typing t -> "t|" + t.roomId() + "|" + t.userId();
            case PresenceChanged p -> "p|" + p.userId();
            case ProfileChanged p -> "n|" + p.userId();
            case SettingsChanged v -> "v|" + v.userId();
            case RoomCreated c -> "c|" + c.roomId();
            case RoomSettingsChanged u -> "u|" + u.roomId() + "|" + u.userId();
            case BlockChanged b -> "b|" + b.blockerId() + "|" + b.blockedId();
            case NodeJoined j -> "j|0";
            case SessionEnded e -> "s|" + e.session();
        };
        return nodeId + "|" + body;
    }

    /** Parses a payload; throws IllegalArgumentException for anything that is not one of ours. */
    static Envelope decode(String payload) {
        String[] parts = payload.split("\\|");
        if (parts.length < 3) {
            throw new IllegalArgumentException("not a Parley event: " + payload);
        }
        ClusterEvent event = switch (parts[1]) {
            case "m" -> new MessageCommitted(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            case "r" -> new Receipt(Long.parseLong(parts[2]), Long.parseLong(parts[3]),
                    "r".equals(parts[4]) ? ReceiptKind.READ : ReceiptKind.DELIVERED, Long.parseLong(parts[5]));
            case "g" -> new RoomChanged(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            case "k" -> new Ticks(Long.parseLong(parts[2]), Long.parseLong(parts[3]), Long.parseLong(parts[4]),
                    Long.parseLong(parts[5]), Long.parseLong(parts[6]));
            case "t" -> new Typing(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            case "p" -> new PresenceChanged(Long.parseLong(parts[2]));
            case "n" -> new ProfileChanged(Long.parseLong(parts[2]));
            case "v" -> new SettingsChanged(Long.parseLong(parts[2]));
            case "c" -> new RoomCreated(Long.parseLong(parts[2]));
            case "u" -> new RoomSettingsChanged(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            case "b" -> new BlockChanged(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            case "j" -> new NodeJoined();
            case "s" -> new SessionEnded(parts[2]);
            default -> throw new IllegalArgumentException("unknown event kind in " + payload);
        };
        return new Envelope(parts[0], event);
    }
}

package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;
import java.util.UUID;

/**
 * A frame a client sends on {@code /ws}. Every frame is a JSON object whose {@code type} names the record below.
 * A rejected frame is answered with {@link ServerFrame.Error} and the connection stays usable.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
        @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
        @JsonSubTypes.Type(value = ClientFrame.Sync.class, name = "sync"),
        @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping")
})
public sealed interface ClientFrame {

    /**
     * Sends a message. Once it is committed the sending connection gets {@link ServerFrame.Ack} and every other
     * connection of every member gets {@link ServerFrame.Message}. Resending the same {@code clientId} never
     * creates a second message: the ack then carries the original.
     */
    record Send(UUID roomUuid, String content, String clientId) implements ClientFrame {
        public Send {
            requireNonNull(roomUuid, "room_uuid");
            requireNonNull(content, "content");
            requireNonNull(clientId, "client_id");
        }
    }

    /** "I am typing in this room": relayed to the other members as {@link ServerFrame.Typing}, never stored. */
    record Typing(UUID roomUuid) implements ClientFrame {
        public Typing {
            requireNonNull(roomUuid, "room_uuid");
        }
    }

    /**
     * "I have read everything up to {@code seq}": moves the sender's read watermark (never backwards);
     * members then get a {@link ServerFrame.Receipt} of kind {@code read}.
     */
    record Read(UUID roomUuid, long seq) implements ClientFrame {
        public Read {
            requireNonNull(roomUuid, "room_uuid");
        }
    }

    /**
     * Resume after being offline: for each room, the last seq the client has. The server replays every later
     * message in order (up to a cap per room) and ends with {@link ServerFrame.Synced}.
     */
    record Sync(Map<UUID, Long> since) implements ClientFrame {
        public Sync {
            requireNonNull(since, "since").forEach((room, seq) -> {
                if (seq == null) {
                    throw new IllegalArgumentException("since: the seq of room " + room + " must be a number, not null");
                }
            });
            since = Map.copyOf(since);
        }
    }

    /** Keep-alive from the client; answered with {@link ServerFrame.Pong}. */
    record Ping() implements ClientFrame {
    }
}

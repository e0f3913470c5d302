package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A frame a client sends on {@code /ws}. Every frame is a JSON object whose {@code type} names the record below.
 * A rejected frame is answered with {@link ServerFrame.Error} and the connection stays usable.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
        @JsonSubTypes.Type(value = ClientFrame.Edit.class, name = "edit"),
        @JsonSubTypes.Type(value = ClientFrame.Delete.class, name = "delete"),
        @JsonSubTypes.Type(value = ClientFrame.React.class, name = "react"),
        @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
        @JsonSubTypes.Type(value = ClientFrame.Sync.class, name = "sync"),
        @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping")
})
public sealed interface ClientFrame {

    /**
     * Sends a message. Once it is committed the sending connection gets {@link ServerFrame.Ack} and every other
     * connection of every member gets {@link ServerFrame.Message}. Resending the same {@code clientId} never
     * creates a second message: the ack then carries the original. {@code replyTo}, when given, is the seq of an
     * earlier message of the room (one the sender can see) that this one answers: every view of it quotes that one.
     * {@code attachments} names up to 10 of the sender's uploads to this room ({@code POST /api/attachments/}) that
     * no message carries yet, bound to the message in the transaction that stores it; with attachments
     * {@code content} (the caption) may be empty or absent.
     */
    record Send(UUID roomUuid, String content, String clientId,
                @JsonInclude(JsonInclude.Include.NON_NULL) Long replyTo,
                @JsonInclude(JsonInclude.Include.NON_EMPTY) List<UUID> attachments) implements ClientFrame {
        public Send {
            requireNonNull(roomUuid, "room_uuid");
            requireNonNull(clientId, "client_id");
            attachments = Captioned.attachments(attachments);
            content = Captioned.content(content, attachments);
        }

        /** A message without attachments. */
        public Send(UUID roomUuid, String content, String clientId, Long replyTo) {
            this(roomUuid, content, clientId, replyTo, List.of());
        }

        /** A message that answers none in particular. */
        public Send(UUID roomUuid, String content, String clientId) {
            this(roomUuid, content, clientId, null);
        }
    }

    /**
     * A message action: a change to the message {@code seq} of the room that is itself an event of the room (it takes
     * the room's next seq). Answered like a send: {@link ServerFrame.Ack} (carrying the message in its new state) to
     * this connection once committed, then {@link ServerFrame.Update} to every connection of every member, this one
     * included; or {@link ServerFrame.Error} with the {@code clientId}, and nothing changed. Resending a
     * {@code clientId} never acts twice.
     */
    sealed interface Action extends ClientFrame {
        UUID roomUuid();

        long seq();

        String clientId();
    }

    /** Replaces the text of one's own text message (within the edit window, not after a delete). */
    record Edit(UUID roomUuid, long seq, String content, String clientId) implements Action {
        public Edit {
            requireNonNull(roomUuid, "room_uuid");
            requireNonNull(content, "content");
            requireNonNull(clientId, "client_id");
        }
    }

    /** Deletes a message for everyone: one's own within the delete window; in a group an admin's, any. Final. */
    record Delete(UUID roomUuid, long seq, String clientId) implements Action {
        public Delete {
            requireNonNull(roomUuid, "room_uuid");
            requireNonNull(clientId, "client_id");
        }
    }

    /** Sets the sender's one reaction to a message: an emoji replaces theirs, null removes it. */
    record React(UUID roomUuid, long seq, @JsonInclude(JsonInclude.Include.ALWAYS) String emoji, String clientId)
            implements Action {
        public React {
            requireNonNull(roomUuid, "room_uuid");
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

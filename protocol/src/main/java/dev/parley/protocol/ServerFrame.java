package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A frame the server sends on {@code /ws}. Every frame is a JSON object whose {@code type} names the record below. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerFrame.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = ServerFrame.Message.class, name = "message"),
        @JsonSubTypes.Type(value = ServerFrame.Update.class, name = "update"),
        @JsonSubTypes.Type(value = ServerFrame.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ServerFrame.Receipt.class, name = "receipt"),
        @JsonSubTypes.Type(value = ServerFrame.Ticks.class, name = "ticks"),
        @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
        @JsonSubTypes.Type(value = ServerFrame.Profile.class, name = "profile"),
        @JsonSubTypes.Type(value = ServerFrame.Room.class, name = "room"),
        @JsonSubTypes.Type(value = ServerFrame.Block.class, name = "block"),
        @JsonSubTypes.Type(value = ServerFrame.Synced.class, name = "synced"),
        @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
        @JsonSubTypes.Type(value = ServerFrame.Batch.class, name = "batch")
})
public sealed interface ServerFrame {

    /** To the connection that sent {@code clientId}, once the message is committed (or was already, for a resend). */
    record Ack(String clientId, MessageView message) implements ServerFrame {
        public Ack {
            requireNonNull(clientId, "client_id");
            requireNonNull(message, "message");
        }
    }

    /** A committed message, to every connection of every member except the one that sent it; also replayed by sync. */
    record Message(MessageView message) implements ServerFrame {
        public Message {
            requireNonNull(message, "message");
        }
    }

    /**
     * A message action committed: the event {@code seq} of the room, by {@code user}, changed {@code message} (shown in
     * its state after the change, which may be later still when replayed by sync). Sent to every connection of every
     * member who can see that message, the actor's included; sync replays it in seq order among the messages, so a
     * client that applies both in order ends with what {@code GET /api/messages/} shows.
     */
    record Update(UUID roomUuid, long seq, String action, String user, MessageView message) implements ServerFrame {
        public static final String EDIT = "edit";
        public static final String DELETE = "delete";
        public static final String REACT = "react";

        public Update {
            requireNonNull(roomUuid, "room_uuid");
            requireNonNull(action, "action");
            requireNonNull(user, "user");
            requireNonNull(message, "message");
        }
    }

    /** {@code user} is typing in the room; clients show it for about 5 seconds unless it is repeated. */
    record Typing(UUID roomUuid, String user) implements ServerFrame {
        public Typing {
            requireNonNull(roomUuid, "room_uuid");
            requireNonNull(user, "user");
        }
    }

    /** The kinds of receipt: WhatsApp's second tick (a device of the member got it) and blue ticks (read). */
    enum ReceiptKind {
        @JsonProperty("delivered") DELIVERED,
        @JsonProperty("read") READ
    }

    /**
     * {@code user}'s watermark of this kind moved up to {@code seq} in the room: in a direct room sent to both members;
     * in a group only to the user's own devices, for a read (the others learn group-wide {@link Ticks}).
     */
    record Receipt(UUID roomUuid, String user, ReceiptKind kind, long seq) implements ServerFrame {
        public Receipt {
            requireNonNull(roomUuid, "room_uuid");
            requireNonNull(user, "user");
            requireNonNull(kind, "kind");
        }
    }

    /**
     * In a group: every current member has received the room's events up to {@code deliveredSeq} and read them up to
     * {@code readSeq} (a member added later counts from their join). Sent instead of each member's receipt to the
     * senders of the messages whose ticks it changes: grey double ticks up to the one, blue up to the other.
     */
    record Ticks(UUID roomUuid, long deliveredSeq, long readSeq) implements ServerFrame {
        public Ticks {
            requireNonNull(roomUuid, "room_uuid");
        }
    }

    /** {@code user} came online or went offline; sent to everyone who shares a room with them. */
    record Presence(String user, boolean online, Instant lastSeen) implements ServerFrame {
        public Presence {
            requireNonNull(user, "user");
        }
    }

    /**
     * {@code user} changed their profile: {@code displayName} and {@code about} are now these (null: not set). Sent to
     * every connection of everyone who shares a room with them (groups included) and to their own connections.
     */
    record Profile(String user, String displayName, String about) implements ServerFrame {
        public Profile {
            requireNonNull(user, "user");
        }
    }

    /** A room with the recipient was created; sent to every connection of its members. */
    record Room(RoomView room) implements ServerFrame {
        public Room {
            requireNonNull(room, "room");
        }
    }

    /**
     * The recipient blocked ({@code blocked} true) or unblocked {@code user}; sent to every connection of theirs, on
     * every node, whichever device made the change, so that all of them show the chat as it now is.
     */
    record Block(String user, boolean blocked) implements ServerFrame {
        public Block {
            requireNonNull(user, "user");
        }
    }

    /** Ends the replay of a sync; {@code hasMore} lists the rooms where the cap was hit: page those via REST. */
    record Synced(List<UUID> hasMore) implements ServerFrame {
        public Synced {
            hasMore = List.copyOf(hasMore);
        }
    }

    /** Answer to a client ping. */
    record Pong() implements ServerFrame {
    }

    /**
     * Frames that queued up for a client together, in the order they would have been sent one by one; only to a client
     * that asked for them ({@code /ws?batch=1}). Never nested.
     */
    record Batch(List<ServerFrame> frames) implements ServerFrame {
        public Batch {
            frames = List.copyOf(frames);
        }
    }

    /**
     * A client frame was refused; nothing changed. {@code code} is one of the REST error codes and
     * {@code clientId} names the refused send, when it was one. {@code retryAfterMs}, with {@code rate_limited},
     * says when the same frame would be accepted: clients resend refused sends by themselves then, in order.
     */
    record Error(String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String clientId,
                 @JsonInclude(JsonInclude.Include.NON_NULL) Long retryAfterMs) implements ServerFrame {
        public Error {
            requireNonNull(code, "code");
            requireNonNull(message, "message");
        }

        public Error(String code, String message, String clientId) {
            this(code, message, clientId, null);
        }
    }
}

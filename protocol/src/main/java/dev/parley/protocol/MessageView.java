package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * One event of a room's log, exactly as {@code GET /api/messages/} lists it and as frames carry it: a message
 * ({@code kind} "message") or a membership/room event ({@code kind} "event", described by {@code event}, with a
 * human-readable {@code content} such as "alice added bob" for clients that know only messages).
 * {@code room} is the room's name and {@code user} the sender's (or the event's actor's) username, as in the API
 * Parley replaces; {@code seq} is the event's position in its room (1, 2, 3, ... without gaps);
 * {@code clientId} is the sender's idempotency key, present when the sender gave one.
 */
public record MessageView(
        UUID messageUuid,
        String content,
        String room,
        UUID roomUuid,
        String user,
        Instant createdAt,
        long seq,
        @JsonInclude(JsonInclude.Include.NON_NULL) String clientId,
        String kind,
        @JsonInclude(JsonInclude.Include.NON_NULL) EventView event) {

    /** {@code kind} of an ordinary message. */
    public static final String MESSAGE = "message";
    /** {@code kind} of a membership or room event. */
    public static final String EVENT = "event";

    public MessageView {
        requireNonNull(messageUuid, "message_uuid");
        requireNonNull(content, "content");
        requireNonNull(room, "room");
        requireNonNull(roomUuid, "room_uuid");
        requireNonNull(user, "user");
        requireNonNull(createdAt, "created_at");
        if (kind == null) {
            kind = event == null ? MESSAGE : EVENT; // written by an older server: a message
        }
        if (kind.equals(EVENT) != (event != null)) {
            throw new IllegalArgumentException("kind \"event\" needs an event object, and only it has one");
        }
    }

    /** An ordinary message. */
    public MessageView(UUID messageUuid, String content, String room, UUID roomUuid, String user, Instant createdAt,
                       long seq, String clientId) {
        this(messageUuid, content, room, roomUuid, user, createdAt, seq, clientId, MESSAGE, null);
    }

    /** Whether this is a membership or room event rather than a message. */
    public boolean roomEvent() {
        return event != null;
    }
}

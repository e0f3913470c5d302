package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event of a room's log, exactly as {@code GET /api/messages/} lists it and as frames carry it: a message
 * ({@code kind} "message") or a membership/room event ({@code kind} "event", described by {@code event}, with a
 * human-readable {@code content} such as "alice added bob" for clients that know only messages).
 * {@code room} is the room's name and {@code user} the sender's (or the event's actor's) username, as in the API
 * Parley replaces; {@code seq} is the event's position in its room (1, 2, 3, ... without gaps);
 * {@code clientId} is the sender's idempotency key, present when the sender gave one.
 *
 * <p>A message is shown in its current state: {@code replyTo} quotes the message it answers (as that one is now),
 * {@code editedAt} is when its text was last edited (null: never), {@code deleted} marks a message deleted for
 * everyone (its {@code content} is then empty, it has no reactions and no quote) and {@code deletedBy} names who
 * deleted it (its sender, or a group admin; null while not deleted), {@code reactions} groups the
 * members' reactions by emoji (in the order they were first used). Membership events have none of these.
 * {@code attachments} are the message's photos and files in the order they were sent (an empty list for none, and
 * for a deleted message); a message with attachments may have an empty {@code content} (no caption).
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
        @JsonInclude(JsonInclude.Include.NON_NULL) EventView event,
        @JsonInclude(JsonInclude.Include.ALWAYS) Quote replyTo,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant editedAt,
        Boolean deleted,
        @JsonInclude(JsonInclude.Include.ALWAYS) String deletedBy,
        List<Reaction> reactions,
        List<AttachmentView> attachments) {

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
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
        deleted = Boolean.TRUE.equals(deleted); // absent: written by a server before message actions
        attachments = attachments == null ? List.of() : List.copyOf(attachments); // absent: an older server
    }

    /** A message without attachments. */
    public MessageView(UUID messageUuid, String content, String room, UUID roomUuid, String user, Instant createdAt,
                       long seq, String clientId, String kind, EventView event, Quote replyTo, Instant editedAt,
                       Boolean deleted, String deletedBy, List<Reaction> reactions) {
        this(messageUuid, content, room, roomUuid, user, createdAt, seq, clientId, kind, event, replyTo, editedAt,
                deleted, deletedBy, reactions, List.of());
    }

    /** A message or event as it was sent: no reply, never edited, not deleted, no reactions. */
    public MessageView(UUID messageUuid, String content, String room, UUID roomUuid, String user, Instant createdAt,
                       long seq, String clientId, String kind, EventView event) {
        this(messageUuid, content, room, roomUuid, user, createdAt, seq, clientId, kind, event, null, null, false, null,
                List.of(), List.of());
    }

    /** An ordinary message as it was sent. */
    public MessageView(UUID messageUuid, String content, String room, UUID roomUuid, String user, Instant createdAt,
                       long seq, String clientId) {
        this(messageUuid, content, room, roomUuid, user, createdAt, seq, clientId, MESSAGE, null);
    }

    /**
     * The message a reply answers, as it is now: its {@code seq}, sender ({@code user}), the first 200 characters of
     * its current text ({@code content}: empty once deleted) and whether it was {@code deleted}. For a recipient who
     * cannot see that message (sent before they joined the group) only who and where: {@code content} null and
     * {@code deleted} always false (they learn nothing of its fate either).
     */
    public record Quote(long seq, String user, @JsonInclude(JsonInclude.Include.ALWAYS) String content,
                        boolean deleted) {
        /** Characters of the original's text a quote carries, at most. */
        public static final int MAX_CONTENT = 200;

        public Quote {
            requireNonNull(user, "user");
        }

        /** This quote for someone who may not see the original: who and where, not what nor whether it is gone. */
        public Quote withoutContent() {
            return new Quote(seq, user, null, false);
        }
    }

    /** Everyone who reacted with {@code emoji}: how many and who ({@code users}, in the order they reacted). */
    public record Reaction(String emoji, int count, List<String> users) {
        public Reaction {
            requireNonNull(emoji, "emoji");
            users = users == null ? List.of() : List.copyOf(users);
        }
    }

    /** This view with other room name (the name a former member saw last). */
    public MessageView withRoom(String roomName) {
        return new MessageView(messageUuid, content, roomName, roomUuid, user, createdAt, seq, clientId, kind, event,
                replyTo, editedAt, deleted, deletedBy, reactions, attachments);
    }

    /** This view with the quote's content left out (for a recipient who cannot see the quoted message). */
    public MessageView withQuoteHidden() {
        return replyTo == null || replyTo.content() == null ? this
                : new MessageView(messageUuid, content, room, roomUuid, user, createdAt, seq, clientId, kind, event,
                        replyTo.withoutContent(), editedAt, deleted, deletedBy, reactions, attachments);
    }

    /** Whether this is a membership or room event rather than a message. */
    public boolean roomEvent() {
        return event != null;
    }
}

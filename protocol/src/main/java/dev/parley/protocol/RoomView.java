package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A room as its members see it in {@code GET /api/rooms/} and the {@code room} frame.
 * {@code roomUuid}, {@code users} (the current members), {@code roomName} and {@code createdAt} are the fields of
 * the API Parley replaces; {@code lastSeq} is the newest seq the caller can see, {@code unreadCount} the caller's
 * unread messages from others, {@code lastMessage} the newest event they can see or null, {@code members} the
 * current members' presence, receipt watermarks and (in groups) roles. {@code kind} is "direct" or "group";
 * {@code member} is false once the caller left or was removed (they still read what they saw, and nothing newer).
 * In a group, {@code ticksDeliveredSeq} and {@code ticksReadSeq} are how far the group's ticks ever got (every member
 * then current had received / read that far): a message's ticks never go back when those who read it leave.
 * {@code formerMembers} is only in {@code GET /api/rooms/{room_uuid}/} of a group, for a current member: the people
 * who left (or were removed) while the caller could see the group, for message info; null (left out) everywhere else.
 *
 * <p>The caller's own chat settings ({@code PATCH /api/rooms/{room_uuid}/settings/}), the same on all their devices:
 * {@code pinned}; {@code mutedUntil} an ISO instant, {@link #FOREVER} or null (not muted; a mute that ended is null);
 * {@code archived} (a message from someone else that arrives outside a mute brings the chat back);
 * {@code markedUnread} (until the caller reads the chat); {@code clearedSeq} (the caller cleared the chat up to this
 * seq: nothing at or below it is shown to them, 0 when never cleared).
 *
 * <p>{@code lastActivityAt}: when the newest message or membership event the caller may see was written, whether or
 * not they cleared it ({@code createdAt} when there is none): what chat lists order by, so a cleared chat keeps its
 * place. A view without it (an older server) takes its last message's time, else {@code createdAt}.
 */
public record RoomView(
        UUID roomUuid,
        List<String> users,
        String roomName,
        Instant createdAt,
        long lastSeq,
        long unreadCount,
        MessageView lastMessage,
        List<MemberView> members,
        String kind,
        boolean member,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long ticksDeliveredSeq,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long ticksReadSeq,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<FormerMemberView> formerMembers,
        boolean pinned,
        String mutedUntil,
        boolean archived,
        boolean markedUnread,
        long clearedSeq,
        Instant lastActivityAt) {

    public static final String DIRECT = "direct";
    /** {@code mutedUntil} of a chat muted for good. */
    public static final String FOREVER = "forever";
    /** The most chats one user may pin. */
    public static final int MAX_PINNED = 3;
    public static final String GROUP = "group";

    public RoomView {
        requireNonNull(roomUuid, "room_uuid");
        users = List.copyOf(users);
        requireNonNull(roomName, "room_name");
        requireNonNull(createdAt, "created_at");
        members = List.copyOf(members);
        formerMembers = formerMembers == null ? null : List.copyOf(formerMembers);
        if (kind == null) {
            kind = DIRECT; // written by an older server
        }
        if (lastActivityAt == null) {
            lastActivityAt = lastMessage != null ? lastMessage.createdAt() : createdAt;
        }
    }

    /** A room without its former members (every view but one group's own read). */
    public RoomView(UUID roomUuid, List<String> users, String roomName, Instant createdAt, long lastSeq,
                    long unreadCount, MessageView lastMessage, List<MemberView> members, String kind, boolean member,
                    Long ticksDeliveredSeq, Long ticksReadSeq) {
        this(roomUuid, users, roomName, createdAt, lastSeq, unreadCount, lastMessage, members, kind, member,
                ticksDeliveredSeq, ticksReadSeq, null, false, null, false, false, 0, null);
    }

    /** A direct room of the caller. */
    public RoomView(UUID roomUuid, List<String> users, String roomName, Instant createdAt, long lastSeq,
                    long unreadCount, MessageView lastMessage, List<MemberView> members) {
        this(roomUuid, users, roomName, createdAt, lastSeq, unreadCount, lastMessage, members, DIRECT, true, null, null,
                null, false, null, false, false, 0, null);
    }

    /** This view with {@code formerMembers} listed. */
    public RoomView withFormerMembers(List<FormerMemberView> formerMembers) {
        return new RoomView(roomUuid, users, roomName, createdAt, lastSeq, unreadCount, lastMessage, members, kind,
                member, ticksDeliveredSeq, ticksReadSeq, formerMembers, pinned, mutedUntil, archived, markedUnread,
                clearedSeq, lastActivityAt);
    }

    /** This view with the caller's chat settings. */
    public RoomView withSettings(boolean pinned, String mutedUntil, boolean archived, boolean markedUnread,
                                 long clearedSeq) {
        return new RoomView(roomUuid, users, roomName, createdAt, lastSeq, unreadCount, lastMessage, members, kind,
                member, ticksDeliveredSeq, ticksReadSeq, formerMembers, pinned, mutedUntil, archived, markedUnread,
                clearedSeq, lastActivityAt);
    }

    /** This view with the time of the caller's last activity in it (see the type's documentation). */
    public RoomView withLastActivityAt(Instant lastActivityAt) {
        return new RoomView(roomUuid, users, roomName, createdAt, lastSeq, unreadCount, lastMessage, members, kind,
                member, ticksDeliveredSeq, ticksReadSeq, formerMembers, pinned, mutedUntil, archived, markedUnread,
                clearedSeq, lastActivityAt);
    }

    /** Whether the caller muted this chat (a mute that ended is already null here). */
    public boolean muted() {
        return mutedUntil != null;
    }

    /** Whether this is a group rather than a direct chat. */
    public boolean group() {
        return GROUP.equals(kind);
    }
}

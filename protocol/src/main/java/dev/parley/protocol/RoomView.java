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
        @JsonInclude(JsonInclude.Include.NON_NULL) List<FormerMemberView> formerMembers) {

    public static final String DIRECT = "direct";
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
    }

    /** A room without its former members (every view but one group's own read). */
    public RoomView(UUID roomUuid, List<String> users, String roomName, Instant createdAt, long lastSeq,
                    long unreadCount, MessageView lastMessage, List<MemberView> members, String kind, boolean member,
                    Long ticksDeliveredSeq, Long ticksReadSeq) {
        this(roomUuid, users, roomName, createdAt, lastSeq, unreadCount, lastMessage, members, kind, member,
                ticksDeliveredSeq, ticksReadSeq, null);
    }

    /** A direct room of the caller. */
    public RoomView(UUID roomUuid, List<String> users, String roomName, Instant createdAt, long lastSeq,
                    long unreadCount, MessageView lastMessage, List<MemberView> members) {
        this(roomUuid, users, roomName, createdAt, lastSeq, unreadCount, lastMessage, members, DIRECT, true, null, null,
                null);
    }

    /** This view with {@code formerMembers} listed. */
    public RoomView withFormerMembers(List<FormerMemberView> formerMembers) {
        return new RoomView(roomUuid, users, roomName, createdAt, lastSeq, unreadCount, lastMessage, members, kind,
                member, ticksDeliveredSeq, ticksReadSeq, formerMembers);
    }

    /** Whether this is a group rather than a direct chat. */
    public boolean group() {
        return GROUP.equals(kind);
    }
}

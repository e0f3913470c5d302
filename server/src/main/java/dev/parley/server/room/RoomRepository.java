package dev.parley.server.room;

import dev.parley.protocol.EventView;
import dev.parley.protocol.MessageView;
import dev.parley.server.common.Ids;
import dev.parley.server.user.UserRepository;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/** Rooms, memberships and the per-member receipt watermarks. */
public final class RoomRepository {

    /** One room of a user as the listing query returns it, with the user's settings of it ({@code mutedUntil} as shown). */
    record RoomRow(long id, UUID uuid, String name, RoomRef.Kind kind, boolean member, Instant createdAt,
                   long lastSeq, long unreadCount, MessageView lastMessage, long ticksDelivered, long ticksRead,
                   boolean pinned, String mutedUntil, boolean archived, boolean markedUnread, long clearedSeq,
                   Instant lastActivityAt) {
    }

    /** One current member of one of the user's rooms. */
    record MemberRow(long roomId, long userId, String username, String displayName, String about, Instant lastSeen, long deliveredSeq, long readSeq,
                     boolean online, String role, long joinedSeq) {
    }

    /** Someone who left one of the user's groups while the user could see it, with their watermarks as they left. */
    record FormerMemberRow(String username, String displayName, String about, long deliveredSeq, long readSeq, long joinedSeq, long leftSeq) {
    }

    private final DbClient db;
    private final int presenceTtlSeconds;

    public RoomRepository(DbClient db, int presenceTtlSeconds) {
        this.db = db;
        this.presenceTtlSeconds = presenceTtlSeconds;
    }

    /** The room with this id (any member or none: for routing events that already passed the membership check). */
    Optional<RoomRef> findById(long roomId) {
        return db.execute().createNamedGet("select-room-by-id")
                .addParam("room_id", roomId)
                .execute()
                .map(row -> RoomRef.of(roomId, row.column("room_uuid").get(UUID.class),
                        row.column("room_name").get(String.class), RoomRef.Kind.of(row.column("kind").get(String.class)),
                        row.column("last_seq").get(Long.class), members(roomId))); // members read after last_seq
    }

    /** Current last seq of each of these rooms. */
    public Map<Long, Long> lastSeqs(Collection<Long> roomIds) {
        String ids = Ids.commaSeparated(roomIds);
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-room-positions")
                .addParam("room_ids", ids)
                .execute()) {
            return rows.collect(Collectors.toMap(row -> row.column("id").get(Long.class),
                    row -> row.column("last_seq").get(Long.class)));
        }
    }

    /** A group's name as of {@code seq} (a former member's view stops there); empty for a direct room. */
    Optional<String> nameAt(long roomId, long seq) {
        return db.execute().createNamedGet("select-room-name-at")
                .addParam("room_id", roomId)
                .addParam("seq", seq)
                .execute()
                .map(row -> row.column("name").get(String.class));
    }

    /** Stores how far a group's ticks got (never lowering them). */
    void raiseTicks(long roomId, long delivered, long read) {
        db.execute().createNamedUpdate("raise-group-ticks")
                .addParam("room_id", roomId)
                .addParam("delivered", delivered)
                .addParam("read", read)
                .execute();
    }

    /** Per group room: how far every current member has received ({@code [0]}) and read ({@code [1]}). */
    Map<Long, long[]> groupWatermarks(Collection<Long> roomIds) {
        String ids = Ids.commaSeparated(roomIds);
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-group-watermarks")
                .addParam("room_ids", ids)
                .execute()) {
            return rows.collect(Collectors.toMap(row -> row.column("room_id").get(Long.class),
                    row -> new long[] {row.column("delivered").get(Long.class), row.column("read").get(Long.class)}));
        }
    }

    /** Per room the user cleared (their history starts after it): the seq they cleared it up to. */
    Map<Long, Long> clearedSeqsOf(long userId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-cleared-seqs-of-user")
                .addParam("user_id", userId)
                .execute()) {
            return rows.collect(Collectors.toMap(row -> row.column("room_id").get(Long.class),
                    row -> row.column("cleared_seq").get(Long.class)));
        }
    }

    /** Current last seq of each room the user is a member of. */
    public Map<Long, Long> lastSeqsOfUsers(Collection<Long> userIds) {
        String ids = Ids.commaSeparated(userIds);
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-last-seqs-of-users")
                .addParam("user_ids", ids)
                .execute()) {
            return rows.collect(Collectors.toMap(row -> row.column("id").get(Long.class),
                    row -> row.column("last_seq").get(Long.class)));
        }
    }

    public Map<Long, Long> lastSeqsOf(long userId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-last-seqs-of-user")
                .addParam("user_id", userId)
                .execute()) {
            return rows.collect(Collectors.toMap(row -> row.column("id").get(Long.class),
                    row -> row.column("last_seq").get(Long.class)));
        }
    }

    /** Creates the 1:1 room of a pair with both memberships; empty when the pair already has one. */
    OptionalLong insertDirect(UUID roomUuid, String name, long userLow, long userHigh) {
        return db.execute().createNamedGet("insert-direct-room")
                .addParam("room_uuid", roomUuid)
                .addParam("room_name", name)
                .addParam("user_low", userLow)
                .addParam("user_high", userHigh)
                .execute()
                .map(row -> OptionalLong.of(row.column("id").get(Long.class)))
                .orElse(OptionalLong.empty());
    }

    Optional<UUID> findDirect(long userLow, long userHigh) {
        return db.execute().createNamedGet("select-direct-room")
                .addParam("user_low", userLow)
                .addParam("user_high", userHigh)
                .execute()
                .map(row -> row.column("room_uuid").get(UUID.class));
    }

    /** The room with this uuid if {@code userId} is or was a member, with its current last seq. */
    public Optional<MemberRoom> findForMember(UUID roomUuid, long userId) {
        return db.execute().createNamedGet("select-member-room")
                .addParam("room_uuid", roomUuid)
                .addParam("user_id", userId)
                .execute()
                .map(row -> new MemberRoom(row.column("id").get(Long.class), row.column("room_uuid").get(UUID.class),
                        row.column("room_name").get(String.class), row.column("last_seq").get(Long.class),
                        row.column("left_seq").get(Long.class) == null));
    }

    /** A room as seen by one of its members (or former members: {@code member} false) at the time of the query. */
    public record MemberRoom(long id, UUID uuid, String name, long lastSeq, boolean member) {
    }

    /** Everyone who is or was a member of a room, with the ranges of the log they may see. */
    List<RoomRef.Member> members(long roomId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-room-members")
                .addParam("room_id", roomId)
                .execute()) {
            return rows.map(row -> {
                List<RoomRef.Range> ranges = new java.util.ArrayList<>();
                String earlier = row.column("earlier").get(String.class);
                if (earlier != null) {
                    for (String range : earlier.split(",")) {
                        String[] ends = range.split("-");
                        ranges.add(new RoomRef.Range(Long.parseLong(ends[0]), Long.parseLong(ends[1])));
                    }
                }
                Long left = row.column("left_seq").get(Long.class);
                ranges.add(new RoomRef.Range(row.column("joined_seq").get(Long.class),
                        left == null ? Long.MAX_VALUE : left));
                return new RoomRef.Member(row.column("user_id").get(Long.class),
                        row.column("username").get(String.class), ranges);
            }).toList();
        }
    }

    /** The user's rooms, or only {@code roomId} (0: all). */
    List<RoomRow> roomsOf(long userId, long roomId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-rooms-of-user")
                .addParam("user_id", userId)
                .addParam("all_rooms", roomId == 0)
                .addParam("room_id", roomId)
                .execute()) {
            return rows.map(RoomRepository::toRoom).toList();
        }
    }

    /** The current members of the user's rooms, or of only {@code roomId} (0: all). */
    List<MemberRow> membersOfRoomsOf(long userId, long roomId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-members-of-user-rooms")
                .addParam("user_id", userId)
                .addParam("presence_ttl", presenceTtlSeconds)
                .addParam("all_rooms", roomId == 0)
                .addParam("room_id", roomId)
                .execute()) {
            return rows.map(row -> new MemberRow(row.column("room_id").get(Long.class),
                    row.column("user_id").get(Long.class),
                    row.column("username").get(String.class),
                    row.column("display_name").get(String.class),
                    row.column("about").get(String.class),
                    UserRepository.instant(row, "last_seen_at"),
                    row.column("delivered_seq").get(Long.class),
                    row.column("read_seq").get(Long.class),
                    row.column("online").get(Boolean.class),
                    row.column("role").get(String.class),
                    row.column("joined_seq").get(Long.class))).toList();
        }
    }

    /** Those who left (or were removed from) the room while {@code userId}, a current member, could see it. */
    List<FormerMemberRow> formerMembers(long roomId, long userId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-former-members")
                .addParam("room_id", roomId)
                .addParam("user_id", userId)
                .execute()) {
            return rows.map(row -> new FormerMemberRow(row.column("username").get(String.class),
                    row.column("display_name").get(String.class), row.column("about").get(String.class),
                    row.column("delivered_seq").get(Long.class),
                    row.column("read_seq").get(Long.class),
                    row.column("joined_seq").get(Long.class),
                    row.column("left_seq").get(Long.class))).toList();
        }
    }

    /** Moves a current member's read (and delivered) watermark up to {@code seq}; false when it was there already. */
    public boolean advanceRead(long roomId, long userId, long seq) {
        return db.execute().createNamedUpdate("advance-read")
                .addParam("room_id", roomId)
                .addParam("user_id", userId)
                .addParam("seq", seq)
                .execute() > 0;
    }

    /** The quote of the message a room's last message answers; its text only where the caller can see it. */
    private static MessageView.Quote quote(DbRow row) {
        Long replyTo = row.column("reply_to").get(Long.class);
        String user = row.column("quoted_user").get(String.class);
        String content = row.column("quoted_content").get(String.class); // null: the caller cannot see it
        return replyTo == null || user == null ? null : new MessageView.Quote(replyTo, user, content,
                content != null && row.column("quoted_deleted").get(Boolean.class));
    }

    private static RoomRow toRoom(DbRow row) {
        UUID roomUuid = row.column("room_uuid").get(UUID.class);
        String roomName = row.column("room_name").get(String.class);
        UUID messageUuid = row.column("message_uuid").get(UUID.class);
        long lastSeq = row.column("last_seq").get(Long.class);
        String content = row.column("shown_content").get(String.class);
        EventView event = EventJson.read(row.column("event").get(String.class));
        MessageView last = messageUuid == null ? null : new MessageView(messageUuid,
                content, roomName, roomUuid,
                row.column("sender").get(String.class),
                row.column("message_created_at").get(Timestamp.class).toInstant(),
                row.column("message_seq").get(Long.class), row.column("client_id").get(String.class),
                event == null ? MessageView.MESSAGE : MessageView.EVENT, event, quote(row),
                Optional.ofNullable(row.column("shown_edited_at").get(Timestamp.class)).map(Timestamp::toInstant).orElse(null),
                row.column("message_deleted").get(Boolean.class), row.column("deleted_by").get(String.class),
                EventJson.reactions(row.column("reactions").get(String.class)),
                EventJson.attachments(row.column("attachments").get(String.class)));
        return new RoomRow(row.column("id").get(Long.class), roomUuid, roomName,
                RoomRef.Kind.of(row.column("kind").get(String.class)), row.column("member").get(Boolean.class),
                row.column("created_at").get(Timestamp.class).toInstant(), lastSeq,
                row.column("unread_count").get(Long.class), last, row.column("ticks_delivered").get(Long.class),
                row.column("ticks_read").get(Long.class), row.column("pinned").get(Boolean.class),
                mutedUntil(row), row.column("archived").get(Boolean.class),
                row.column("marked_unread").get(Boolean.class), row.column("cleared_seq").get(Long.class),
                row.column("last_activity_at").get(Timestamp.class).toInstant());
    }

    /** "forever", the end of a running mute as an ISO instant, or null. */
    private static String mutedUntil(DbRow row) {
        if (row.column("muted_forever").get(Boolean.class) == Boolean.TRUE) {
            return dev.parley.protocol.RoomView.FOREVER;
        }
        Instant until = UserRepository.instant(row, "muted_until");
        return until == null ? null : until.toString();
    }
}

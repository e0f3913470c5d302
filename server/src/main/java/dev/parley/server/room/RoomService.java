package dev.parley.server.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.protocol.FormerMemberView;
import dev.parley.protocol.Json;
import dev.parley.protocol.MemberView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.common.AuthUser;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.Ids;
import dev.parley.server.realtime.ConnectionHub;
import dev.parley.server.room.RoomRepository.MemberRoom;
import dev.parley.server.room.RoomRepository.MemberRow;
import dev.parley.server.user.BlockService;
import dev.parley.server.user.UserRepository;
import dev.parley.server.user.Usernames;
import dev.parley.server.user.UserRepository.UserRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rooms and who may see them. A non-member is told a room does not exist (404), on every path.
 * Resolved rooms are cached by id until a membership or room event changes them ({@link #changed}, on every node).
 */
public final class RoomService {

    /** The result of get-or-create: the room and whether this call created it. */
    public record Opened(RoomView room, boolean created) {
    }


    private final RoomRepository rooms;
    private final UserRepository users;
    private final ConnectionHub hub;
    private final ClusterBus bus;
    private final BlockService blocks;
    private final NewChatLimit newChats;
    /** Rooms by uuid and by id, bounded: a node that served a million rooms does not keep them all. */
    /**
     * Rooms by id, and room ids by uuid (which never change). Only the first holds rooms, so forgetting a changed
     * room is one atomic invalidation: a load that read the room before the change finishes before it is dropped.
     */
    private final Cache<UUID, Long> ids = Caffeine.newBuilder().maximumSize(100_000).build();
    private final Cache<Long, RoomRef> cacheById = Caffeine.newBuilder().maximumSize(100_000).build();
    private volatile LongConsumer created = roomId -> { };
    /**
     * When each (sender, room) typing indicator was last relayed: at most one per second goes out (clients show it
     * for ~5 s), so a stream of typing frames costs the other members one frame a second, not one per frame.
     */
    private final Cache<TypingKey, Long> typingRelayed = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(TYPING_INTERVAL)
            .build();

    private static final Duration TYPING_INTERVAL = Duration.ofSeconds(1);

    private record TypingKey(long userId, long roomId) {
    }

    public RoomService(RoomRepository rooms, UserRepository users, ConnectionHub hub, ClusterBus bus,
                       BlockService blocks, NewChatLimit newChats) {
        this.blocks = blocks;
        this.newChats = newChats;
        this.rooms = rooms;
        this.users = users;
        this.hub = hub;
        this.bus = bus;
    }

    /** Told the id of every room created here or on another node, before anything is announced. */
    public void onCreated(LongConsumer listener) {
        this.created = listener;
    }

    /** The caller's rooms (also those they left: {@code member} false), most recent activity first. */
    public List<RoomView> list(AuthUser user) {
        return views(user, 0);
    }

    /**
     * The caller's rooms whose name or one of whose members' usernames or display names contains {@code text} (case and accents
     * ignored), as {@link #list} orders them. For a direct room the name that matters is the other person's.
     */
    public List<RoomView> matching(AuthUser user, String text) {
        if (text.length() > 100) {
            throw ApiException.validation("the chat filter is too long: at most 100 characters");
        }
        String wanted = dev.parley.server.common.TextFold.fold(text.strip());
        return list(user).stream().filter(room -> (room.group()
                        && dev.parley.server.common.TextFold.fold(room.roomName()).contains(wanted))
                || room.users().stream().filter(name -> !name.equals(user.username()))
                        .anyMatch(name -> dev.parley.server.common.TextFold.fold(name).contains(wanted))
                || room.members().stream().filter(m -> !m.username().equals(user.username()) && m.displayName() != null)
                        .anyMatch(m -> dev.parley.server.common.TextFold.fold(m.displayName()).contains(wanted)))
                .toList();
    }

    /**
     * One room of the caller (a former member's too), as {@link #list} shows it; 404 for anyone else. A group read by
     * a member also lists who left it while the caller was there (message info still counts them): only here, so the
     * room list and room frames stay the size of the current members.
     */
    public RoomView get(AuthUser user, UUID roomUuid) {
        RoomRef room = require(user, roomUuid);
        RoomView view = views(user, room.id()).stream().findFirst().orElseThrow(() -> notFound(roomUuid));
        if (!view.group() || !view.member()) {
            return view;
        }
        return view.withFormerMembers(rooms.formerMembers(room.id(), user.id()).stream()
                .map(f -> new FormerMemberView(f.username(), f.displayName(), f.about(), f.deliveredSeq(), f.readSeq(), f.joinedSeq(), f.leftSeq()))
                .toList());
    }

    /** The caller's rooms, or only {@code roomId} (0: all). */
    private List<RoomView> views(AuthUser user, long roomId) {
        Map<Long, List<MemberRow>> members = rooms.membersOfRoomsOf(user.id(), roomId).stream()
                .collect(Collectors.groupingBy(MemberRow::roomId));
        List<RoomView> result = new ArrayList<>();
        for (RoomRepository.RoomRow row : rooms.roomsOf(user.id(), roomId)) {
            boolean group = row.kind() == RoomRef.Kind.GROUP;
            // A former member sees the group as it was when they left: its name then, and nobody's presence since.
            List<MemberRow> roomMembers = row.member() ? members.getOrDefault(row.id(), List.of()) : List.of();
            String name = row.member() ? row.name() : rooms.nameAt(row.id(), row.lastSeq()).orElse(row.name());
            MessageView last = row.lastMessage() == null || row.member() ? row.lastMessage() : renamed(row.lastMessage(), name);
            result.add(new RoomView(row.uuid(),
                    roomMembers.stream().map(MemberRow::username).toList(),
                    name, row.createdAt(), row.lastSeq(), row.unreadCount(), last,
                    roomMembers.stream().map(m -> new MemberView(m.username(), m.displayName(), m.about(), m.online(), m.lastSeen(),
                            m.deliveredSeq(), m.readSeq(), group ? m.role() : null,
                            group ? m.joinedSeq() : null)).toList(),
                    row.kind().wire(), row.member(), group ? row.ticksDelivered() : null,
                    group ? row.ticksRead() : null).withSettings(row.pinned(), row.mutedUntil(), row.archived(),
                    row.markedUnread(), row.clearedSeq()).withLastActivityAt(row.lastActivityAt()));
        }
        return result;
    }

    /**
     * The name a caller knows the room by: a former member knows a group by its name when they left, never a later
     * one; empty for everyone else (the current name applies).
     */
    public Optional<String> nameAsSeenBy(AuthUser user, RoomRef room) {
        if (!room.group() || room.isMember(user.id())) {
            return Optional.empty();
        }
        List<RoomRef.Range> ranges = room.visibleTo(user.id());
        return ranges.isEmpty() ? Optional.empty() : rooms.nameAt(room.id(), ranges.getLast().to());
    }

    /** The message as shown in a room of that name. */
    public static MessageView renamed(MessageView view, String roomName) {
        return view.room().equals(roomName) ? view : view.withRoom(roomName);
    }

    /** Forgets what is cached about a room whose members, roles or name changed (here or on another node). */
    public void changed(long roomId) {
        cacheById.invalidate(roomId);
    }

    /**
     * Gets or creates the one 1:1 room between the caller and {@code username}; a new room is announced to both. A
     * room that exists is returned even across a block (both already have it); a new one is refused (403) when either
     * blocked the other.
     */
    public Opened open(AuthUser user, String username) {
        String otherName = Usernames.normalise(username);
        if (otherName.equals(user.username())) {
            throw ApiException.validation("a chat needs another person: you cannot open a room with yourself");
        }
        UserRow other = Usernames.valid(otherName).flatMap(users::findByName)
                .orElseThrow(() -> ApiException.notFound("no user named '" + username + "'"));
        long low = Math.min(user.id(), other.id());
        long high = Math.max(user.id(), other.id());
        String lowName = low == user.id() ? user.username() : other.username();
        String highName = high == user.id() ? user.username() : other.username();
        Optional<UUID> existing = rooms.findDirect(low, high);
        if (existing.isPresent()) {
            return new Opened(view(user, existing.get()), false);
        }
        blocks.requireCanReach(user, other.id(), other.username());
        newChats.acquire(user.id());
        UUID newUuid = Ids.next();
        OptionalLong created = rooms.insertDirect(newUuid, lowName + " & " + highName, low, high);
        UUID roomUuid = created.isPresent() ? newUuid : rooms.findDirect(low, high).orElseThrow();
        RoomView view = view(user, roomUuid);
        if (created.isPresent()) {
            this.created.accept(created.getAsLong());
            hub.send(List.of(user.id(), other.id()), Json.write(new ServerFrame.Room(view)), null);
            bus.publish(new ClusterEvent.RoomCreated(created.getAsLong()));
        }
        return new Opened(view, created.isPresent());
    }

    /** Another node created a room: announce it to its members connected here, each with their own view. */
    public void createdElsewhere(long roomId) {
        created.accept(roomId);
        announce(byId(roomId), byId(roomId).memberIds());
    }

    /**
     * Tells these users' connections here about the room with a {@code room} frame (each with their own view): a new
     * room, or a group they were just added to. Sent before the room's events reach them.
     */
    public void announce(RoomRef room, java.util.Collection<Long> userIds) {
        for (long userId : userIds) {
            if (!hub.connections(List.of(userId)).isEmpty()) {
                RoomView view = view(new AuthUser(userId, room.username(userId)), room.uuid());
                hub.send(List.of(userId), Json.write(new ServerFrame.Room(view)), null);
            }
        }
    }

    /** {@code user} is typing: tell the other members, here and on the other nodes. Never stored. */
    public void typing(AuthUser user, UUID roomUuid) {
        RoomRef room = requireMember(user, roomUuid);
        long now = System.nanoTime();
        boolean[] fresh = {false};
        typingRelayed.asMap().compute(new TypingKey(user.id(), room.id()), (key, last) -> {
            fresh[0] = last == null || now - last >= TYPING_INTERVAL.toNanos();
            return fresh[0] ? now : last;
        });
        if (!fresh[0]) {
            return; // relayed less than a second ago: the others still show it
        }
        relayTyping(room, user.id(), user.username());
        bus.publish(new ClusterEvent.Typing(room.id(), user.id()));
    }

    /**
     * {@code userId} sent a message in the room: its arrival ends "typing…" for the others, so the next typing frame is
     * relayed at once (else one within the second after the last relay was dropped and the others saw nothing while
     * a short reply was written).
     */
    public void typingEnded(long userId, long roomId) {
        typingRelayed.invalidate(new TypingKey(userId, roomId));
    }

    /** Another node's member is typing. */
    public void typingElsewhere(long roomId, long userId) {
        relayTyping(byId(roomId), userId, users.username(userId));
    }

    /** To the other members, except anyone in a block with the typist (either way). */
    private void relayTyping(RoomRef room, long userId, String username) {
        List<Long> others = blocks.visibleTo(userId, room.memberIds().stream().filter(id -> id != userId).toList());
        hub.send(others, Json.write(new ServerFrame.Typing(room.uuid(), username)), null);
    }

    /** The room with this id, for routing events whose membership was checked where they were produced. */
    public RoomRef byId(long roomId) {
        return cacheById.get(roomId, id -> rooms.findById(id)
                .orElseThrow(() -> new IllegalStateException("no room with id " + id)));
    }

    /** A user's username (for a sender a cached room does not know yet). */
    public String username(long userId) {
        return users.username(userId);
    }

    /** Current last seq of each of these rooms. */
    public Map<Long, Long> lastSeqs(java.util.Collection<Long> roomIds) {
        return rooms.lastSeqs(roomIds);
    }

    /** Current last seq of every room that any of the users is a member of. */
    public Map<Long, Long> lastSeqsOfUsers(java.util.Collection<Long> userIds) {
        return rooms.lastSeqsOfUsers(userIds);
    }

    /**
     * Per room the user cleared for themselves: the seq they cleared it up to (their history, sync and search start
     * after it; nobody else's).
     */
    public Map<Long, Long> clearedSeqsOf(long userId) {
        return rooms.clearedSeqsOf(userId);
    }

    /** The ranges of the log {@code userId} may see and has not cleared. */
    public static List<RoomRef.Range> notCleared(List<RoomRef.Range> ranges, long clearedSeq) {
        if (clearedSeq <= 0) {
            return ranges;
        }
        List<RoomRef.Range> left = new ArrayList<>();
        for (RoomRef.Range range : ranges) {
            if (range.to() > clearedSeq) {
                left.add(new RoomRef.Range(Math.max(range.from(), clearedSeq + 1), range.to()));
            }
        }
        return left;
    }

    /** Current last seq of every room of the user. */
    public Map<Long, Long> lastSeqsOf(long userId) {
        return rooms.lastSeqsOf(userId);
    }

    /**
     * The room if the caller is or was a member (a former member reads what they saw), else 404. A cached room that
     * does not know the caller is read again first: they may have been added a moment ago on another node.
     */
    public RoomRef require(AuthUser user, UUID roomUuid) {
        Long id = ids.getIfPresent(roomUuid);
        if (id != null) {
            RoomRef cached = byId(id);
            if (cached.knows(user.id())) {
                return cached;
            }
        }
        MemberRoom room = rooms.findForMember(roomUuid, user.id()).orElseThrow(() -> notFound(roomUuid));
        ids.put(roomUuid, room.id());
        changed(room.id()); // cached before the caller joined
        RoomRef ref = byId(room.id());
        if (!ref.knows(user.id())) {
            throw notFound(roomUuid); // member rows are never deleted: cannot happen
        }
        return ref;
    }

    /** The room if the caller is a member now; 403 for a former member, 404 for anyone else. */
    public RoomRef requireMember(AuthUser user, UUID roomUuid) {
        RoomRef room = require(user, roomUuid);
        if (!room.isMember(user.id())) {
            changed(room.id()); // perhaps added again on another node a moment ago: decide on fresh data
            room = require(user, roomUuid);
            if (!room.isMember(user.id())) {
                throw notMember();
            }
        }
        return room;
    }

    /**
     * The room if the caller is a member (a former member: 403, anyone else: 404) and may send into it: refused
     * (403) in a direct room when either member blocked the other. In a group a block refuses nothing (as in
     * WhatsApp, the group goes on); it hides presence only.
     */
    public RoomRef requireWritable(AuthUser user, UUID roomUuid) {
        RoomRef room = requireMember(user, roomUuid);
        if (!room.group()) {
            for (long memberId : room.memberIds()) {
                if (memberId != user.id()) {
                    blocks.requireCanReach(user, memberId, room.username(memberId));
                }
            }
        }
        return room;
    }

    /** The room with its current last seq if the caller is a member (never cached); 403 / 404 as {@link #requireMember}. */
    public MemberRoom requireCurrent(AuthUser user, UUID roomUuid) {
        MemberRoom room = rooms.findForMember(roomUuid, user.id()).orElseThrow(() -> notFound(roomUuid));
        if (!room.member()) {
            throw notMember();
        }
        return room;
    }

    private static ApiException notMember() {
        return ApiException.forbidden("you are no longer a member of this group");
    }

    /** The room as {@code user} sees it (they are or were a member). */
    public RoomView view(AuthUser user, UUID roomUuid) {
        Long cached = ids.getIfPresent(roomUuid);
        long roomId = cached != null ? cached : rooms.findForMember(roomUuid, user.id())
                .orElseThrow(() -> notFound(roomUuid)).id();
        return views(user, roomId).stream().findFirst().orElseThrow(() -> notFound(roomUuid));
    }

    private static ApiException notFound(UUID roomUuid) {
        return ApiException.notFound("no room " + roomUuid);
    }
}

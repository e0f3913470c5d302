package dev.parley.server.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.protocol.Json;
import dev.parley.protocol.MemberView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.common.AuthUser;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.common.ApiException;
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
 * Membership of a 1:1 room never changes, so resolved rooms are cached by uuid and by id.
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
    private final Cache<UUID, RoomRef> cache = Caffeine.newBuilder().maximumSize(100_000).build();
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

    /** The caller's rooms, most recent activity first. */
    public List<RoomView> list(AuthUser user) {
        Map<Long, List<MemberRow>> members = rooms.membersOfRoomsOf(user.id()).stream()
                .collect(Collectors.groupingBy(MemberRow::roomId));
        List<RoomView> result = new ArrayList<>();
        for (RoomRepository.RoomRow row : rooms.roomsOf(user.id())) {
            List<MemberRow> roomMembers = members.getOrDefault(row.id(), List.of());
            result.add(new RoomView(row.uuid(),
                    roomMembers.stream().map(MemberRow::username).toList(),
                    row.name(), row.createdAt(), row.lastSeq(), row.unreadCount(), row.lastMessage(),
                    roomMembers.stream().map(m -> new MemberView(m.username(), m.online(), m.lastSeen(),
                            m.deliveredSeq(), m.readSeq())).toList()));
        }
        return result;
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
        UUID newUuid = UUID.randomUUID();
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
        RoomRef room = byId(roomId);
        for (long memberId : room.memberIds()) {
            if (!hub.connections(List.of(memberId)).isEmpty()) {
                RoomView view = view(new AuthUser(memberId, users.username(memberId)), room.uuid());
                hub.send(List.of(memberId), Json.write(new ServerFrame.Room(view)), null);
            }
        }
    }

    /** {@code user} is typing: tell the other members, here and on the other nodes. Never stored. */
    public void typing(AuthUser user, UUID roomUuid) {
        RoomRef room = require(user, roomUuid);
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

    /** Current last seq of each of these rooms. */
    public Map<Long, Long> lastSeqs(java.util.Collection<Long> roomIds) {
        return rooms.lastSeqs(roomIds);
    }

    /** Current last seq of every room of the user. */
    public Map<Long, Long> lastSeqsOf(long userId) {
        return rooms.lastSeqsOf(userId);
    }

    /** The room if the caller is a member, else 404. */
    public RoomRef require(AuthUser user, UUID roomUuid) {
        RoomRef cached = cache.getIfPresent(roomUuid);
        if (cached != null) {
            if (!cached.members().containsKey(user.id())) {
                throw notFound(roomUuid);
            }
            return cached;
        }
        MemberRoom room = requireCurrent(user, roomUuid);
        RoomRef ref = new RoomRef(room.id(), room.uuid(), room.name(), rooms.members(room.id()));
        cache.put(roomUuid, ref);
        cacheById.put(ref.id(), ref);
        return ref;
    }

    /**
     * The room if the caller is a member (else 404) and may send into it: refused (403) in a direct room when either
     * member blocked the other. (In a group, a block would only filter who receives, not refuse the send.)
     */
    public RoomRef requireWritable(AuthUser user, UUID roomUuid) {
        RoomRef room = require(user, roomUuid);
        for (long memberId : room.memberIds()) {
            if (memberId != user.id()) {
                blocks.requireCanReach(user, memberId, room.username(memberId));
            }
        }
        return room;
    }

    /** The room with its current last seq if the caller is a member, else 404; never cached. */
    public MemberRoom requireCurrent(AuthUser user, UUID roomUuid) {
        return rooms.findForMember(roomUuid, user.id()).orElseThrow(() -> notFound(roomUuid));
    }

    private RoomView view(AuthUser user, UUID roomUuid) {
        return list(user).stream()
                .filter(room -> room.roomUuid().equals(roomUuid))
                .findFirst()
                .orElseThrow(() -> notFound(roomUuid));
    }

    private static ApiException notFound(UUID roomUuid) {
        return ApiException.notFound("no room " + roomUuid);
    }
}

package dev.parley.server.group;

import dev.parley.protocol.EventView;
import dev.parley.protocol.RoomView;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Ids;
import dev.parley.server.common.RateLimit;
import dev.parley.server.message.RoomEvents;
import dev.parley.server.room.NewChatLimit;
import dev.parley.server.room.ReceiptService;
import dev.parley.server.room.RoomRef;
import dev.parley.server.room.RoomService;
import dev.parley.server.user.BlockService;
import dev.parley.server.user.UserRepository;
import dev.parley.server.user.UserRepository.UserRow;
import dev.parley.server.user.Usernames;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rules of groups: who may create one, add, remove, rename, change roles and leave, each change made as events
 * on the room's log ({@link RoomEvents}), decided inside its transaction with the room's row locked (so two admins
 * adding at once cannot overshoot the member limit, and a removal and a send are ordered by seq).
 * <ul>
 *   <li>The creator is the owner; admins and the owner add, remove, rename and change roles; only the owner demotes
 *   an admin; nobody removes the owner or changes the owner's role.</li>
 *   <li>Anyone may leave; an owner who leaves hands the group to the longest-standing admin, else member.</li>
 *   <li>Non-members get 404 for the room, former members and members without the right 403, a direct room 400.</li>
 * </ul>
 */
public final class GroupService {

    static final int MAX_NAME = 100;

    private final RoomService rooms;
    private final RoomEvents events;
    private final ReceiptService receipts;
    private final UserRepository users;
    private final BlockService blocks;
    private final NewChatLimit newChats;
    private final int maxMembers;
    /** Membership changes per user: each is an event every member receives, so a flood of them is refused. */
    private final RateLimit<Long> changes;

    public GroupService(RoomService rooms, RoomEvents events, ReceiptService receipts, UserRepository users,
                        BlockService blocks, NewChatLimit newChats, int maxMembers, int changesPerMinute) {
        this.rooms = rooms;
        this.events = events;
        this.receipts = receipts;
        this.users = users;
        this.blocks = blocks;
        this.newChats = newChats;
        this.maxMembers = maxMembers;
        this.changes = new RateLimit<>(changesPerMinute, changesPerMinute, Duration.ofMinutes(1),
                "too many group changes: at most " + changesPerMinute + " a minute");
    }

    /** Creates a group with the caller as owner and {@code memberNames} as members; returns it as the caller sees it. */
    public RoomView create(AuthUser owner, String name, List<String> memberNames) {
        String groupName = checkName(name);
        if (memberNames == null) {
            throw ApiException.validation("members is required: the usernames to add (it may be empty)");
        }
        Map<Long, String> members = resolve(owner, memberNames);
        if (members.size() + 1 > maxMembers) {
            throw ApiException.validation("a group has at most " + maxMembers + " members");
        }
        newChats.acquire(owner.id());
        UUID roomUuid = Ids.next();
        events.create(owner, db -> GroupStatements.insertGroup(db, roomUuid, groupName), (db, roomId, seq) -> {
            GroupStatements.join(db, roomId, owner.id(), "owner", seq);
            for (long memberId : members.keySet()) {
                GroupStatements.join(db, roomId, memberId, "member", seq);
            }
            return List.of(new EventView(EventView.CREATED, owner.username(), List.copyOf(members.values()),
                    groupName, null));
        });
        return rooms.view(owner, roomUuid);
    }

    /** Renames the group (admins and the owner). */
    public RoomView rename(AuthUser actor, UUID roomUuid, String name) {
        String groupName = checkName(name);
        RoomRef room = requireGroup(actor, roomUuid);
        changeAllowed(actor);
        events.append(actor, room.id(), (db, roomId, seq) -> {
            requireAdmin(db, roomId, actor);
            if (!GroupStatements.rename(db, roomId, groupName)) {
                return List.of(); // the same name
            }
            return List.of(new EventView(EventView.RENAMED, actor.username(), List.of(), groupName, null));
        });
        return rooms.view(actor, roomUuid);
    }

    /** Adds members (admins and the owner); members already in are ignored. */
    public RoomView add(AuthUser actor, UUID roomUuid, List<String> usernames) {
        RoomRef room = requireGroup(actor, roomUuid);
        Map<Long, String> wanted = resolve(actor, usernames);
        if (wanted.isEmpty()) {
            throw ApiException.validation("users must name at least one other person");
        }
        changeAllowed(actor);
        events.append(actor, room.id(), (db, roomId, seq) -> {
            requireAdmin(db, roomId, actor);
            List<String> added = new ArrayList<>();
            for (var entry : wanted.entrySet()) {
                if (GroupStatements.addMember(db, roomId, entry.getKey(), seq)) {
                    added.add(entry.getValue());
                }
            }
            if (GroupStatements.countMembers(db, roomId) > maxMembers) {
                throw ApiException.validation("a group has at most " + maxMembers + " members");
            }
            return added.isEmpty() ? List.of()
                    : List.of(new EventView(EventView.ADDED, actor.username(), added, null, null));
        });
        return rooms.view(actor, roomUuid);
    }

    /** Removes a member (admins and the owner), or leaves when {@code username} is the caller. */
    public void remove(AuthUser actor, UUID roomUuid, String username) {
        RoomRef room = requireGroup(actor, roomUuid);
        String name = Usernames.normalise(username);
        if (name.equals(actor.username())) {
            leave(actor, room);
            return;
        }
        UserRow target = Usernames.valid(name).flatMap(users::findByName)
                .orElseThrow(() -> ApiException.notFound("no member named '" + username + "'"));
        changeAllowed(actor);
        events.append(actor, room.id(), (db, roomId, seq) -> {
            requireAdmin(db, roomId, actor);
            String role = GroupStatements.roleOf(db, roomId, target.id());
            if (role == null) {
                throw ApiException.notFound(target.username() + " is not a member of this group");
            }
            if (role.equals("owner")) {
                throw ApiException.forbidden("the owner cannot be removed");
            }
            GroupStatements.end(db, roomId, target.id(), seq);
            return List.of(new EventView(EventView.REMOVED, actor.username(), List.of(target.username()), null, null));
        });
        receipts.membersLeft(room.id());
    }

    private void leave(AuthUser actor, RoomRef room) {
        changeAllowed(actor);
        events.append(actor, room.id(), (db, roomId, seq) -> {
            String role = GroupStatements.roleOf(db, roomId, actor.id());
            if (role == null) {
                throw ApiException.forbidden("you are no longer a member of this group");
            }
            GroupStatements.end(db, roomId, actor.id(), seq);
            List<EventView> made = new ArrayList<>();
            made.add(new EventView(EventView.LEFT, actor.username(), List.of(actor.username()), null, null));
            if (role.equals("owner")) {
                GroupStatements.Successor next = GroupStatements.promoteSuccessor(db, roomId);
                if (next != null) {
                    made.add(new EventView(EventView.ROLE_CHANGED, actor.username(), List.of(next.username()),
                            null, "owner"));
                }
            }
            return made;
        });
        receipts.membersLeft(room.id());
    }

    /** Makes a member an admin or an admin a member (the owner and admins; only the owner demotes an admin). */
    public RoomView changeRole(AuthUser actor, UUID roomUuid, String username, String role) {
        if (!"admin".equals(role) && !"member".equals(role)) {
            throw ApiException.validation("role must be \"admin\" or \"member\"");
        }
        RoomRef room = requireGroup(actor, roomUuid);
        UserRow target = Usernames.valid(Usernames.normalise(username)).flatMap(users::findByName)
                .orElseThrow(() -> ApiException.notFound("no member named '" + username + "'"));
        changeAllowed(actor);
        events.append(actor, room.id(), (db, roomId, seq) -> {
            String actorRole = requireAdmin(db, roomId, actor);
            String current = GroupStatements.roleOf(db, roomId, target.id());
            if (current == null) {
                throw ApiException.notFound(target.username() + " is not a member of this group");
            }
            if (current.equals("owner")) {
                throw ApiException.forbidden("the owner's role cannot be changed");
            }
            if (current.equals(role)) {
                return List.of();
            }
            if (current.equals("admin") && !actorRole.equals("owner")) {
                throw ApiException.forbidden("only the owner can demote an admin");
            }
            GroupStatements.setRole(db, roomId, target.id(), role);
            return List.of(new EventView(EventView.ROLE_CHANGED, actor.username(), List.of(target.username()),
                    null, role));
        });
        return rooms.view(actor, roomUuid);
    }

    /** The group if the caller is a member (403 former member, 404 stranger); a direct room is refused with 400. */
    private RoomRef requireGroup(AuthUser actor, UUID roomUuid) {
        RoomRef room = rooms.require(actor, roomUuid);
        if (!room.group()) {
            throw ApiException.validation("a direct chat always has its two members: only groups change members");
        }
        return rooms.requireMember(actor, roomUuid);
    }

    /** The actor's role, decided in the transaction: 403 unless admin or owner (or no longer a member). */
    private static String requireAdmin(Connection db, long roomId, AuthUser actor) throws SQLException {
        String role = GroupStatements.roleOf(db, roomId, actor.id());
        if (role == null) {
            throw ApiException.forbidden("you are no longer a member of this group");
        }
        if (role.equals("member")) {
            throw ApiException.forbidden("only the group's admins can do that");
        }
        return role;
    }

    /** Usernames to user ids, the caller and repeats dropped; 400 naming every one that does not exist. */
    private Map<Long, String> resolve(AuthUser caller, List<String> usernames) {
        if (usernames.size() > maxMembers * 2) {
            throw ApiException.validation("at most " + maxMembers + " members");
        }
        Map<Long, String> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String username : usernames) {
            if (username == null) {
                throw ApiException.validation("usernames must be strings");
            }
            String name = Usernames.normalise(username);
            if (name.equals(caller.username())) {
                continue;
            }
            Usernames.valid(name).flatMap(users::findByName).ifPresentOrElse(
                    user -> found.put(user.id(), user.username()),
                    () -> missing.add(username));
        }
        if (!missing.isEmpty()) {
            throw ApiException.validation("no such user: " + String.join(", ",
                    missing.stream().limit(20).map(m -> "'" + m + "'").toList()));
        }
        for (var entry : found.entrySet()) {
            blocks.requireCanReach(caller, entry.getKey(), entry.getValue());
        }
        return found;
    }

    private static String checkName(String name) {
        if (name == null) {
            throw ApiException.validation("name is required");
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw ApiException.validation("name must not be empty");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME) {
            throw ApiException.validation("name is longer than " + MAX_NAME + " characters");
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c)) || hasUnpairedSurrogate(trimmed)) {
            throw ApiException.validation("name must not contain control characters or broken Unicode");
        }
        return trimmed;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private void changeAllowed(AuthUser actor) {
        changes.acquire(actor.id());
    }
}

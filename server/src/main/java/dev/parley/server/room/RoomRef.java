package dev.parley.server.room;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the server needs to know about a room to route its events and to check access: ids, the seed-compatible
 * name, its kind, and everyone who is or was a member with the seq ranges of the room's event log they may see.
 * Built once per room and cached until a membership or room event changes it ({@link RoomService#changed}), so
 * {@code memberIds} (the current members, the fan-out's list) is kept rather than derived on every message.
 *
 * <p>{@code loadedAtSeq} is the room's last seq when this was read: the ranges are exact for every event up to it,
 * and for later ones until the next membership event (which the feed meets in seq order and reloads on).
 */
public record RoomRef(long id, UUID uuid, String name, Kind kind, long loadedAtSeq, List<Long> memberIds,
                      Map<Long, String> members, Map<Long, Member> everyone, long lastChangeSeq) {

    /** A direct room has exactly two members forever; a group has a name, roles and changing members. */
    public enum Kind {
        DIRECT, GROUP;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind of(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** One visible range of the event log, both ends included ({@code to} = Long.MAX_VALUE while a member). */
    public record Range(long from, long to) {
        boolean contains(long seq) {
            return seq >= from && seq <= to;
        }
    }

    /** Someone who is or was a member: their visible ranges, ascending; current while the last one is open. */
    public record Member(long userId, String username, List<Range> ranges) {
        public Member {
            ranges = List.copyOf(ranges);
        }

        public boolean current() {
            return !ranges.isEmpty() && ranges.getLast().to() == Long.MAX_VALUE;
        }

        boolean sees(long seq) {
            for (Range range : ranges) {
                if (range.contains(seq)) {
                    return true;
                }
            }
            return false;
        }
    }

    public RoomRef {
        memberIds = List.copyOf(memberIds);
        members = Map.copyOf(members);
        everyone = Map.copyOf(everyone);
    }

    /** A room from everyone who is or was in it; the current members are those with an open range. */
    public static RoomRef of(long id, UUID uuid, String name, Kind kind, long loadedAtSeq, List<Member> people) {
        List<Long> memberIds = new ArrayList<>();
        Map<Long, String> members = new HashMap<>();
        Map<Long, Member> everyone = new HashMap<>();
        long lastChange = 0;
        for (Member member : people) {
            everyone.put(member.userId(), member);
            if (member.current()) {
                memberIds.add(member.userId());
                members.put(member.userId(), member.username());
            }
            for (Range range : member.ranges()) {
                lastChange = Math.max(lastChange, range.from());
                if (range.to() != Long.MAX_VALUE) {
                    lastChange = Math.max(lastChange, range.to());
                }
            }
        }
        return new RoomRef(id, uuid, name, kind, loadedAtSeq, memberIds, members, everyone, lastChange);
    }

    public boolean group() {
        return kind == Kind.GROUP;
    }

    /** Whether the user is a member now (may send, type, read). */
    public boolean isMember(long userId) {
        return members.containsKey(userId);
    }

    /** Whether the user is or was a member (may read what they saw). */
    public boolean knows(long userId) {
        return everyone.containsKey(userId);
    }

    /** The ranges of the log {@code userId} may see, ascending; empty for a stranger. */
    public List<Range> visibleTo(long userId) {
        Member member = everyone.get(userId);
        return member == null ? List.of() : member.ranges();
    }

    /** Whether {@code userId} may see the event {@code seq} (it is in one of their visible ranges). */
    public boolean sees(long userId, long seq) {
        Member member = everyone.get(userId);
        return member != null && member.sees(seq);
    }

    /** Who receives the event {@code seq}: those whose range holds it (a removed member still gets their removal). */
    public List<Long> recipientsAt(long seq) {
        if (seq > lastChangeSeq) {
            return memberIds;
        }
        List<Long> recipients = new ArrayList<>();
        for (Member member : everyone.values()) {
            if (member.sees(seq)) {
                recipients.add(member.userId());
            }
        }
        return recipients;
    }

    /** Everyone who may see an event after {@code seq}: the current members, and former ones whose range ends later. */
    public List<Long> audienceAfter(long seq) {
        if (seq >= lastChangeSeq) {
            return memberIds;
        }
        List<Long> audience = new ArrayList<>();
        for (Member member : everyone.values()) {
            if (member.ranges().getLast().to() > seq) {
                audience.add(member.userId());
            }
        }
        return audience;
    }

    /** A member's (or former member's) username; anyone else is a bug. */
    public String username(long userId) {
        Member member = everyone.get(userId);
        if (member == null) {
            throw new IllegalStateException("user " + userId + " was never a member of room " + id);
        }
        return member.username();
    }
}

package dev.parley.desktop.chat;

import dev.parley.protocol.MemberView;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The current members of one chat (me included while I am one) and the tick their watermarks give each message of
 * mine: one tick when stored, two grey once every other member who was in the chat at its seq received it, blue once
 * every one of them read it. FX thread only.
 */
final class Members {

    private final String me;
    private final ObservableList<Member> list = FXCollections.observableArrayList();
    private final ObservableList<Member> readOnly = FXCollections.unmodifiableObservableList(list);
    private Ticks ticks;
    /** How far the group's ticks ever got: they stay when the members who read a message leave. */
    private long reachedDelivered;
    private long reachedRead;

    Members(String me) {
        this.me = me;
    }

    /** The server's list of the members: who is in takes its word, watermarks only move up. */
    void replace(List<MemberView> views) {
        Map<String, Member> known = list.stream().collect(Collectors.toMap(Member::username, Function.identity()));
        list.setAll(views.stream().map(v -> known.containsKey(v.username()) ? known.get(v.username()).merged(v)
                : Member.of(v)).toList());
        ticks = null;
    }

    /** A view older than what this client applied since: only watermarks and presence of known members move. */
    void refresh(List<MemberView> views) {
        for (MemberView view : views) {
            update(view.username(), m -> {
                Member merged = m.merged(view);
                return new Member(m.username(), m.role(), m.joinedSeq(), merged.deliveredSeq(), merged.readSeq(),
                        view.online(), view.lastSeen(), view.displayName(), view.about());
            });
        }
    }

    /** An {@code added} event at {@code seq}: members with the role member, seeing the log from there. */
    void add(List<String> usernames, long seq) {
        for (String username : usernames) {
            if (find(username) == null) {
                list.add(Member.added(username, seq));
                ticks = null;
            }
        }
    }

    void remove(List<String> usernames) {
        if (list.removeIf(m -> usernames.contains(m.username()))) {
            ticks = null;
        }
    }

    void role(List<String> usernames, String role) {
        usernames.forEach(u -> update(u, m -> m.withRole(role)));
    }

    /** A member's watermark moved; false when they are not a member here. */
    boolean receipt(String username, boolean read, long seq) {
        return update(username, m -> m.receipt(read, seq));
    }

    /**
     * A group's ticks: every current member has received up to {@code delivered} and read up to {@code read}; true
     * when a watermark moved.
     */
    boolean ticks(long delivered, long read) {
        boolean moved = reached(delivered, read);
        for (int i = 0; i < list.size(); i++) {
            Member member = list.get(i);
            Member changed = member.receipt(false, delivered).receipt(true, read);
            if (!changed.equals(member)) {
                list.set(i, changed);
                moved = true;
            }
        }
        if (moved) {
            ticks = null;
        }
        return moved;
    }

    void presence(String username, boolean online, Instant lastSeen) {
        update(username, m -> m.presence(online, lastSeen));
    }

    /** Someone's display name and About changed; false when they are not a member here. */
    boolean profile(String username, String displayName, String about) {
        return update(username, m -> m.profile(displayName, about));
    }

    /** The name to show for {@code username}: a member's display name where set, else the username. */
    String shownName(String username) {
        Member member = find(username);
        return member == null ? username : member.shownName();
    }

    private boolean update(String username, UnaryOperator<Member> change) {
        for (int i = 0; i < list.size(); i++) {
            Member member = list.get(i);
            if (member.username().equals(username)) {
                Member changed = change.apply(member);
                if (!changed.equals(member)) {
                    list.set(i, changed);
                    ticks = null;
                }
                return true;
            }
        }
        return false;
    }

    /** The member named so, or null. */
    Member find(String username) {
        return list.stream().filter(m -> m.username().equals(username)).findFirst().orElse(null);
    }

    ObservableList<Member> list() {
        return readOnly;
    }

    /** How far the group's ticks ever got (never lowered); true when that moved. */
    boolean reached(long delivered, long read) {
        boolean moved = delivered > reachedDelivered || read > reachedRead;
        reachedDelivered = Math.max(reachedDelivered, Math.max(delivered, read));
        reachedRead = Math.max(reachedRead, read);
        return moved;
    }

    /**
     * The tick of my message {@code seq}: as far as the group's ticks ever got (they stay when those who read it
     * leave), else what the others' watermarks give it now; one tick while nobody else was there for it.
     */
    Tick tickFor(long seq) {
        if (seq <= reachedRead) {
            return Tick.READ;
        }
        if (ticks == null) {
            ticks = new Ticks(list.stream().filter(m -> !m.username().equals(me))
                    .sorted(Comparator.comparingLong(Member::joinedSeq)).toList());
        }
        Tick now = ticks.at(seq);
        return now == Tick.SENT && seq <= reachedDelivered ? Tick.DELIVERED : now;
    }

    /**
     * The other members by the seq they joined at, with the lowest watermarks among those who joined up to each:
     * a message's recipients are a prefix of them, so its tick is one binary search (a big group's receipts re-tick
     * every loaded message).
     */
    private static final class Ticks {
        private final long[] joined;
        private final long[] lowestDelivered;
        private final long[] lowestRead;

        Ticks(List<Member> others) {
            int n = others.size();
            joined = new long[n];
            lowestDelivered = new long[n];
            lowestRead = new long[n];
            for (int i = 0; i < n; i++) {
                Member m = others.get(i);
                joined[i] = m.joinedSeq();
                long delivered = Math.max(m.deliveredSeq(), m.readSeq());
                lowestDelivered[i] = i == 0 ? delivered : Math.min(lowestDelivered[i - 1], delivered);
                lowestRead[i] = i == 0 ? m.readSeq() : Math.min(lowestRead[i - 1], m.readSeq());
            }
        }

        Tick at(long seq) {
            int count = upperBound(seq);
            if (count == 0) {
                return Tick.SENT;
            }
            if (lowestRead[count - 1] >= seq) {
                return Tick.READ;
            }
            return lowestDelivered[count - 1] >= seq ? Tick.DELIVERED : Tick.SENT;
        }

        /** How many joined at or before {@code seq}. */
        private int upperBound(long seq) {
            int at = Arrays.binarySearch(joined, seq);
            if (at < 0) {
                return -at - 1;
            }
            while (at + 1 < joined.length && joined[at + 1] == seq) {
                at++;
            }
            return at + 1;
        }
    }
}

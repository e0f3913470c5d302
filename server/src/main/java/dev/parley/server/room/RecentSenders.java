package dev.parley.server.room;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashSet;
import java.util.Set;

/**
 * Who sent each of a room's newest events, as this node delivered them: a group's receipts go only to the senders
 * of the messages a watermark move covers (see {@link ReceiptService}), and this answers "who sent (from, to]"
 * without a query in the common case of a move over the last few hundred events. Bounded per room and in rooms.
 */
public final class RecentSenders {

    /** The "sender" of a membership or room event: nobody waits for ticks on it. */
    public static final long NOBODY = 0;

    /** How many of a room's newest events are remembered. */
    public static final int WINDOW = 512;

    /** A ring of the senders of seqs (last - WINDOW, last], valid from {@code first}. */
    private static final class Ring {
        final long[] senders = new long[WINDOW];
        long first;
        long last;
    }

    private final Cache<Long, Ring> rooms = Caffeine.newBuilder().maximumSize(20_000).build();

    /** The event {@code seq} of the room was sent by {@code senderId} ({@link #NOBODY} for membership events). */
    public void record(long roomId, long seq, long senderId) {
        Ring ring = rooms.get(roomId, id -> new Ring());
        synchronized (ring) {
            if (ring.last != 0 && seq <= ring.last) {
                if (seq >= ring.first) {
                    ring.senders[(int) (seq % WINDOW)] = senderId; // delivered again: the same sender
                }
                return;
            }
            if (ring.last == 0 || seq > ring.last + 1) {
                ring.first = seq; // a gap (or the first one seen): known from here on
            }
            ring.senders[(int) (seq % WINDOW)] = senderId;
            ring.last = seq;
            ring.first = Math.max(ring.first, seq - WINDOW + 1);
        }
    }

    /** The senders of the messages in (from, to], or null when this node does not know all of them. */
    public Set<Long> between(long roomId, long from, long to) {
        Ring ring = rooms.getIfPresent(roomId);
        if (ring == null) {
            return null;
        }
        synchronized (ring) {
            if (from + 1 < ring.first || to > ring.last) {
                return null;
            }
            Set<Long> senders = new HashSet<>();
            for (long seq = from + 1; seq <= to; seq++) {
                long sender = ring.senders[(int) (seq % WINDOW)];
                if (sender != NOBODY) {
                    senders.add(sender);
                }
            }
            return senders;
        }
    }
}

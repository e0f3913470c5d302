package dev.parley.server.realtime;

import dev.parley.server.common.AuthUser;
import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open WebSocket of one user. Owns a bounded outbound queue drained by a virtual thread that exists only
 * while there is something to write, so an idle connection costs no thread. A full queue means the client is
 * not reading: the connection is cut off (it can reconnect and sync) instead of slowing the sender.
 * Message frames are de-duplicated per room by seq, and held back until the client's first frame (usually
 * {@code sync}) so that a resuming client receives every room strictly in seq order. A replay ({@code sync}) is
 * paced by the client instead: it waits while the queue is half full, so a client that reads, however slowly, gets
 * all of it, and only one that stops reading altogether is cut off.
 */
public final class Connection {

    /** Close code for a client that does not keep up with its frames. */
    public static final int CLOSE_SLOW_CONSUMER = 1008;

    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private sealed interface Outbound {
    }

    private record Text(String json, Delivery delivery) implements Outbound {
    }

    private record Ping() implements Outbound {
    }

    private static final Ping PING = new Ping();
    /**
     * A batch (see {@link #batching}) carries at most this many frames and, past its first, this many characters: a
     * client holds one WebSocket message in memory whole.
     */
    static final int BATCH_FRAMES = 64;
    static final int BATCH_CHARS = 64 * 1024;
    private static final String BATCH_START = "{\"type\":\"batch\",\"frames\":[";
    /** A replay waits for the queue to drain at most this long without any progress before the client counts as gone. */
    private static final long REPLAY_STALL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private final WsSession session;
    private final AuthUser user;
    private final ConnectionHub hub;
    private final LinkedBlockingQueue<Outbound> queue; // linked: an idle connection holds no preallocated slots
    private final int queueCapacity;
    /** Frames written so far: a waiting replay sees the client read. */
    private final AtomicLong written = new AtomicLong();
    /** Replays waiting for the queue to drain (the writer wakes them only when there are any). */
    private volatile int pacedWaiters;
    /** Characters of the frames in the queue, bounded too: a thousand large frames are not one thousand pings. */
    private final AtomicLong queuedChars = new AtomicLong();
    private final long maxQueuedChars;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String network;
    private volatile Thread writer;
    private volatile long lastInboundNanos = System.nanoTime();
    /**
     * The client reads {@code batch} frames ({@code /ws?batch=1}): frames that queued up while the previous write was
     * under way go out together as one WebSocket message and one socket write, instead of one each. Nothing is held
     * back to make a batch: a frame that finds the writer idle goes alone, at once.
     */
    private final boolean batching;

    // Guarded by this: per room id, the contiguous range [low, high] of message seqs handed to the queue, and the
    // frames held until release().
    private final Map<Long, long[]> sent = new HashMap<>();
    private List<Text> held = new ArrayList<>();
    private boolean heldUntilFirstFrame = true;
    private int replaying;
    /** A replay's thread is handing the held frames out at the client's pace: nobody else flushes them meanwhile. */
    private boolean pacedFlush;

    Connection(WsSession session, AuthUser user, ConnectionHub hub, int queueCapacity, long maxQueuedChars,
               boolean batching) {
        this.batching = batching;
        this.session = session;
        this.user = user;
        this.hub = hub;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        this.queueCapacity = queueCapacity;
        this.maxQueuedChars = maxQueuedChars;
    }

    public AuthUser user() {
        return user;
    }

    /** The client network this connection counts in (see {@link ConnectionHub}); null until counted. */
    String network() {
        return network;
    }

    void countedIn(String network) {
        this.network = network;
    }

    /** Queues a frame that is not a room message (ack, receipt, typing, error...). */
    public void send(String json) {
        enqueue(new Text(json, null));
    }

    /** Queues a live message frame unless this connection already has it; held while the connection is new. */
    public synchronized void deliver(Delivery delivery, String json) {
        Text text = new Text(json, delivery);
        if (held != null) {
            if (held.size() >= 4 * queueCapacity) {
                cutOff(); // a replay so slow that live traffic piles up behind it: the client syncs again
                return;
            }
            held.add(text);
        } else {
            deliverNow(text);
        }
    }

    /**
     * Queues replayed message frames (in seq order) of one room, skipping those this connection already has, as fast as
     * the client reads them: while the queue is half full the replay waits for it to drain (live frames are held
     * meanwhile and count for nothing), so a long sync over a slow link is never cut off as a slow consumer. A client
     * that reads nothing for {@link #REPLAY_STALL_NANOS} is.
     */
    public synchronized void replay(List<Delivery> deliveries, List<String> frames) {
        for (int i = 0; i < deliveries.size(); i++) {
            if (!awaitRoom()) {
                return;
            }
            deliverNow(new Text(frames.get(i), deliveries.get(i)));
        }
    }

    /** Waits (releasing this monitor) until the queue is less than half full; false when the connection is gone. */
    private boolean awaitRoom() {
        long stalledSince = System.nanoTime();
        long progress = written.get();
        int frames = Math.max(1, queueCapacity / 2);
        long chars = Math.max(1, maxQueuedChars / 2);
        while (!closed.get() && (queue.size() >= frames || queuedChars.get() >= chars)) {
            if (written.get() != progress) {
                progress = written.get();
                stalledSince = System.nanoTime();
                touch(); // it reads: it is alive, even though its pongs wait behind this replay
            } else if (System.nanoTime() - stalledSince > REPLAY_STALL_NANOS) {
                cutOff();
                return false;
            }
            pacedWaiters++;
            try {
                wait(1000); // woken by the writer as frames go out; the timeout only re-checks the stall
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                pacedWaiters--;
            }
        }
        return !closed.get();
    }

    /** Ends the initial hold: live message frames queued meanwhile go out in seq order. Idempotent. */
    public synchronized void release() {
        heldUntilFirstFrame = false;
        if (replaying == 0 && !pacedFlush) {
            flushHeld();
        }
    }

    /**
     * Runs a replay ({@code sync}): live message frames that arrive meanwhile are held and go out after it, merged in
     * seq order, so that the replay can read the database without holding any room lock and still never lets a
     * live message of a room overtake the replayed ones.
     */
    public void holdingLiveFrames(Runnable replay) {
        synchronized (this) {
            replaying++;
            if (held == null) {
                held = new ArrayList<>();
            }
        }
        try {
            replay.run();
        } finally {
            synchronized (this) {
                replaying--;
                if (replaying == 0 && !heldUntilFirstFrame) {
                    flushHeldPaced();
                }
            }
        }
    }

    /**
     * After a replay, on its thread: the live frames held meanwhile go out at the pace the client reads, like the
     * replay (they may be many on a slow link). Frames arriving while this waits are still held, and follow.
     */
    private void flushHeldPaced() {
        pacedFlush = true;
        try {
            while (held != null && !held.isEmpty()) {
                List<Text> pending = held;
                held = new ArrayList<>();
                pending.sort(Comparator.comparingLong((Text t) -> t.delivery().roomId())
                        .thenComparingLong(t -> t.delivery().seq()));
                for (Text text : pending) {
                    if (!awaitRoom()) {
                        return;
                    }
                    deliverNow(text);
                }
            }
            held = null;
        } finally {
            pacedFlush = false;
        }
    }

    /** Whether the connection is still open (a long replay stops when it is not). */
    public boolean isOpen() {
        return !closed.get();
    }

    private void flushHeld() {
        if (held == null) {
            return;
        }
        List<Text> pending = held;
        held = null;
        pending.sort(Comparator.comparingLong((Text t) -> t.delivery().roomId()).thenComparingLong(t -> t.delivery().seq()));
        pending.forEach(this::deliverNow);
    }

    /** Records that the client said something (a frame or a pong): it is alive. */
    public void touch() {
        lastInboundNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastInboundNanos;
    }

    void ping() {
        enqueue(PING);
    }

    /** Closes with a code and reason; the connection leaves the hub at once. */
    public void close(int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Off the caller's thread: unregistering may announce presence (database work), and the caller may be the
        // message writer or the hub's scheduler, which nobody should wait for.
        Thread.startVirtualThread(() -> {
            hub.unregister(this);
            try {
                session.close(code, reason);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Close frame not sent", e);
            }
        });
    }

    /** Forgets a connection whose socket is already gone. */
    public void closed() {
        if (closed.compareAndSet(false, true)) {
            hub.unregister(this);
        }
    }

    /**
     * A sync replayed the room to its end: the client holds every event of it up to {@code seq} (those it had, and
     * those just replayed), so frames at or below it are not sent again and {@link #heldUpTo} knows where it stands.
     */
    public synchronized void syncedTo(long roomId, long seq) {
        long[] range = sent.get(roomId);
        if (range == null || range[0] <= seq + 1) {
            // Everything from the start: frames of the room held meanwhile from further back than the client's own
            // position (a node filling a room it had no position for) are then dropped, not sent out of order.
            sent.put(roomId, new long[] {0, range == null ? seq : Math.max(range[1], seq)});
        }
    }

    /**
     * The highest seq of the room this connection is known to hold (from its sync, then the frames sent after it),
     * or -1 when it holds nothing of the room that the server knows of (a room it has not synced, or a new one).
     */
    public synchronized long heldUpTo(long roomId) {
        long[] range = sent.get(roomId);
        return range == null ? -1 : range[1];
    }

    /**
     * Queues a message frame unless its seq is inside the range already sent. Only a contiguous range counts as sent,
     * so a replay of older messages (a sync that arrives after live traffic) is never mistaken for a duplicate:
     * at worst a message arrives after a newer one, never not at all.
     */
    private void deliverNow(Text text) {
        long seq = text.delivery().seq();
        long[] range = sent.get(text.delivery().roomId());
        if (range == null) {
            sent.put(text.delivery().roomId(), new long[] {seq, seq});
        } else if (seq >= range[0] && seq <= range[1]) {
            return;
        } else if (seq == range[1] + 1) {
            range[1] = seq;
        } else if (seq == range[0] - 1) {
            range[0] = seq;
        } else if (seq > range[1]) {
            range[0] = seq; // past a hole (a capped sync): the client pages the hole; track from here
            range[1] = seq;
        }
        enqueue(text);
    }

    private void enqueue(Outbound frame) {
        if (closed.get()) {
            return;
        }
        int chars = frame instanceof Text text ? text.json().length() : 0;
        if (queuedChars.addAndGet(chars) > maxQueuedChars || !queue.offer(frame)) {
            queuedChars.addAndGet(-chars);
            cutOff();
            return;
        }
        if (draining.compareAndSet(false, true)) {
            Thread.startVirtualThread(this::drain);
        }
    }

    /** A client that stopped reading: interrupting the blocked writer closes the socket under it. */
    private void cutOff() {
        LOG.log(Level.DEBUG, () -> "Closing slow consumer " + user.username());
        Thread blocked = writer;
        close(CLOSE_SLOW_CONSUMER, "slow consumer: outbound queue full");
        if (blocked != null) {
            blocked.interrupt();
        }
    }

    private void drain() {
        writer = Thread.currentThread();
        try {
            do {
                Map<Long, Delivery> delivered = new HashMap<>();
                Outbound frame;
                while ((frame = queue.poll()) != null) {
                    if (closed.get()) {
                        queue.clear();
                        return;
                    }
                    if (frame instanceof Text first && batching && queue.peek() instanceof Text) {
                        List<Text> batch = new ArrayList<>();
                        batch.add(first);
                        int chars = 0;
                        // Only this thread takes from the queue: what it peeks at is what it polls.
                        while (batch.size() < BATCH_FRAMES && queue.peek() instanceof Text next
                                && chars + next.json().length() <= BATCH_CHARS) {
                            chars += next.json().length();
                            batch.add((Text) queue.poll());
                        }
                        session.send(batchOf(batch), true);
                        batch.forEach(text -> written(text, delivered));
                    } else {
                        write(frame);
                        written(frame, delivered);
                    }
                }
                if (!delivered.isEmpty()) {
                    hub.delivered(user, delivered.values());
                }
                draining.set(false);
            } while (!queue.isEmpty() && draining.compareAndSet(false, true));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "Writing to " + user.username() + " failed: " + e);
            draining.set(false);
            closed();
        } finally {
            writer = null;
        }
    }

    /** One frame is out: the queue's counts, a waiting replay and the delivered watermarks hear of it. */
    private void written(Outbound frame, Map<Long, Delivery> delivered) {
        if (frame instanceof Text text) {
            queuedChars.addAndGet(-text.json().length());
        }
        written.incrementAndGet();
        if (pacedWaiters > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
        if (frame instanceof Text text && text.delivery() != null && text.delivery().senderId() != user.id()) {
            delivered.merge(text.delivery().roomId(), text.delivery(), (a, b) -> a.seq() >= b.seq() ? a : b);
        }
    }

    /**
     * {@code {"type":"batch","frames":[…]}} around frames already serialised: nothing is serialised again, and the
     * joiner copies each frame's characters once, into the one String it makes.
     */
    private static String batchOf(List<Text> frames) {
        StringJoiner json = new StringJoiner(",", BATCH_START, "]}");
        for (Text text : frames) {
            json.add(text.json());
        }
        return json.toString();
    }

    private void write(Outbound frame) {
        switch (frame) {
            case Text text -> session.send(text.json(), true);
            case Ping ping -> session.ping(BufferData.empty());
        }
    }
}

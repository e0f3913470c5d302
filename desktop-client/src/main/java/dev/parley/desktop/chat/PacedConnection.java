package dev.parley.desktop.chat;

import dev.parley.desktop.common.Scheduler;
import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.LimitsView;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The connection with my messages and message actions paced to what the server takes: a burst, then so many a
 * second (a token bucket, as the server's per-user send limit is: the server's defaults until {@link #pace} gives the
 * limit the server states in {@code GET /api/limits/}). A burst of sends past the limit went out at once and was refused in part: the refused
 * ones went again later while later ones, let through as the server's bucket refilled meanwhile, were stored before
 * them, out of order. Paced, they go out in order, each when it would be taken; a refusal (another device of mine
 * sharing the limit, a lower limit) is still retried by {@link MainViewModel}. Every other frame (sync, read, typing)
 * goes straight through. Frames queued when the connection drops are dropped too: the outbox sends them all again
 * after the next sync. A frame already queued under its client id is not queued twice. FX thread only.
 */
public final class PacedConnection implements ChatConnection {

    /**
     * The pace is a tenth slower than the limit (as the web client's): frames sent a refill apart can arrive closer
     * together than that, and the server counts when they arrive.
     */
    static final double PACE_MARGIN = 1.1;

    private final ChatConnection socket;
    private final Scheduler scheduler;
    private int burst;
    private Duration refill;
    private final Deque<ClientFrame> queue = new ArrayDeque<>();
    private int tokens;
    private boolean refilling;

    public PacedConnection(ChatConnection socket, Scheduler scheduler) {
        this(socket, scheduler, LimitsView.DEFAULT_SEND_BURST, LimitsView.DEFAULT_SENDS_PER_SECOND);
    }

    PacedConnection(ChatConnection socket, Scheduler scheduler, int burst, int perSecond) {
        this.socket = socket;
        this.scheduler = scheduler;
        this.tokens = burst;
        pace(burst, perSecond);
    }

    /**
     * Paces to the server's send limit from now on: a burst of {@code burst}, then a little under {@code perSecond} a
     * second (what {@code GET /api/limits/} says). Tokens already spent stay spent.
     */
    public void pace(int burst, int perSecond) {
        if (burst < 1 || perSecond < 1) {
            throw new IllegalArgumentException("a send limit allows at least one message at once and one a second");
        }
        this.tokens = Math.min(tokens, burst);
        this.burst = burst;
        this.refill = Duration.ofNanos(Math.round(1e9 * PACE_MARGIN / perSecond));
        drain();
    }

    @Override
    public void start(Listener listener) {
        socket.start(listener);
    }

    /** A send or action joins the queue (true: it will go, unless the connection drops first); others go now. */
    @Override
    public boolean send(ClientFrame frame) {
        String clientId = clientId(frame);
        if (clientId == null) {
            return socket.send(frame);
        }
        if (queue.stream().noneMatch(queued -> clientId.equals(clientId(queued)))) {
            queue.add(frame);
        }
        drain();
        return true;
    }

    private void drain() {
        while (tokens > 0 && !queue.isEmpty()) {
            if (!socket.send(queue.poll())) {
                queue.clear(); // no connection: the outbox sends everything again after the next sync
                break;
            }
            tokens--;
        }
        if (tokens < burst && !refilling) {
            refilling = true;
            scheduler.schedule(refill, () -> {
                refilling = false;
                tokens = Math.min(this.burst, tokens + 1);
                drain();
            });
        }
    }

    private static String clientId(ClientFrame frame) {
        return switch (frame) {
            case ClientFrame.Send send -> send.clientId();
            case ClientFrame.Action action -> action.clientId();
            default -> null;
        };
    }

    /** How many sends and actions wait for their turn. */
    int queued() {
        return queue.size();
    }

    @Override
    public void reconnectNow() {
        socket.reconnectNow();
    }

    @Override
    public void close() {
        queue.clear();
        socket.close();
    }
}

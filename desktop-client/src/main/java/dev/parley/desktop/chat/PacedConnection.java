package dev.parley.desktop.chat;

import dev.parley.desktop.common.Scheduler;
import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The connection with my messages and message actions paced to what the server takes, in the order written (as the
 * web client's outbox is: {@code js/pacing.js}). The server's per-user send limit is a token bucket: a burst, then so
 * many a second (its defaults until {@link #pace} gives the limit the server states in {@code GET /api/limits/}).
 * <ul>
 *   <li>From a full bucket a whole burst goes at once. Past it, one at a time, each after the answer to the one
 *   before (its ack, or its refusal): the server counts arrivals, and a burst that reached it late leaves it fewer
 *   tokens than this pace thinks; a refusal then delays one message instead of letting later ones, already on their
 *   way, be stored before it.</li>
 *   <li>A send or action refused for now ({@code rate_limited}, {@code unavailable}, {@code outcome_unknown}) goes
 *   back to the head of the queue with every later one still unanswered, and nothing goes until the server said it
 *   would take it. {@link MainViewModel}'s own retry of it then finds it queued here and is not queued twice.</li>
 *   <li>Every other frame (sync, read, typing) goes straight through.</li>
 *   <li>What waits or is unanswered when the connection drops or reopens is dropped: the outbox sends all of it again
 *   (the same client ids, stored once) after the next sync.</li>
 * </ul>
 * FX thread only; the answers arrive through the listener and hop to the FX thread by {@code fx}.
 */
public final class PacedConnection implements ChatConnection {

    /**
     * The pace is a tenth slower than the limit (as the web client's): frames sent a refill apart can arrive closer
     * together than that, and the server counts when they arrive.
     */
    static final double PACE_MARGIN = 1.1;

    private final ChatConnection socket;
    private final Scheduler scheduler;
    private final Executor fx;
    private int burst;
    private Duration refill;
    private final Deque<ClientFrame> queue = new ArrayDeque<>();
    /** Sent on this connection and not answered yet, by client id in the order sent. */
    private final Map<String, ClientFrame> inFlight = new LinkedHashMap<>();
    private int tokens;
    private boolean refilling;
    /** How many more may go before those in flight are answered. */
    private int runLeft;
    /** The server asked to wait: nothing goes until the newest such request ({@code holds}) has run out. */
    private boolean held;
    private int holds;

    public PacedConnection(ChatConnection socket, Scheduler scheduler, Executor fx) {
        this(socket, scheduler, fx, LimitsView.DEFAULT_SEND_BURST, LimitsView.DEFAULT_SENDS_PER_SECOND);
    }

    PacedConnection(ChatConnection socket, Scheduler scheduler, Executor fx, int burst, int perSecond) {
        this.socket = socket;
        this.scheduler = scheduler;
        this.fx = fx;
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

    /** When a refused frame would be taken: as the server said, else shortly. */
    static Duration retryWait(ServerFrame.Error error) {
        return error.retryAfterMs() != null ? Duration.ofMillis(error.retryAfterMs()) : Duration.ofSeconds(2);
    }

    @Override
    public void start(Listener listener) {
        // The reset is queued before the listener's own work on the FX thread: the outbox it resends after the sync
        // must not be dropped by it.
        socket.start(new Listener() {
            @Override
            public void onOpen() {
                fx.execute(PacedConnection.this::reset);
                listener.onOpen();
            }

            @Override
            public void onFrame(ServerFrame frame) {
                listener.onFrame(frame);
                fx.execute(() -> answered(frame));
            }

            @Override
            public void onDisconnected(String reason, Duration retryIn) {
                fx.execute(PacedConnection.this::reset);
                listener.onDisconnected(reason, retryIn);
            }

            @Override
            public void onUnauthorized() {
                listener.onUnauthorized();
            }
        });
    }

    /** A send or action joins the queue (true: it will go, unless the connection drops first); others go now. */
    @Override
    public boolean send(ClientFrame frame) {
        String clientId = clientId(frame);
        if (clientId == null) {
            return socket.send(frame);
        }
        if (!inFlight.containsKey(clientId) && queue.stream().noneMatch(queued -> clientId.equals(clientId(queued)))) {
            queue.add(frame);
        }
        drain();
        return true;
    }

    /** What the server's answer to one of mine means for the queue. */
    private void answered(ServerFrame frame) {
        switch (frame) {
            case ServerFrame.Ack ack -> {
                inFlight.remove(ack.clientId());
                queue.removeIf(queued -> ack.clientId().equals(clientId(queued))); // sent again after a refusal
            }
            case ServerFrame.Error error when error.clientId() != null -> {
                if (!Outbox.isTransient(error.code())) {
                    inFlight.remove(error.clientId()); // refused for good: the outbox shows why
                } else if (inFlight.containsKey(error.clientId())) {
                    requeueFrom(error.clientId());
                    hold(retryWait(error));
                } else if (queue.stream().anyMatch(queued -> error.clientId().equals(clientId(queued)))) {
                    hold(retryWait(error)); // put back by an earlier refusal: the newest hint counts
                }
            }
            case ServerFrame.Error error when "rate_limited".equals(error.code()) -> {
                // Ignored unread past the connection's frame limit: the refusal cannot say which, so all unanswered.
                inFlight.keySet().stream().findFirst().ifPresent(this::requeueFrom);
                hold(retryWait(error));
            }
            // Naming no send: a read or typing refused, or a frame the server could not read (a send, maybe). What is
            // in flight is waited for no longer, lest the queue stall; one never answered goes again after a sync.
            case ServerFrame.Error error -> inFlight.clear();
            default -> {
                return;
            }
        }
        drain();
    }

    /** The one named and every later one in flight go back to the head of the queue, in the order sent. */
    private void requeueFrom(String clientId) {
        List<ClientFrame> back = new ArrayList<>();
        boolean from = false;
        for (var entry : List.copyOf(inFlight.entrySet())) {
            from |= entry.getKey().equals(clientId);
            if (from) {
                back.add(entry.getValue());
                inFlight.remove(entry.getKey());
            }
        }
        for (int i = back.size() - 1; i >= 0; i--) {
            queue.addFirst(back.get(i));
        }
    }

    private void hold(Duration wait) {
        held = true;
        tokens = 0;
        int hold = ++holds;
        scheduler.schedule(wait, () -> {
            if (hold == holds) {
                held = false;
                tokens = 1; // the server said it takes one now (the refills meanwhile were its wait for it)
                runLeft = 0;
                drain();
            }
        });
    }

    private void drain() {
        while (!held && tokens > 0 && !queue.isEmpty()) {
            if (inFlight.isEmpty()) {
                runLeft = tokens >= burst ? burst : 1;
            }
            if (runLeft <= 0) {
                break; // an answer drains again
            }
            ClientFrame next = queue.poll();
            if (!socket.send(next)) {
                reset(); // no connection: the outbox sends everything again after the next sync
                break;
            }
            inFlight.put(clientId(next), next);
            tokens--;
            runLeft--;
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

    private void reset() {
        queue.clear();
        inFlight.clear();
        runLeft = 0;
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

    /** How many were sent and not answered yet. */
    int unanswered() {
        return inFlight.size();
    }

    @Override
    public void reconnectNow() {
        socket.reconnectNow();
    }

    @Override
    public void close() {
        reset();
        socket.close();
    }
}

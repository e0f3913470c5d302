package dev.parley.bench;

import dev.parley.protocol.ClientFrame;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One user of the storm scenario, behaving as Parley's clients do: a WebSocket that reconnects by itself after any
 * loss (exponential backoff with jitter, and never sooner than the server's {@code Retry-After} or
 * {@code retry_after_ms} plus jitter), syncs every room from the last seq it holds, and sends from an outbox that
 * survives reconnects (what was not acknowledged goes again, with the same client_id, after the sync). Records what it
 * had acknowledged and what it received per room, and when it lost and regained its connection. Its state is guarded
 * by this object; Netty calls it on one event loop per connection.
 */
final class StormClient {

    private static final long BASE_DELAY_MS = 500;
    private static final long MAX_DELAY_MS = 10_000;
    /** A connection that got no {@code synced} this long after its handshake is given up and made again. */
    private static final long SYNC_TIMEOUT_MS = 60_000;

    /** A room as this user holds it. */
    static final class Room {
        final int index;
        final UUID uuid;
        final String text;
        /** Every seq up to here is held (received, or my own acked message). */
        long known;
        private final TreeSet<Long> ahead = new TreeSet<>();
        /** Seqs of other members' messages, in arrival order. */
        final LongList received = new LongList();

        Room(int index, UUID uuid, long lastSeq) {
            this.index = index;
            this.uuid = uuid;
            this.text = uuid.toString();
            this.known = lastSeq;
        }

        void hold(long seq) {
            if (seq <= known) {
                return;
            }
            ahead.add(seq);
            while (!ahead.isEmpty() && ahead.first() == known + 1) {
                known = ahead.pollFirst();
            }
        }
    }

    /** A send not yet acknowledged. */
    private record Pending(Room room, String clientId, String frame) {
    }

    /** One acknowledged send: the room, the seq it got and the number of its client_id. */
    record Acked(int room, long seq, long id) {
    }

    final Api.User user;
    final List<Room> rooms;
    private final Map<String, Room> byText = new LinkedHashMap<>();
    private final StormRun run;
    private final InetSocketAddress local;

    private long nextId;
    private final LinkedHashMap<String, Pending> outbox = new LinkedHashMap<>();
    private final List<Acked> acked = new ArrayList<>();
    private final Map<String, Long> ackedSeq = new java.util.HashMap<>();

    private Channel channel;
    private int generation;
    private boolean synced;
    private int attempt;
    private long hintMs;
    private boolean stopped;

    /** When the last synced connection was lost, when a handshake next succeeded and a sync next ended (nanoTime; 0: not since). */
    long lostAt;
    long backAt;
    long syncedAt;
    /** Connection attempts since the loss. */
    int attemptsSinceLoss;

    StormClient(Api.User user, List<Room> rooms, StormRun run, InetSocketAddress local) {
        this.user = user;
        this.rooms = List.copyOf(rooms);
        this.rooms.forEach(room -> byText.put(room.text, room));
        this.run = run;
        this.local = local;
    }

    // --- the connection ---

    /** Opens the first connection (and, from then on, every next one by itself). */
    synchronized void start() {
        connect();
    }

    synchronized boolean isSynced() {
        return synced;
    }

    /** Cuts the connection as a network failure would: a reset, no close frame. The client reconnects by itself. */
    synchronized void cut() {
        if (channel != null) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }

    /** Closes for good (end of the run). */
    synchronized void stop() {
        stopped = true;
        if (channel != null) {
            channel.close();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        int mine = ++generation;
        attemptsSinceLoss++;
        run.attempts.increment();
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(run.ws)
                .customHeaders(new DefaultHttpHeaders().add("Authorization", "Bearer " + user.token()))
                .maxFramePayloadLength(1 << 20)
                .handshakeTimeoutMillis(15_000)
                .handleCloseFrames(false) // the close code and reason (1013 and its wait) reach the handler below
                .sendCloseFrame(null)     // a cut is a cut: closing sends no close frame first
                .build();
        Bootstrap bootstrap = run.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel socket) {
                socket.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                        new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
                        new Handler(mine));
            }
        });
        bootstrap.connect(new InetSocketAddress(run.ws.getHost(), run.ws.getPort()), local)
                .addListener(future -> {
                    if (!future.isSuccess()) {
                        synchronized (this) {
                            if (mine == generation) {
                                run.error("connect: " + kindOf(future.cause()));
                                retryLater();
                            }
                        }
                    }
                });
    }

    /** Schedules the next attempt: exponential backoff with equal jitter, at least the server's hint plus jitter. */
    private void retryLater() {
        if (stopped) {
            return;
        }
        long delay = delayMs(attempt++, hintMs, ThreadLocalRandom.current().nextDouble());
        hintMs = 0;
        run.loops.schedule(() -> {
            synchronized (this) {
                connect();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /**
     * The wait before attempt {@code attempt} (0-based), as both Parley clients wait: half of an exponentially growing
     * step (0.5 s doubling up to 10 s) plus a random part of the other half; with a server hint, at least the hint plus
     * up to a quarter of it again.
     */
    static long delayMs(int attempt, long hintMs, double random) {
        long step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(attempt, 20));
        long backoff = step / 2 + Math.round(random * step / 2);
        return hintMs > 0 ? Math.max(backoff, hintMs + Math.round(random * hintMs / 4)) : backoff;
    }

    private void opened(int mine, Channel opened) {
        if (mine != generation || stopped) {
            opened.close();
            return;
        }
        channel = opened;
        if (lostAt != 0 && backAt == 0) {
            backAt = System.nanoTime();
        }
        run.handshakeDone();
        StringBuilder since = new StringBuilder("{\"type\":\"sync\",\"since\":{");
        for (int i = 0; i < rooms.size(); i++) {
            since.append(i == 0 ? "\"" : ",\"").append(rooms.get(i).text).append("\":").append(rooms.get(i).known);
        }
        opened.writeAndFlush(new TextWebSocketFrame(since.append("}}").toString()));
        run.loops.schedule(() -> {
            synchronized (this) {
                if (mine == generation && !synced && channel == opened) {
                    run.error("no synced within " + SYNC_TIMEOUT_MS / 1000 + " s");
                    opened.close();
                }
            }
        }, SYNC_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private void syncEnded(FrameScan frame) {
        if (!frame.hasMore().isEmpty()) {
            // Never expected at this scenario's rates (500 per room per sync): counted, then synced again from there.
            run.error("has_more after a sync");
            StringBuilder again = new StringBuilder("{\"type\":\"sync\",\"since\":{");
            for (int i = 0; i < frame.hasMore().size(); i++) {
                Room room = byText.get(frame.hasMore().get(i));
                again.append(i == 0 ? "\"" : ",\"").append(room.text).append("\":").append(room.known);
            }
            channel.writeAndFlush(new TextWebSocketFrame(again.append("}}").toString()));
            return;
        }
        synced = true;
        attempt = 0;
        if (lostAt != 0 && syncedAt == 0) {
            syncedAt = System.nanoTime();
        }
        run.syncedNow();
        for (Pending pending : outbox.values()) {
            channel.writeAndFlush(new TextWebSocketFrame(pending.frame));
        }
    }

    private void lost(int mine, Channel which, int code, String reason) {
        if (mine != generation || channel != which) {
            return;
        }
        channel = null;
        if (synced) {
            synced = false;
            lostAt = System.nanoTime();
            backAt = 0;
            syncedAt = 0;
            attemptsSinceLoss = 0;
            run.lostNow();
        }
        if (code == 1013) {
            hintMs = parseRetryAfterMs(reason);
            run.error("closed 1013 (try again later)");
        } else if (code > 0) {
            run.error("closed " + code);
        } else if (!stopped) {
            run.error("connection lost");
        }
        retryLater();
    }

    static long parseRetryAfterMs(String reason) {
        int at = reason == null ? -1 : reason.indexOf("retry_after_ms=");
        if (at < 0) {
            return 0;
        }
        String digits = reason.substring(at + "retry_after_ms=".length()).replaceAll("\\D.*", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private void refused(int mine, Throwable cause) {
        if (mine != generation) {
            return;
        }
        if (cause instanceof WebSocketClientHandshakeException e && e.response() != null) {
            int status = e.response().status().code();
            String retryAfter = e.response().headers().get("Retry-After");
            if (status == 503 && retryAfter != null) {
                hintMs = 1000 * Long.parseLong(retryAfter.trim());
                run.refusedNow();
            }
            run.error("handshake " + status);
        } else {
            run.error("handshake: " + kindOf(cause));
        }
    }

    private static String kindOf(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        return cause.getClass().getSimpleName() + (message.contains("Connection refused") ? " (refused)" : "");
    }

    // --- sending ---

    /** Queues a message to a room (its content starts with the intended time); sent now if the connection is synced. */
    synchronized void submit(Room room, long intendedNanos) {
        long id = ++nextId;
        String clientId = user.name() + "-" + id;
        String frame = ChatClient.write(new ClientFrame.Send(room.uuid, "t" + intendedNanos + "|" + run.filler,
                clientId));
        outbox.put(clientId, new Pending(room, clientId, frame));
        run.sent.increment();
        if (synced && channel != null) {
            channel.writeAndFlush(new TextWebSocketFrame(frame));
        }
    }

    synchronized int unanswered() {
        return outbox.size();
    }

    /** This user's room with that index (each client holds its own view of a room). */
    Room room(int index) {
        for (Room room : rooms) {
            if (room.index == index) {
                return room;
            }
        }
        throw new IllegalArgumentException(user.name() + " is not in room " + index);
    }

    /** Every acknowledged send of this user, in the order the acks came. */
    synchronized List<Acked> ackedSends() {
        return List.copyOf(acked);
    }

    /** How many of this user's sends to room {@code index} were acknowledged. */
    synchronized long ackedIn(int index) {
        return acked.stream().filter(a -> a.room() == index).count();
    }

    private void onFrame(FrameScan frame, long now) {
        switch (frame.type()) {
            case "ack" -> {
                Pending pending = outbox.remove(frame.clientId());
                Room room = byText.get(frame.roomUuid());
                Long before = ackedSeq.putIfAbsent(frame.clientId(), frame.seq());
                if (before == null) {
                    acked.add(new Acked(room.index, frame.seq(), Long.parseLong(
                            frame.clientId().substring(frame.clientId().lastIndexOf('-') + 1))));
                    run.acked(frame.intendedNanos(), now - frame.intendedNanos());
                } else if (before != frame.seq()) {
                    run.error("one client_id acknowledged with two seqs");
                }
                if (pending == null && before == null) {
                    run.error("ack of a send not in the outbox");
                }
                room.hold(frame.seq());
            }
            case "message" -> {
                Room room = byText.get(frame.roomUuid());
                if (room == null) {
                    run.error("message of a room not mine");
                    return;
                }
                if (!frame.event() && !frame.user().equals(user.name())) {
                    room.received.add(frame.seq());
                    run.delivered(frame.intendedNanos(), now - frame.intendedNanos());
                }
                room.hold(frame.seq());
            }
            case "synced" -> syncEnded(frame);
            case "error" -> {
                Pending pending = frame.clientId() == null ? null : outbox.get(frame.clientId());
                run.error("error " + frame.code());
                if (pending != null && !List.of("unavailable", "outcome_unknown", "rate_limited").contains(frame.code())) {
                    outbox.remove(frame.clientId()); // a refusal no retry can fix: counted, not resent
                } else if (pending != null) {
                    long wait = Math.max(frame.retryAfterMs(), 500);
                    int mine = generation;
                    run.loops.schedule(() -> {
                        synchronized (this) {
                            if (mine == generation && synced && outbox.containsKey(pending.clientId)) {
                                channel.writeAndFlush(new TextWebSocketFrame(pending.frame));
                            }
                        }
                    }, wait, TimeUnit.MILLISECONDS);
                }
            }
            default -> { } // receipts, ticks, presence, typing, pong: nothing to check here
        }
    }

    /** The Netty end of one connection attempt. */
    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final int mine;
        private int closeCode;
        private String closeReason;

        Handler(int mine) {
            this.mine = mine;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                closeCode = close.statusCode();
                closeReason = close.reasonText();
                ctx.close();
            } else if (frame instanceof TextWebSocketFrame text) {
                FrameScan scanned = FrameScan.of(text.text());
                long now = System.nanoTime();
                synchronized (StormClient.this) {
                    if (mine == generation) {
                        onFrame(scanned, now);
                    }
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                synchronized (StormClient.this) {
                    opened(mine, ctx.channel());
                }
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                run.error("handshake timeout");
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            synchronized (StormClient.this) {
                refused(mine, cause);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            synchronized (StormClient.this) {
                if (channel == ctx.channel()) {
                    lost(mine, ctx.channel(), closeCode, closeReason);
                } else if (mine == generation && !stopped) {
                    retryLater(); // it never opened: refused, timed out or failed during the handshake
                }
            }
        }
    }
}

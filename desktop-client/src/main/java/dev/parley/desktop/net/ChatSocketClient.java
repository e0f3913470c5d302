package dev.parley.desktop.net;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.RetryAfterException;
import org.glassfish.tyrus.core.HandshakeException;

/**
 * The client's WebSocket to {@code /ws} over the Tyrus client: Bearer header at the handshake, one frame per text
 * message, reconnect with {@link Backoff} (never sooner than a busy server asked: a 503's {@code Retry-After}, a 1013
 * close's {@code retry_after_ms}), a {@code ping} when quiet and a forced reconnect when the server stays silent.
 * Connects and writes on its own threads; callbacks arrive on network threads.
 */
public final class ChatSocketClient implements ChatConnection {

    private static final System.Logger LOG = System.getLogger(ChatSocketClient.class.getName());
    private static final Duration PING_EVERY = Duration.ofSeconds(20);
    private static final Duration SILENCE_LIMIT = Duration.ofSeconds(50);
    /** The close code of a connection whose sync the server could not take now; the reason carries the wait. */
    static final int TRY_AGAIN_LATER = 1013;
    private static final java.util.regex.Pattern RETRY_AFTER_MS = java.util.regex.Pattern.compile("retry_after_ms=(\\d+)");

    private final URI uri;
    private final String token;
    private final ClientManager client = ClientManager.createClient();
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("parley-socket").factory());
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("parley-socket-writer").factory());
    // A short cap: a server that cannot take a crowd of reconnections says how long to wait, and that wins.
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), new Random());
    // Written on the control thread; volatile so send() from any thread sees the current session.
    private volatile Session session;
    private volatile boolean closed;
    private volatile long lastReceived;
    private Listener listener;
    private ScheduledFuture<?> pendingAttempt;

    public ChatSocketClient(URI uri, String token) {
        this.uri = uri;
        this.token = token;
        client.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 10_000);
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        control.execute(this::connect);
        control.scheduleWithFixedDelay(this::keepAlive, PING_EVERY.toMillis(), PING_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean send(ClientFrame frame) {
        Session current = session;
        if (current == null || !current.isOpen()) {
            return false;
        }
        String text = Json.write(frame);
        writer.execute(() -> {
            try {
                current.getBasicRemote().sendText(text);
            } catch (IOException | RuntimeException e) {
                // The close callback follows and reconnects; unacknowledged sends stay in the outbox.
                LOG.log(Level.DEBUG, "send failed: {0}", e.toString());
            }
        });
        return true;
    }

    @Override
    public void reconnectNow() {
        control.execute(() -> {
            if (session == null && pendingAttempt != null && pendingAttempt.cancel(false)) {
                connect();
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        control.execute(() -> {
            Session current = session;
            session = null;
            if (current != null) {
                try {
                    current.close();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "close failed: {0}", e.toString());
                }
            }
            client.shutdown();
        });
        control.shutdown();
        writer.shutdown();
    }

    /** Runs on the control thread. */
    private void connect() {
        if (closed) {
            return;
        }
        pendingAttempt = null;
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("Authorization", List.of("Bearer " + token));
                    }
                })
                .build();
        try {
            lastReceived = System.nanoTime();
            Session opened = client.connectToServer(new SocketEndpoint(), config, uri);
            if (closed) {
                opened.close();
                return;
            }
            backoff.reset();
        } catch (Exception e) {
            if (isUnauthorized(e)) {
                closed = true;
                listener.onUnauthorized();
                return;
            }
            Duration asked = retryAfter(e);
            retry(asked.isZero() ? "Can't reach the server" : "The server is busy", asked);
        }
    }

    private void retry(String reason, Duration retryAfter) {
        if (closed) {
            return;
        }
        Duration delay = backoff.next(retryAfter);
        listener.onDisconnected(reason, delay);
        pendingAttempt = control.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The wait a refused handshake asked for: a 503's {@code Retry-After} (Tyrus reads it), else zero. */
    static Duration retryAfter(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetryAfterException r && r.getDelay() != null && r.getDelay() > 0) {
                return Duration.ofSeconds(r.getDelay());
            }
        }
        return Duration.ZERO;
    }

    /** The wait a 1013 close carries in its reason ("try again later: retry_after_ms=2750"), else zero. */
    static Duration retryAfter(CloseReason reason) {
        if (reason.getCloseCode().getCode() != TRY_AGAIN_LATER || reason.getReasonPhrase() == null) {
            return Duration.ZERO;
        }
        java.util.regex.Matcher found = RETRY_AFTER_MS.matcher(reason.getReasonPhrase());
        return found.find() ? Duration.ofMillis(Long.parseLong(found.group(1))) : Duration.ZERO;
    }

    private void keepAlive() {
        Session current = session;
        if (current == null || !current.isOpen()) {
            return;
        }
        if (System.nanoTime() - lastReceived > SILENCE_LIMIT.toNanos()) {
            // A dead peer or a half-open TCP connection: only a new connection tells.
            try {
                current.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server silent"));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "close failed: {0}", e.toString());
            }
            return;
        }
        send(new ClientFrame.Ping());
    }

    private static boolean isUnauthorized(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HandshakeException h && (h.getHttpStatusCode() == 401 || h.getHttpStatusCode() == 403)) {
                return true;
            }
            if (t.getClass().getName().endsWith("AuthenticationException")) {
                return true;
            }
        }
        return false;
    }

    /** One instance per connection attempt; Tyrus calls it on its own threads. */
    private final class SocketEndpoint extends Endpoint {

        @Override
        public void onOpen(Session opened, EndpointConfig config) {
            opened.setMaxIdleTimeout(0);
            opened.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
            session = opened;
            listener.onOpen();
        }

        private void onText(String text) {
            lastReceived = System.nanoTime();
            ServerFrame frame;
            try {
                frame = Json.mapper().readValue(text, ServerFrame.class);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "ignoring a frame this client does not understand: {0}", e.getMessage());
                return;
            }
            if (frame instanceof ServerFrame.Batch batch) {
                batch.frames().forEach(listener::onFrame); // frames that queued up together, in order
            } else {
                listener.onFrame(frame);
            }
        }

        @Override
        public void onClose(Session closedSession, CloseReason reason) {
            control.execute(() -> {
                if (session == closedSession) {
                    session = null;
                    Duration asked = retryAfter(reason);
                    retry(!asked.isZero() ? "The server is busy"
                            : reason.getCloseCode().getCode() == 1001 ? "Server restarting" : "Connection lost", asked);
                }
            });
        }

        @Override
        public void onError(Session failed, Throwable error) {
            LOG.log(Level.DEBUG, "socket error: {0}", error.toString());
        }
    }
}

package dev.parley.bench;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One simulated device: a JDK WebSocket on {@code /ws} that turns every text frame into a {@link ServerFrame} for
 * its handler. Frames of one connection reach the handler one at a time, in arrival order. Sending is for one
 * thread at a time (the JDK client allows one outstanding send per socket).
 */
final class ChatClient implements AutoCloseable {

    private static final ObjectReader READER = Json.mapper().readerFor(ServerFrame.class);
    private static final ObjectWriter WRITER = Json.mapper().writerFor(ClientFrame.class);

    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile ServerFrame.Synced firstSynced;
    private final Consumer<ServerFrame> handler;
    private volatile WebSocket socket;
    private volatile String closeReason;

    private ChatClient(Consumer<ServerFrame> handler) {
        this.handler = handler;
    }

    /**
     * Connects with the bearer token, sends the {@code sync} every connection starts with (the server holds message
     * frames until the first frame) and waits for {@code synced}.
     */
    static ChatClient connect(HttpClient http, URI ws, String token, Consumer<ServerFrame> handler, Duration timeout) {
        ChatClient client = open(http, ws, token, handler, timeout);
        try {
            client.sync(Map.of(), timeout);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Only the handshake: the caller sends the first frame (a returning client: its {@code sync}). */
    static ChatClient open(HttpClient http, URI ws, String token, Consumer<ServerFrame> handler, Duration timeout) {
        ChatClient client = new ChatClient(handler);
        try {
            client.socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(timeout)
                    .buildAsync(ws, client.new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException e) {
            throw new IllegalStateException("WebSocket handshake failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("WebSocket handshake took longer than " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends {@code sync} with the last seq this client has of each room and returns the {@code synced} that ends the
     * replay: every replayed message has reached the handler by then. Once per connection.
     */
    ServerFrame.Synced sync(Map<UUID, Long> since, Duration timeout) {
        send(new ClientFrame.Sync(since));
        try {
            if (!synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no synced within " + timeout
                        + (closeReason == null ? "" : " (closed: " + closeReason + ")"));
            }
            return firstSynced;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends one frame and waits until the JDK client has written it. */
    void send(ClientFrame frame) {
        sendText(write(frame));
    }

    /** Sends an already serialised frame and waits until it is written. */
    void sendText(String text) {
        try {
            socket.sendText(text, true).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("send blocked for 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String write(ClientFrame frame) {
        try {
            return WRITER.writeValueAsString(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the server closed this connection, or null while it is open. */
    String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).thenRun(ws::abort);
        }
    }

    /** Assembles fragmented text frames; the JDK calls it sequentially for one socket. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                ServerFrame frame;
                try {
                    frame = READER.readValue(text);
                } catch (IOException e) {
                    throw new UncheckedIOException("unreadable frame: " + text, e);
                }
                if (frame instanceof ServerFrame.Synced s && firstSynced == null) {
                    firstSynced = s;
                    synced.countDown();
                }
                handler.accept(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = statusCode + " " + reason;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason = "error: " + error;
        }
    }
}

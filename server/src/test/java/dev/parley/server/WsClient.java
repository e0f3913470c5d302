package dev.parley.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests (the JDK's), collecting every server frame for bounded-wait assertions.
 * An await takes the oldest matching frame and leaves the others, so interleaved frame types never get lost.
 */
public final class WsClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    /** Frames not yet taken by an await, in arrival order; guarded by {@code lock}. */
    private final LinkedList<JsonNode> frames = new LinkedList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri, String... headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        this.socket = builder.buildAsync(uri, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Connects with a bearer token to the shared test node and, like every real client, syncs first. */
    public static WsClient connect(Api.User user) {
        return connect(TestServer.ws(), user);
    }

    /** Connects with a bearer token and completes an empty sync, so live frames flow from here on. */
    public static WsClient connect(URI uri, Api.User user) {
        WsClient client = connectRaw(uri, user);
        client.send("{\"type\":\"sync\",\"since\":{}}");
        client.await("synced");
        return client;
    }

    /** Connects with a bearer token and sends nothing. */
    public static WsClient connectRaw(URI uri, Api.User user) {
        return new WsClient(uri, "Authorization", "Bearer " + user.token());
    }

    /** Connects with arbitrary handshake headers (name, value, name, value...). */
    public static WsClient connectWithHeaders(URI uri, String... headers) {
        return new WsClient(uri, headers);
    }

    public void send(Object frame) {
        sendText(frame instanceof String s ? s : Json.write(frame));
    }

    public void sendText(String text) {
        socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public WebSocket socket() {
        return socket;
    }

    /** Takes the oldest frame of this type; frames of other types stay for later awaits. */
    public JsonNode await(String type) {
        return await(frame -> type.equals(frame.path("type").asText()), type);
    }

    /** Takes the oldest frame matching the predicate within the bounded wait; others stay, in order. */
    public JsonNode await(Predicate<JsonNode> matching, String description) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Iterator<JsonNode> it = frames.iterator(); it.hasNext(); ) {
                    JsonNode frame = it.next();
                    if (matching.test(frame)) {
                        it.remove();
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + description + " frame within " + WAIT + "; pending " + frames);
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    /** Takes every pending frame plus those arriving within {@code window}: for asserting that something does not come. */
    public List<JsonNode> drain(Duration window) {
        long deadline = System.nanoTime() + window.toNanos();
        lock.lock();
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                arrived.awaitNanos(left);
            }
            List<JsonNode> result = new ArrayList<>(frames);
            frames.clear();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private void arrive(JsonNode frame) {
        lock.lock();
        try {
            frames.add(frame);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The close code the server sent, within the bounded wait. */
    public int awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Round-trips a ping: every frame the server queued before the pong has arrived when this returns. */
    public void roundTrip() {
        send("{\"type\":\"ping\"}");
        await("pong");
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    arrive(Json.mapper().readTree(partial.toString()));
                } catch (Exception e) {
                    arrive(Json.mapper().createObjectNode().put("type", "unparseable").put("text", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}

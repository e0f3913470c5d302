package dev.parley.desktop.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The other participant of a UI test, driven over the real protocol with the JDK's HTTP and WebSocket clients:
 * registers, opens rooms, posts, and on its socket sends frames and awaits the ones it expects (bounded waits).
 */
public final class Peer implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicLong COUNTER = new AtomicLong(System.nanoTime() % 100_000);

    private final HttpClient http = HttpClient.newHttpClient();
    private URI base;
    private final String username;
    private final String password;
    private final String token;
    private final List<JsonNode> frames = new ArrayList<>();
    private WebSocket socket;

    private Peer(URI base, String username, String password, String token) {
        this.base = base;
        this.username = username;
        this.password = password;
        this.token = token;
    }

    /** Registers a new user named {@code prefix} plus a unique number. */
    public static Peer register(URI base, String prefix) {
        String name = prefix + COUNTER.incrementAndGet();
        String password = "password-" + name;
        Peer anonymous = new Peer(base, name, password, null);
        JsonNode auth = anonymous.call("POST", "/api/auth/register", Map.of("username", name, "password", password));
        return new Peer(base, name, password, auth.get("token").asText());
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String token() {
        return token;
    }

    /** Talks to another node from now on (after a restart on a new address). */
    public void useServer(URI newBase) {
        this.base = newBase;
    }

    /** Gets or creates the 1:1 room with {@code other}. */
    public UUID roomWith(Peer other) {
        return UUID.fromString(call("POST", "/api/rooms/", Map.of("user", other.username)).get("room_uuid").asText());
    }

    /** Posts a message over REST; returns its seq. */
    public long post(UUID room, String content) {
        return call("POST", "/api/messages/", Map.of("room", room.toString(), "content", content,
                "client_id", "p-" + UUID.randomUUID())).get("seq").asLong();
    }

    /** Posts many messages (the test node's send limit is raised for this). */
    public void postMany(UUID room, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            post(room, prefix + " " + i);
        }
    }

    public JsonNode history(UUID room) {
        return call("GET", "/api/messages/?room_uuid=" + room + "&limit=200", null);
    }

    /** Opens the WebSocket and completes an empty sync, so live frames flow from here on. */
    public Peer connect(URI ws) {
        socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(ws, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        send(Map.of("type", "sync", "since", Map.of()));
        await(f -> type(f).equals("synced"), "synced");
        return this;
    }

    public void send(Map<String, ?> frame) {
        socket.sendText(Json.write(frame), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Takes the oldest frame matching; frames that do not match stay for later awaits. */
    public JsonNode await(Predicate<JsonNode> matches, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (frames) {
            while (true) {
                for (Iterator<JsonNode> it = frames.iterator(); it.hasNext(); ) {
                    JsonNode frame = it.next();
                    if (matches.test(frame)) {
                        it.remove();
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(username + " did not receive " + what + " within " + WAIT
                            + "; frames: " + frames);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(frames, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    public static String type(JsonNode frame) {
        return frame.path("type").asText();
    }

    private JsonNode call(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode frame = Json.mapper().readTree(partial.toString());
                    synchronized (frames) {
                        frames.add(frame);
                        frames.notifyAll();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}

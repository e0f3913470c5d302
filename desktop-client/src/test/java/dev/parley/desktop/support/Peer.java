package dev.parley.desktop.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.WsClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The other participant of a UI test, driven over the real protocol with the server tests' own clients ({@link Api}
 * for REST, {@link WsClient} for the WebSocket): registers, opens rooms, posts, and on its socket sends frames and
 * awaits the ones it expects (bounded waits). Names stay short and readable: they show in screenshots.
 */
public final class Peer implements AutoCloseable {

    private static final AtomicLong COUNTER = new AtomicLong(System.nanoTime() % 100_000);

    private Api api;
    private final Api.User user;
    private final String password;
    private WsClient socket;

    private Peer(Api api, Api.User user, String password) {
        this.api = api;
        this.user = user;
        this.password = password;
    }

    /** Registers a new user named {@code prefix} plus a unique number. */
    public static Peer register(URI base, String prefix) {
        String name = prefix + COUNTER.incrementAndGet();
        String password = "password-" + name;
        Api api = new Api(base);
        JsonNode auth = ok(api.post("/api/auth/register", null, Map.of("username", name, "password", password)));
        return new Peer(api, new Api.User(name, auth.get("token").asText()), password);
    }

    public String username() {
        return user.username();
    }

    public String password() {
        return password;
    }

    public String token() {
        return user.token();
    }

    /** Talks to another node from now on (after a restart on a new address). */
    public void useServer(URI newBase) {
        this.api = new Api(newBase);
    }

    /** Gets or creates the 1:1 room with {@code other}. */
    public UUID roomWith(Peer other) {
        return api.room(user, other.user);
    }

    /** Creates a group owned by this peer with {@code members} in it; returns its room. */
    public UUID createGroup(String name, Peer... members) {
        return api.group(user, name, Arrays.stream(members).map(p -> p.user).toArray(Api.User[]::new));
    }

    /** Adds people to a group (this peer being an admin or its owner). */
    public void addToGroup(UUID room, Peer... people) {
        ok(api.post("/api/rooms/" + room + "/members/", token(),
                Map.of("users", Arrays.stream(people).map(Peer::username).toList())));
    }

    /** Removes {@code member} from a group (this peer being an admin or its owner). */
    public void removeFromGroup(UUID room, Peer member) {
        Api.Response response = api.delete("/api/rooms/" + room + "/members/" + member.username() + "/", token());
        if (response.status() != 204) {
            throw new AssertionError("answered " + response.status() + ": " + response.body());
        }
    }

    /** Changes this user's own settings of a chat, as another of their devices would. */
    public JsonNode chatSettings(UUID room, Map<String, ?> changes) {
        return ok(api.patch("/api/rooms/" + room + "/settings/", token(), changes));
    }

    /** This user's rooms as the server lists them. */
    public JsonNode rooms() {
        return ok(api.get("/api/rooms/", token()));
    }

    /** A GET of the API as this peer; the answer's JSON. */
    public JsonNode get(String path) {
        return ok(api.get(path, token()));
    }

    /** Sets this peer's display name and About ({@code PATCH /api/me}). */
    public void setProfile(String displayName, String about) {
        ok(api.patch("/api/me", token(), Map.of("display_name", displayName, "about", about)));
    }

    public void renameGroup(UUID room, String name) {
        ok(api.patch("/api/rooms/" + room + "/", token(), Map.of("name", name)));
    }

    /** Posts a message over REST; returns its seq. */
    public long post(UUID room, String content) {
        return ok(api.post("/api/messages/", token(), Map.of("room", room.toString(), "content", content,
                "client_id", "p-" + UUID.randomUUID()))).get("seq").asLong();
    }

    /**
     * A message action on this peer's socket ({@code type} "edit", "delete" or "react" with its fields); returns once
     * the server acknowledged it.
     */
    public JsonNode act(String type, UUID room, long seq, Map<String, ?> fields) {
        String clientId = "p-" + UUID.randomUUID();
        Map<String, Object> frame = new HashMap<>(fields);
        frame.putAll(Map.of("type", type, "room_uuid", room.toString(), "seq", seq, "client_id", clientId));
        send(frame);
        return await(f -> type(f).equals("ack") && f.get("client_id").asText().equals(clientId), type + " ack");
    }

    /** Uploads {@code bytes} as the file {@code name} to {@code room} over REST; returns its attachment_uuid. */
    public UUID upload(UUID room, String name, byte[] bytes) {
        JsonNode answer = ok(api.send(api.request("/api/attachments/?room_uuid=" + room, token())
                .header("X-Filename", name).header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes))));
        return UUID.fromString(answer.get("attachment_uuid").asText());
    }

    /** Posts a message carrying {@code attachments} (this peer's uploads) with {@code caption}; returns its seq. */
    public long postAttachments(UUID room, String caption, UUID... attachments) {
        return ok(api.post("/api/messages/", token(), Map.of("room", room.toString(), "content", caption,
                "client_id", "p-" + UUID.randomUUID(),
                "attachments", Arrays.stream(attachments).map(UUID::toString).toList()))).get("seq").asLong();
    }

    /** Posts many messages (the test node's send limit is raised for this). */
    public void postMany(UUID room, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            post(room, prefix + " " + i);
        }
    }

    /** Blocks {@code other} over REST. */
    public void block(Peer other) {
        ok(api.post("/api/users/" + other.username() + "/block", token(), ""));
    }

    /** Unblocks {@code other} over REST. */
    public void unblock(Peer other) {
        ok(api.delete("/api/users/" + other.username() + "/block", token()));
    }

    /** Waits (bounded) until this peer's search for {@code q} finds at least {@code count} messages: indexed. */
    public void awaitSearchable(String q, int count) {
        String path = "/api/search/?limit=50&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ok(api.get(path, token())).get("results").size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + count + " results for " + q);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the index follows every 50 ms on test nodes
        }
    }

    public JsonNode history(UUID room) {
        return ok(api.get("/api/messages/?room_uuid=" + room + "&limit=200", token()));
    }

    /** Opens the WebSocket and completes an empty sync, so live frames flow from here on. */
    public Peer connect(URI ws) {
        socket = WsClient.connect(ws, user);
        return this;
    }

    /**
     * Reads {@code room} up to {@code seq} on a device of this peer's own (a socket to {@code ws}), and returns once
     * {@code sender}, also connected there, has the read receipt: the watermark is stored.
     */
    public void readOnAnotherDevice(URI ws, UUID room, long seq, Peer sender) {
        sender.connect(ws);
        connect(ws);
        send(Map.of("type", "read", "room_uuid", room, "seq", seq));
        sender.await(f -> type(f).equals("receipt") && f.get("kind").asText().equals("read")
                && f.get("user").asText().equals(username()) && f.get("seq").asLong() == seq,
                username() + "'s read receipt");
    }

    public void send(Map<String, ?> frame) {
        socket.send(frame);
    }

    /** Takes the oldest frame matching; frames that do not match stay for later awaits. */
    public JsonNode await(Predicate<JsonNode> matches, String what) {
        return socket.await(matches, username() + " receiving " + what);
    }

    public static String type(JsonNode frame) {
        return frame.path("type").asText();
    }

    private static JsonNode ok(Api.Response response) {
        if (response.status() >= 300) {
            throw new AssertionError("answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}

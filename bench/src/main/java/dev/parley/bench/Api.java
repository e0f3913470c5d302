package dev.parley.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.protocol.AuthRequest;
import dev.parley.protocol.AuthResponse;
import dev.parley.protocol.CreateRoomRequest;
import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.SendMessageRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The REST calls the bench needs, over {@code java.net.http}, with the protocol module's records as bodies. */
final class Api {

    private static final TypeReference<List<MessageView>> MESSAGES = new TypeReference<>() {
    };
    private static final TypeReference<List<RoomView>> ROOMS = new TypeReference<>() {
    };
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final URI base;

    Api(HttpClient client, URI base) {
        this.client = client;
        this.base = base;
    }

    HttpClient client() {
        return client;
    }

    /** A registered user and their bearer token. */
    record User(String name, String token) {
    }

    /**
     * Registers a user; a sign-up the node may have stored without hearing so ({@code outcome_unknown}) is followed by
     * a sign-in with the same password, which tells (and registering again if that fails is then safe).
     */
    User register(String username, String password) {
        HttpResponse<String> response = send(post("/api/auth/register", null, new AuthRequest(username, password)));
        if (response.statusCode() == 503 && response.body().contains("\"outcome_unknown\"")) {
            HttpResponse<String> signedIn = send(post("/api/auth/login", null, new AuthRequest(username, password)));
            response = signedIn.statusCode() == 200 ? signedIn
                    : send(post("/api/auth/register", null, new AuthRequest(username, password)));
        }
        expect(response, 200, 201);
        AuthResponse auth = read(response.body(), AuthResponse.class);
        return new User(auth.user().username(), auth.token());
    }

    /** Signs an existing user in (the preloaded database's users). */
    User login(String username, String password) {
        AuthResponse response = call(post("/api/auth/login", null, new AuthRequest(username, password)),
                200, AuthResponse.class);
        return new User(response.user().username(), response.token());
    }

    /** A sign-up whose answer is only counted (the flood scenario): the status, or -1 when no answer came. */
    int tryRegister(String username, String password) {
        try {
            return send(post("/api/auth/register", null, new AuthRequest(username, password))).statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    RoomView createRoom(User caller, String other) {
        HttpResponse<String> response = send(post("/api/rooms/", caller, new CreateRoomRequest(other)));
        expect(response, 200, 201);
        return read(response.body(), RoomView.class);
    }

    /** The caller's rooms, as {@code GET /api/rooms/} lists them. */
    List<RoomView> rooms(User caller) {
        HttpResponse<String> response = send(get("/api/rooms/", caller));
        expect(response, 200);
        try {
            return Json.mapper().readValue(response.body(), ROOMS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one message over REST; returns it as stored. */
    MessageView sendMessage(User caller, UUID room, String content, String clientId) {
        HttpResponse<String> response = send(post("/api/messages/", caller,
                new SendMessageRequest(room.toString(), content, null, clientId)));
        expect(response, 200, 201);
        return read(response.body(), MessageView.class);
    }

    /** A new group of {@code caller} (its owner) with these members. */
    RoomView createGroup(User caller, String name, List<String> members) {
        HttpResponse<String> response = send(post("/api/rooms/", caller, new CreateRoomRequest(null, name, members)));
        expect(response, 201);
        return read(response.body(), RoomView.class);
    }

    /** One page of history: {@code before} and {@code after} are exclusive seq cursors (null = none: the newest page). */
    List<MessageView> messages(User caller, UUID room, Long before, Long after, int limit) {
        StringBuilder path = new StringBuilder("/api/messages/?room_uuid=").append(room).append("&limit=").append(limit);
        if (before != null) {
            path.append("&before=").append(before);
        }
        if (after != null) {
            path.append("&after=").append(after);
        }
        HttpResponse<String> response = send(get(path.toString(), caller));
        expect(response, 200);
        return readList(response.body());
    }

    /** Every message of a room in ascending seq, paged forward with {@code after}. */
    List<MessageView> allMessages(User caller, UUID room) {
        List<MessageView> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<MessageView> page = messages(caller, room, null, after, 200);
            all.addAll(page);
            if (page.size() < 200) {
                return all;
            }
            after = page.getLast().seq();
        }
    }

    HttpRequest get(String path, User caller) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET();
        if (caller != null) {
            builder.header("Authorization", "Bearer " + caller.token());
        }
        return builder.build();
    }

    private HttpRequest post(String path, User caller, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (caller != null) {
            builder.header("Authorization", "Bearer " + caller.token());
        }
        return builder.build();
    }

    /**
     * Sends, and sends again (up to five times, after the server's Retry-After or a second) what the server answered
     * 503 {@code unavailable}, which says nothing was changed, so any request may be retried (a database connection of
     * the node broke under a profiler while a run set up its users). A write cut off after it was sent is answered
     * {@code outcome_unknown} instead and is not repeated here: {@link #register} signs in to find out.
     */
    HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            for (int retry = 1; retry < 5 && response.statusCode() == 503
                    && response.body().contains("\"unavailable\""); retry++) {
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(java.time.Duration.ofSeconds(Math.clamp(seconds, 1, 10)));
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private <T> T call(HttpRequest request, int status, Class<T> type) {
        HttpResponse<String> response = send(request);
        expect(response, status);
        return read(response.body(), type);
    }

    private static void expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                + " answered " + response.statusCode() + ": " + response.body());
    }

    private static <T> T read(String body, Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many messages a page holds and the seq of its first (oldest) one, 0 when empty. */
    record PageSummary(int count, long firstSeq) {
    }

    /**
     * Reads a page of messages as a token stream, keeping only its size and first seq: the history readers share
     * the cores with the server, and binding every message (UUIDs, timestamps) would cost them as much as the
     * server spends writing it. The whole body is still parsed, so malformed JSON fails.
     */
    static PageSummary summarise(String body) {
        try (JsonParser parser = Json.mapper().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalStateException("expected a JSON array of messages: " + body);
            }
            int count = 0;
            long firstSeq = 0;
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (depth == 0) {
                            count++;
                        }
                        depth++;
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        if (depth == 1 && count == 1 && "seq".equals(parser.currentName())) {
                            parser.nextToken();
                            firstSeq = parser.getLongValue();
                        }
                    }
                    default -> { }
                }
            }
            return new PageSummary(count, firstSeq);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<MessageView> readList(String body) {
        try {
            return Json.mapper().readValue(body, MESSAGES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

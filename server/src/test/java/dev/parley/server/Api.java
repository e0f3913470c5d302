package dev.parley.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A small REST client for tests: real HTTP against a running node, JSON answers as trees. */
public final class Api {

    /** A status, the raw body, the parsed body (null when not JSON) and the headers. */
    public record Response(int status, String body, JsonNode json, java.net.http.HttpHeaders headers) {
    }

    /** A signed-in user. */
    public record User(String username, String token) {
    }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public Api(URI base) {
        this.base = base;
    }

    /** The API of the shared test node. */
    public static Api shared() {
        return new Api(TestServer.http());
    }

    /** A username no other test uses. */
    public static String uniqueName(String prefix) {
        String name = prefix + "_" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 6);
        return name.length() <= 32 ? name : name.substring(name.length() - 32);
    }

    /** Registers a fresh user with a unique name starting with {@code prefix}. */
    public User register(String prefix) {
        String name = uniqueName(prefix);
        Response response = post("/api/auth/register", null, Map.of("username", name, "password", "password-" + name));
        if (response.status() != 201) {
            throw new IllegalStateException("register failed: " + response.status() + " " + response.body());
        }
        return new User(name, response.json().get("token").asText());
    }

    /** Opens (or gets) the 1:1 room of two users and returns its uuid. */
    public UUID room(User a, User b) {
        Response response = post("/api/rooms/", a.token(), Map.of("user", b.username()));
        if (response.status() != 201 && response.status() != 200) {
            throw new IllegalStateException("room failed: " + response.status() + " " + response.body());
        }
        return UUID.fromString(response.json().get("room_uuid").asText());
    }

    /** A new group owned by {@code owner} with these members; its uuid. */
    public UUID group(User owner, String name, User... members) {
        Response response = post("/api/rooms/", owner.token(), java.util.Map.of("name", name,
                "members", java.util.Arrays.stream(members).map(User::username).toList()));
        if (response.status() != 201) {
            throw new IllegalStateException("group failed: " + response.status() + " " + response.body());
        }
        return UUID.fromString(response.json().get("room_uuid").asText());
    }

    public Response patch(String path, String token, Object body) {
        return send(request(path, token).method("PATCH", HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json"));
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    public Response put(String path, String token, Object body) {
        return send(request(path, token).PUT(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json"));
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Response post(String path, String token, Object body) {
        return postRaw(path, token, body instanceof String s ? s : Json.write(body));
    }

    public Response postRaw(String path, String token, String body) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    public Response postBytes(String path, String token, byte[] body) {
        return send(request(path, token).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = Json.mapper().readTree(response.body());
            }
            return new Response(response.statusCode(), response.body(), json, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }
}

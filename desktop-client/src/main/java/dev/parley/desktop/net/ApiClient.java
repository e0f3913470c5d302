package dev.parley.desktop.net;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import dev.parley.protocol.AddMembersRequest;
import dev.parley.protocol.AuthRequest;
import dev.parley.protocol.AuthResponse;
import dev.parley.protocol.BlockedUserView;
import dev.parley.protocol.CreateRoomRequest;
import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.Json;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ProfileRequest;
import dev.parley.protocol.RoleRequest;
import dev.parley.protocol.RoomUpdateRequest;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.SearchPage;
import dev.parley.protocol.SessionView;
import dev.parley.protocol.SettingsView;
import dev.parley.protocol.UploadedAttachment;
import dev.parley.protocol.UserView;
import java.io.InputStream;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The Parley REST API over {@code java.net.http}: every call is asynchronous and never blocks its caller.
 * Thread-safe; the bearer token is set once a session exists.
 */
public final class ApiClient implements ChatApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * What this client says it is, so the list of signed-in devices can call it "Parley desktop" (Java's default,
     * "Java-http-client/25", says nothing about the app).
     */
    static final String USER_AGENT = "Parley-Desktop/" + version() + " (" + System.getProperty("os.name") + "; Java "
            + Runtime.version().feature() + ")";

    private final URI base;
    private final HttpClient http;
    private volatile String token;

    public ApiClient(URI base, String token) {
        this.base = normalise(base);
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String version() {
        String version = ApiClient.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** {@code http://host:port} with no trailing slash. */
    public static URI normalise(URI uri) {
        String s = uri.toString().strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    public URI base() {
        return base;
    }

    /** The WebSocket endpoint of this server: {@code ws(s)://host:port/ws}. */
    public URI webSocketUri() {
        String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
        // batch=1: frames that queue up for this client together come as one batch frame (ChatSocketClient unpacks it).
        return URI.create(scheme + base.toString().substring(base.getScheme().length()) + "/ws?batch=1");
    }

    public void token(String token) {
        this.token = token;
    }

    @Override
    public CompletableFuture<AuthResponse> login(String username, String password) {
        return post("/api/auth/login", new AuthRequest(username, password), type(AuthResponse.class));
    }

    @Override
    public CompletableFuture<AuthResponse> register(String username, String password) {
        return post("/api/auth/register", new AuthRequest(username, password), type(AuthResponse.class));
    }

    @Override
    public CompletableFuture<Void> logout() {
        return this.<Void>send(request("/api/auth/logout").POST(HttpRequest.BodyPublishers.noBody()), null);
    }

    @Override
    public CompletableFuture<UserView> me() {
        return get("/api/me", type(UserView.class));
    }

    @Override
    public CompletableFuture<UserView> updateProfile(String displayName, String about) {
        return send(json("/api/me", "PATCH", new ProfileRequest(displayName, about)), type(UserView.class));
    }

    @Override
    public CompletableFuture<List<SessionView>> sessions() {
        return get("/api/sessions/", new TypeReference<>() { });
    }

    @Override
    public CompletableFuture<Void> endSession(UUID id) {
        return this.<Void>send(request("/api/sessions/" + id).DELETE(), null);
    }

    @Override
    public CompletableFuture<Void> endAllSessions() {
        return this.<Void>send(request("/api/sessions/").DELETE(), null);
    }

    @Override
    public CompletableFuture<SettingsView> settings() {
        return get("/api/me/settings/", type(SettingsView.class));
    }

    @Override
    public CompletableFuture<SettingsView> updateSettings(SettingsView settings) {
        return send(json("/api/me/settings/", "PATCH", settings), type(SettingsView.class));
    }

    @Override
    public CompletableFuture<List<UserView>> users(String prefix) {
        return get("/api/users/?q=" + encode(prefix), new TypeReference<List<UserView>>() { });
    }

    @Override
    public CompletableFuture<List<RoomView>> rooms() {
        return get("/api/rooms/", new TypeReference<List<RoomView>>() { });
    }

    @Override
    public CompletableFuture<RoomView> openRoom(String username) {
        return post("/api/rooms/", new CreateRoomRequest(username), type(RoomView.class));
    }

    @Override
    public CompletableFuture<RoomView> room(UUID room) {
        return get(roomPath(room), type(RoomView.class));
    }

    @Override
    public CompletableFuture<RoomView> createGroup(String name, List<String> members) {
        return post("/api/rooms/", new CreateRoomRequest(null, name, members), type(RoomView.class));
    }

    @Override
    public CompletableFuture<RoomView> renameGroup(UUID room, String name) {
        return send(json(roomPath(room), "PATCH", new RoomUpdateRequest(name)), type(RoomView.class));
    }

    @Override
    public CompletableFuture<RoomView> chatSettings(UUID room, java.util.Map<String, Object> changes) {
        // A map, not a record: "muted_until": null (unmute) must be sent, and fields left out must not.
        return send(json(roomPath(room) + "settings/", "PATCH", changes), type(RoomView.class));
    }

    @Override
    public CompletableFuture<RoomView> addMembers(UUID room, List<String> usernames) {
        return post(roomPath(room) + "members/", new AddMembersRequest(usernames), type(RoomView.class));
    }

    @Override
    public CompletableFuture<Void> removeMember(UUID room, String username) {
        return this.<Void>send(request(memberPath(room, username)).DELETE(), null);
    }

    @Override
    public CompletableFuture<RoomView> changeRole(UUID room, String username, String role) {
        return send(json(memberPath(room, username), "PATCH", new RoleRequest(role)), type(RoomView.class));
    }

    private static String roomPath(UUID room) {
        return "/api/rooms/" + room + "/";
    }

    private static String memberPath(UUID room, String username) {
        return roomPath(room) + "members/" + encode(username).replace("+", "%20") + "/";
    }

    @Override
    public CompletableFuture<List<BlockedUserView>> blockedUsers() {
        return get("/api/users/blocked/", new TypeReference<List<BlockedUserView>>() { });
    }

    @Override
    public CompletableFuture<Void> block(String username) {
        return this.<Void>send(request(blockPath(username)).POST(HttpRequest.BodyPublishers.noBody()), null);
    }

    @Override
    public CompletableFuture<Void> unblock(String username) {
        return this.<Void>send(request(blockPath(username)).DELETE(), null);
    }

    private static String blockPath(String username) {
        return "/api/users/" + encode(username).replace("+", "%20") + "/block";
    }

    @Override
    public CompletableFuture<List<MessageView>> messagesBefore(UUID room, Long beforeSeq, int limit) {
        String cursor = beforeSeq == null ? "" : "&before=" + beforeSeq;
        return get("/api/messages/?room_uuid=" + room + cursor + "&limit=" + limit,
                new TypeReference<List<MessageView>>() { });
    }

    @Override
    public CompletableFuture<List<MessageView>> messagesAfter(UUID room, long afterSeq, int limit) {
        return get("/api/messages/?room_uuid=" + room + "&after=" + afterSeq + "&limit=" + limit,
                new TypeReference<List<MessageView>>() { });
    }

    @Override
    public CompletableFuture<SearchPage> search(String query, UUID room, String before, int limit) {
        String path = "/api/search/?q=" + encode(query) + (room == null ? "" : "&room_uuid=" + room)
                + (before == null ? "" : "&before=" + encode(before)) + "&limit=" + limit;
        return get(path, type(SearchPage.class));
    }

    @Override
    public CompletableFuture<LimitsView> limits() {
        return get("/api/limits/", type(LimitsView.class));
    }

    @Override
    public CompletableFuture<UploadedAttachment> upload(UUID room, Path file, LongConsumer sent) {
        HttpRequest.BodyPublisher body;
        try {
            body = new CountingPublisher(HttpRequest.BodyPublishers.ofFile(file), sent);
        } catch (FileNotFoundException e) {
            return CompletableFuture.failedFuture(
                    new ApiException(0, "unreadable", "Can't read " + file.getFileName()));
        }
        String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8).replace("+", "%20");
        // No overall timeout: a large file on a slow line takes as long as it takes (the user can cancel).
        HttpRequest.Builder request = request("/api/attachments/?room_uuid=" + room)
                .timeout(Duration.ofHours(1)).header("X-Filename", name)
                .header("Content-Type", "application/octet-stream").POST(body);
        var raw = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        return cancellable(raw, raw.handle((response, failure) -> {
            if (failure != null) {
                throw new ApiException("Can't reach the server at " + base, failure);
            }
            return read(response, type(UploadedAttachment.class));
        }));
    }

    /** {@code result}, whose cancelling aborts the exchange {@code raw} (the HTTP client cancels on request). */
    private static <T> CompletableFuture<T> cancellable(CompletableFuture<?> raw, CompletableFuture<T> result) {
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                raw.cancel(true);
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<byte[]> fetch(String url) {
        return http.sendAsync(request(url).setHeader("Accept", "*/*").GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new ApiException("Can't reach the server at " + base, failure);
                    }
                    if (response.statusCode() >= 400) {
                        throw new ApiException(response.statusCode(), "download_failed",
                                "Download failed (HTTP " + response.statusCode() + ")");
                    }
                    return response.body();
                });
    }

    @Override
    public CompletableFuture<Path> download(String url, Path target, LongConsumer received) {
        HttpRequest request = request(url).timeout(Duration.ofHours(1)).setHeader("Accept", "*/*").GET().build();
        var raw = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        List<CompletableFuture<Path>> result = new java.util.ArrayList<>(1); // the copy stops once it is cancelled
        result.add(cancellable(raw, raw.handle((response, failure) -> {
                    if (failure != null) {
                        throw new ApiException("Can't reach the server at " + base, failure);
                    }
                    if (response.statusCode() >= 400) {
                        throw new ApiException(response.statusCode(), "download_failed",
                                "Download failed (HTTP " + response.statusCode() + ")");
                    }
                    return copy(response.body(), target, received,
                            () -> !result.isEmpty() && result.getFirst().isDone());
                })));
        return result.getFirst();
    }

    /** Streams {@code in} to a temporary file beside {@code target}, then moves it into place (runs off the FX thread). */
    private static Path copy(InputStream in, Path target, LongConsumer received,
                             java.util.function.BooleanSupplier cancelled) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = null;
        try (in) {
            // Not Files.createTempFile: its owner-only permissions would stay on the saved file, which should get
            // the ones any new file of the user gets (their umask), as a browser's download does.
            temp = dir.resolve(".parley-" + java.util.UUID.randomUUID() + ".part");
            try (var out = Files.newOutputStream(temp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (cancelled.getAsBoolean()) {
                        throw new IOException("cancelled");
                    }
                    out.write(buffer, 0, n);
                    total += n;
                    received.accept(total);
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            try {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            } catch (IOException ignored) {
                // best effort: the partial file is all that is left behind
            }
            throw new ApiException(0, "save_failed", "Can't save " + target.getFileName() + ": " + e.getMessage());
        }
    }

    private <T> CompletableFuture<T> get(String path, TypeReference<T> type) {
        return send(request(path).GET(), type);
    }

    private <T> CompletableFuture<T> post(String path, Object body, TypeReference<T> type) {
        return send(json(path, "POST", body), type);
    }

    private HttpRequest.Builder json(String path, String method, Object body) {
        return request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").header("User-Agent", USER_AGENT);
        String t = token;
        if (t != null) {
            builder.header("Authorization", "Bearer " + t);
        }
        return builder;
    }

    private <T> CompletableFuture<T> send(HttpRequest.Builder request, TypeReference<T> type) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new ApiException("Can't reach the server at " + base, failure);
                    }
                    return read(response, type);
                });
    }

    private static <T> T read(HttpResponse<String> response, TypeReference<T> type) {
        try {
            if (response.statusCode() >= 400) {
                ErrorBody error = Json.mapper().readValue(response.body(), ErrorBody.class);
                throw new ApiException(response.statusCode(), error.error(), error.message(),
                        retryAfter(response));
            }
            if (type == null || response.body().isEmpty()) {
                return null;
            }
            JavaType javaType = Json.mapper().getTypeFactory().constructType(type);
            return Json.mapper().readValue(response.body(), javaType);
        } catch (IOException e) {
            // Not Parley's JSON: most likely something else listens at that address.
            throw new ApiException(response.statusCode(), "bad_response",
                    "Unexpected answer from the server (HTTP " + response.statusCode() + ")");
        }
    }

    /** The seconds of a 429's or 503's {@code Retry-After} header (the number form), else null. */
    private static Long retryAfter(HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").filter(v -> v.strip().matches("\\d{1,9}"))
                .map(v -> Long.parseLong(v.strip())).orElse(null);
    }

    private static <T> TypeReference<T> type(Class<T> type) {
        return new TypeReference<>() {
            @Override
            public java.lang.reflect.Type getType() {
                return type;
            }
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

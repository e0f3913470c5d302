package dev.parley.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/** Uploads and downloads of attachments over real HTTP, for tests (bodies as bytes, not text). */
public final class AttachmentClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final Api api;

    public AttachmentClient(URI base) {
        this.base = base;
        this.api = new Api(base);
    }

    public static AttachmentClient shared() {
        return new AttachmentClient(TestServer.http());
    }

    /** Uploads {@code body} as the raw request body, named by the {@code filename} query parameter. */
    public Api.Response upload(Api.User user, UUID room, String name, String contentType, byte[] body) {
        return api.send(api.request("/api/attachments/?room_uuid=" + room + "&filename="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8), user.token())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Uploads and returns the new attachment's uuid (fails unless 201). */
    public UUID uploaded(Api.User user, UUID room, String name, byte[] body) {
        Api.Response response = upload(user, room, name, "application/octet-stream", body);
        if (response.status() != 201) {
            throw new IllegalStateException("upload failed: " + response.status() + " " + response.body());
        }
        return UUID.fromString(response.json().get("attachment_uuid").asText());
    }

    /** GET with extra headers ({@code name, value, ...}); the body as bytes. */
    public HttpResponse<byte[]> get(String path, Api.User user, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET();
        if (user != null) {
            request.header("Authorization", "Bearer " + user.token());
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> download(UUID attachment, Api.User user, String... headers) {
        return get("/api/attachments/" + attachment, user, headers);
    }

    public HttpResponse<byte[]> thumbnail(UUID attachment, Api.User user) {
        return get("/api/attachments/" + attachment + "/thumbnail", user);
    }
}

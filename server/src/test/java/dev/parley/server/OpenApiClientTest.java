package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The API used by a client that knows it only from its documents ({@link OpenApiClient} reads {@code /openapi} from the
 * server; the WebSocket part follows {@code /asyncapi}): two people register, chat, reply, edit, react, delete, make a
 * group, send photos and files, search, sign devices out. Every operation of the document is called, and every
 * answer (errors included) is checked against the document.
 */
class OpenApiClientTest {

    private static final Duration INDEXED = Duration.ofSeconds(15);
    private static final Duration FRAME = Duration.ofSeconds(5);

    private final OpenApiClient client = new OpenApiClient(TestServer.http().resolve("/openapi"));
    private final ApiSchemas schemas = ApiSchemas.get();

    /** A signed-in user of the scenario. */
    private record User(String name, String token) {
    }

    @Test
    void aClientThatKnowsOnlyTheDocumentsCallsEveryOperation() throws Exception {
        User alice = register("alice");
        User bob = register("bob");
        User carol = register("carol");
        User dave = register("dave");
        String bobsOtherDevice = signIn(bob);

        people(alice, bob, carol);
        UUID chat = chat(alice, bob, carol);
        group(alice, bob, carol, dave);
        search(alice, bob, chat);
        webSocket(alice, bob, chat);
        server(alice);
        sessions(bob, bobsOtherDevice, carol);

        assertThat(client.called().keySet()).as("operations called").containsAll(client.operationIds());
    }

    @Test
    void theClientSendsNothingTheDocumentDoesNotDeclare() {
        assertThrows(IllegalArgumentException.class, () -> client.call("listMessages").with("room", "x"));
        assertThrows(IllegalArgumentException.class, () -> client.call("listMessages").as("t").send());
        assertThrows(IllegalArgumentException.class, () -> client.call("getLimits").as("t"));
        assertThrows(IllegalArgumentException.class, () -> client.call("getMe").json(Map.of("a", 1)));
        assertThrows(IllegalArgumentException.class, () -> client.call("noSuchOperation"));
    }

    private User register(String prefix) {
        String name = Api.uniqueName(prefix);
        OpenApiClient.Answer created = client.call("register")
                .json(Map.of("username", name, "password", "password-" + name)).send();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/user/username").asText()).isEqualTo(name);
        assertThat(created.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                cookie -> assertThat(cookie).startsWith("parley_session=" + created.text("token")));
        return new User(name, created.text("token"));
    }

    private String signIn(User user) {
        assertThat(client.call("register").json(Map.of("username", user.name(), "password", "password-x"))
                .send().status()).isEqualTo(409);
        assertThat(client.call("register").json(Map.of("username", "A!", "password", "password-x"))
                .send().status()).isEqualTo(400);
        OpenApiClient.Answer login = client.call("login")
                .json(Map.of("username", user.name().toUpperCase(java.util.Locale.ROOT), "password",
                        "password-" + user.name()))
                .send();
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().at("/user/username").asText()).isEqualTo(user.name());
        // After the good one: a failure slows the account's next checks down.
        assertThat(client.call("login").json(Map.of("username", user.name(), "password", "wrong-password"))
                .send().status()).isEqualTo(401);
        return login.text("token");
    }

    private void people(User alice, User bob, User carol) {
        OpenApiClient.Answer me = client.call("getMe").as(alice.token()).send();
        assertThat(me.text("username")).isEqualTo(alice.name());
        assertThat(client.call("getMe").send().status()).isEqualTo(401);
        OpenApiClient.Answer profile = client.call("updateProfile").as(alice.token())
                .json(Map.of("display_name", "Alice Liddell", "about", "At the tea party")).send();
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.text("display_name")).isEqualTo("Alice Liddell");
        assertThat(client.call("getSettings").as(alice.token()).send().text("last_seen")).isEqualTo("contacts");
        OpenApiClient.Answer settings = client.call("updateSettings").as(alice.token())
                .json(Map.of("read_receipts", false)).send();
        assertThat(settings.status()).isEqualTo(200);
        assertThat(client.call("updateSettings").as(alice.token()).json(Map.of("read_receipts", true)).send()
                .status()).isEqualTo(200);

        OpenApiClient.Answer found = client.call("searchUsers").as(alice.token()).with("q", bob.name()).send();
        assertThat(found.status()).isEqualTo(200);
        assertThat(names(found.json(), "username")).containsExactly(bob.name());
        assertThat(client.call("searchUsers").as(alice.token()).with("q", " ").send().status()).isEqualTo(400);

        assertThat(client.call("blockUser").as(alice.token()).with("username", carol.name()).send().status())
                .isEqualTo(204);
        OpenApiClient.Answer blocked = client.call("listBlocked").as(alice.token()).send();
        assertThat(names(blocked.json(), "username")).containsExactly(carol.name());
        assertThat(client.call("unblockUser").as(alice.token()).with("username", carol.name()).send().status())
                .isEqualTo(204);
        assertThat(client.call("listBlocked").as(alice.token()).send().json()).isEmpty();
        assertThat(client.call("blockUser").as(alice.token()).with("username", alice.name()).send().status())
                .isEqualTo(400);
        assertThat(client.call("unblockUser").as(alice.token()).with("username", "nobody_" + UUID.randomUUID()
                .toString().substring(0, 8)).send().status()).isEqualTo(404);
    }

    /** A direct chat: send, resend, reply, edit, react, delete, read history; returns the room. */
    private UUID chat(User alice, User bob, User carol) {
        OpenApiClient.Answer opened = client.call("createRoom").as(alice.token()).json(Map.of("user", bob.name()))
                .send();
        assertThat(opened.status()).isEqualTo(201);
        assertThat(opened.text("kind")).isEqualTo("direct");
        String room = opened.text("room_uuid");
        assertThat(client.call("createRoom").as(alice.token()).json(Map.of("user", bob.name())).send().status())
                .isEqualTo(200);

        Map<String, Object> hello = Map.of("room", room, "content", "Hi Bob! Where do we meet?", "client_id", "c-1");
        OpenApiClient.Answer sent = client.call("sendMessage").as(alice.token()).json(hello).send();
        assertThat(sent.status()).isEqualTo(201);
        assertThat(client.call("sendMessage").as(alice.token()).json(hello).send().json()).isEqualTo(sent.json());
        OpenApiClient.Answer reply = client.call("sendMessage").as(bob.token())
                .json(Map.of("room", room, "content", "At the station, at 9", "client_id", "c-2", "reply_to", 1))
                .send();
        assertThat(reply.json().at("/reply_to/content").asText()).isEqualTo("Hi Bob! Where do we meet?");
        assertThat(client.call("sendMessage").as(alice.token())
                .json(Map.of("room", room, "content", "I am Bob", "user", bob.name())).send().status())
                .isEqualTo(403);
        assertThat(client.call("sendMessage").as(alice.token())
                .json(Map.of("room", UUID.randomUUID().toString(), "content", "anyone?")).send().status())
                .isEqualTo(404);

        String replyUuid = reply.text("message_uuid");
        OpenApiClient.Answer edited = client.call("editMessage").as(bob.token()).with("message_uuid", replyUuid)
                .json(Map.of("content", "At the station, at 9:30", "client_id", "c-3")).send();
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().get("edited_at").isNull()).isFalse();
        assertThat(client.call("editMessage").as(alice.token()).with("message_uuid", replyUuid)
                .json(Map.of("content", "no")).send().status()).isEqualTo(403);
        OpenApiClient.Answer reacted = client.call("setReaction").as(alice.token()).with("message_uuid", replyUuid)
                .json(Map.of("emoji", "👍", "client_id", "c-4")).send();
        assertThat(reacted.json().at("/reactions/0/users/0").asText()).isEqualTo(alice.name());
        assertThat(client.call("setReaction").as(alice.token()).with("message_uuid", replyUuid)
                .json(Map.of("emoji", "ok")).send().status()).isEqualTo(400);
        assertThat(client.call("removeReaction").as(alice.token()).with("message_uuid", replyUuid)
                .with("client_id", "c-5").send().json().get("reactions")).isEmpty();
        OpenApiClient.Answer deleted = client.call("deleteMessage").as(alice.token())
                .with("message_uuid", sent.text("message_uuid")).with("client_id", "c-6").send();
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(client.call("deleteMessage").as(alice.token()).with("message_uuid", sent.text("message_uuid"))
                .send().status()).isEqualTo(409);
        assertThat(client.call("editMessage").as(alice.token()).with("message_uuid", "not-a-uuid")
                .json(Map.of("content", "x")).send().status()).isEqualTo(400);

        OpenApiClient.Answer history = client.call("listMessages").as(bob.token()).with("room_uuid", room).send();
        assertThat(names(history.json(), "content")).containsExactly("", "At the station, at 9:30");
        assertThat(history.json().at("/1/reply_to/deleted").asBoolean()).isTrue();
        assertThat(client.call("listMessages").as(bob.token()).with("room_uuid", room).with("after", 1).send()
                .json()).hasSize(1);
        assertThat(client.call("listMessages").as(bob.token()).with("room_uuid", room).with("limit", 0).send()
                .status()).isEqualTo(400);
        assertThat(client.call("listMessages").as(carol.token()).with("room_uuid", room).send().status())
                .isEqualTo(404);

        OpenApiClient.Answer rooms = client.call("listRooms").as(bob.token()).send();
        assertThat(names(rooms.json(), "room_uuid")).containsExactly(room);
        assertThat(names(client.call("listRooms").as(bob.token()).with("q", alice.name().substring(0, 5)).send()
                .json(), "room_uuid")).containsExactly(room);
        assertThat(client.call("listRooms").as(bob.token()).with("q", "no-such-room").send().json()).isEmpty();
        assertThat(client.call("getRoom").as(bob.token()).with("room_uuid", room).send().json().get("last_message")
                .get("content").asText()).isEqualTo("At the station, at 9:30");
        assertThat(client.call("getRoom").as(bob.token()).with("room_uuid", "abc").send().status()).isEqualTo(400);
        assertThat(client.call("getRoom").as(carol.token()).with("room_uuid", room).send().status()).isEqualTo(404);
        OpenApiClient.Answer pinned = client.call("changeChatSettings").as(bob.token()).with("room_uuid", room)
                .json(Map.of("pinned", true, "muted_until", "forever")).send();
        assertThat(pinned.status()).isEqualTo(200);
        assertThat(pinned.json().get("pinned").asBoolean()).isTrue();
        assertThat(pinned.text("muted_until")).isEqualTo("forever");
        assertThat(client.call("changeChatSettings").as(carol.token()).with("room_uuid", room)
                .json(Map.of("pinned", true)).send().status()).isEqualTo(404);
        return UUID.fromString(room);
    }

    /** A group: members, roles, a rename, someone leaving, photos and files. */
    private void group(User alice, User bob, User carol, User dave) {
        OpenApiClient.Answer created = client.call("createRoom").as(alice.token())
                .json(Map.of("name", "Trip 2027", "members", List.of(bob.name()))).send();
        assertThat(created.status()).isEqualTo(201);
        String group = created.text("room_uuid");
        OpenApiClient.Answer added = client.call("addMembers").as(alice.token()).with("room_uuid", group)
                .json(Map.of("users", List.of(carol.name()))).send();
        assertThat(StreamSupport.stream(added.json().get("users").spliterator(), false).map(JsonNode::asText))
                .contains(carol.name());
        OpenApiClient.Answer promoted = client.call("changeRole").as(alice.token()).with("room_uuid", group)
                .with("username", bob.name()).json(Map.of("role", "admin")).send();
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(client.call("renameGroup").as(bob.token()).with("room_uuid", group)
                .json(Map.of("name", "Trip 2027 🚆")).send().text("room_name")).isEqualTo("Trip 2027 🚆");
        assertThat(client.call("renameGroup").as(carol.token()).with("room_uuid", group)
                .json(Map.of("name", "mine")).send().status()).isEqualTo(403);
        assertThat(client.call("sendMessage").as(carol.token())
                .json(Map.of("room", group, "content", "Thanks for adding me!")).send().status()).isEqualTo(201);
        assertThat(client.call("removeMember").as(carol.token()).with("room_uuid", group)
                .with("username", carol.name()).send().status()).isEqualTo(204);
        OpenApiClient.Answer info = client.call("getRoom").as(alice.token()).with("room_uuid", group).send();
        assertThat(names(info.json().get("former_members"), "username")).containsExactly(carol.name());

        attachments(alice, bob, carol, dave, group);
    }

    private void attachments(User alice, User bob, User carol, User dave, String group) {
        byte[] photo = TestImages.png(TestImages.halves(64, 48));
        OpenApiClient.Answer uploaded = client.call("uploadAttachment").as(alice.token()).with("room_uuid", group)
                .with("X-Filename", "sunset.png").body(photo, "image/png").send();
        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(uploaded.json().get("thumbnail").asBoolean()).isTrue();
        String boundary = "parley-" + UUID.randomUUID();
        OpenApiClient.Answer file = client.call("uploadAttachment").as(alice.token()).with("room_uuid", group)
                .body(multipart(boundary, "seats.csv", "name,seat\nalice,12A\n"),
                        "multipart/form-data; boundary=" + boundary)
                .send();
        assertThat(file.status()).isEqualTo(201);
        assertThat(file.text("mime")).isEqualTo("text/csv");
        assertThat(client.call("uploadAttachment").as(carol.token()).with("room_uuid", group)
                .with("filename", "x.txt").body("x".getBytes(StandardCharsets.UTF_8), "text/plain").send().status())
                .isEqualTo(403);

        OpenApiClient.Answer sent = client.call("sendMessage").as(alice.token()).json(Map.of("room", group,
                "content", "The view, and our seats", "client_id", "c-9",
                "attachments", List.of(uploaded.text("attachment_uuid"), file.text("attachment_uuid")))).send();
        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.json().get("attachments")).hasSize(2);

        String photoUuid = uploaded.text("attachment_uuid");
        OpenApiClient.Answer whole = client.call("downloadAttachment").as(bob.token()).with("uuid", photoUuid).send();
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.bytes()).isEqualTo(photo);
        OpenApiClient.Answer part = client.call("downloadAttachment").as(bob.token()).with("uuid", photoUuid)
                .with("Range", "bytes=0-9").send();
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.bytes()).isEqualTo(java.util.Arrays.copyOf(photo, 10));
        String etag = whole.headers().firstValue("ETag").orElseThrow();
        assertThat(client.call("downloadAttachment").as(bob.token()).with("uuid", photoUuid)
                .with("If-None-Match", etag).send().status()).isEqualTo(304);
        assertThat(client.call("downloadAttachment").as(bob.token()).with("uuid", photoUuid)
                .with("Range", "bytes=" + photo.length + "-").send().status()).isEqualTo(416);
        assertThat(client.call("downloadAttachment").as(dave.token()).with("uuid", photoUuid).send().status())
                .isEqualTo(404);
        OpenApiClient.Answer thumbnail = client.call("downloadThumbnail").as(bob.token()).with("uuid", photoUuid)
                .send();
        assertThat(thumbnail.status()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(client.call("downloadThumbnail").as(bob.token()).with("uuid", file.text("attachment_uuid"))
                .send().status()).isEqualTo(404);
    }

    /** Search finds the message (once indexed), pages with the cursor, and refuses bad queries. */
    private void search(User alice, User bob, UUID chat) {
        for (String text : List.of("Let's meet at the café at 7", "The meeting moved to 8", "Meet you there")) {
            assertThat(client.call("sendMessage").as(alice.token())
                    .json(Map.of("room", chat.toString(), "content", text)).send().status()).isEqualTo(201);
        }
        AtomicReference<JsonNode> found = new AtomicReference<>();
        Eventually.await(INDEXED, "three messages found by 'mee'", () -> {
            found.set(client.call("searchMessages").as(bob.token()).with("q", "mee").with("room_uuid", chat).send()
                    .json());
            return found.get().get("results").size() == 3;
        });
        JsonNode page = found.get();
        assertThat(page.at("/results/0/room/room_uuid").asText()).isEqualTo(chat.toString());
        assertThat(page.at("/results/0/message/content").asText()).isEqualTo("Meet you there");
        assertThat(StreamSupport.stream(page.at("/results/0/snippet").spliterator(), false)
                .filter(part -> part.get("match").asBoolean()).map(part -> part.get("text").asText()))
                .containsExactly("Mee"); // the typed prefix of "Meet"

        OpenApiClient.Answer first = client.call("searchMessages").as(bob.token()).with("q", "cafe")
                .with("limit", 1).send();
        assertThat(first.json().at("/results/0/message/content").asText()).isEqualTo("Let's meet at the café at 7");
        OpenApiClient.Answer paged = client.call("searchMessages").as(bob.token()).with("q", "mee")
                .with("room_uuid", chat).with("limit", 2).send();
        assertThat(paged.json().get("next").isNull()).isFalse();
        OpenApiClient.Answer rest = client.call("searchMessages").as(bob.token()).with("q", "mee")
                .with("room_uuid", chat).with("limit", 2).with("before", paged.text("next")).send();
        assertThat(rest.json().get("results")).hasSize(1);
        assertThat(rest.json().get("next").isNull()).isTrue();

        assertThat(client.call("searchMessages").as(bob.token()).with("q", "").send().status()).isEqualTo(400);
        assertThat(client.call("searchMessages").as(bob.token()).with("q", "mee").with("before", "garbage").send()
                .status()).isEqualTo(400);
        assertThat(client.call("searchMessages").as(bob.token()).with("q", "mee").with("limit", 51).send()
                .status()).isEqualTo(400);
        assertThat(client.call("searchMessages").as(bob.token()).with("q", "mee")
                .with("room_uuid", UUID.randomUUID()).send().status()).isEqualTo(404);
    }

    /**
     * The WebSocket, from the documents: its URL is the {@code webSocket} operation's path on the API's base; every
     * frame sent is a ClientFrame and every frame received a ServerFrame of the AsyncAPI document.
     */
    private void webSocket(User alice, User bob, UUID chat) throws Exception {
        assertThat(client.call("webSocket").send().status()).isEqualTo(401);
        assertThat(client.call("webSocket").as(bob.token()).send().status()).isEqualTo(400);

        URI url = URI.create(client.url("webSocket").toString().replaceFirst("^http", "ws"));
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + bob.token())
                .buildAsync(url, new Frames(frames)).get(5, TimeUnit.SECONDS);
        try {
            sendFrame(socket, Map.of("type", "ping"));
            assertThat(nextFrame(frames, "pong").get("type").asText()).isEqualTo("pong");

            client.call("sendMessage").as(alice.token()).json(Map.of("room", chat.toString(), "content", "Live!"))
                    .send();
            assertThat(nextFrame(frames, "message").at("/message/content").asText()).isEqualTo("Live!");

            sendFrame(socket, Map.of("type", "send", "room_uuid", chat.toString(), "content", "Got it",
                    "client_id", "ws-1"));
            assertThat(nextFrame(frames, "ack").at("/message/content").asText()).isEqualTo("Got it");

            sendFrame(socket, Map.of("type", "send", "room_uuid", chat.toString(), "content", "",
                    "client_id", "ws-2"));
            JsonNode error = nextFrame(frames, "error");
            assertThat(error.get("code").asText()).isEqualTo("validation");
            assertThat(error.get("client_id").asText()).isEqualTo("ws-2");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    /** The public routes, the documents and the health. */
    private void server(User alice) {
        assertThat(client.call("getLimits").send().json().get("max_content_length").asInt()).isEqualTo(12_000);
        assertThat(client.call("getOpenApi").send().headers().firstValue("Content-Type"))
                .hasValue("application/yaml; charset=UTF-8");
        assertThat(client.call("getOpenApi").with("format", "json").send().json().get("openapi").asText())
                .isEqualTo("3.1.0");
        assertThat(client.call("getOpenApi").with("format", "xml").send().status()).isEqualTo(400);
        assertThat(client.call("getOpenApiYaml").send().status()).isEqualTo(200);
        assertThat(client.call("getAsyncApi").with("format", "json").send().json().get("asyncapi").asText())
                .isEqualTo("3.0.0");
        assertThat(client.call("getAsyncApiYaml").send().status()).isEqualTo(200);
        assertThat(client.call("getHealth").send().json().get("status").asText()).isEqualTo("UP");
        assertThat(client.call("getMe").as(alice.token()).send().status()).isEqualTo(200);
    }

    /** Devices: list, sign one out, sign out, sign out everywhere. */
    private void sessions(User bob, String bobsOtherDevice, User carol) {
        OpenApiClient.Answer devices = client.call("listSessions").as(bob.token()).send();
        assertThat(devices.json()).hasSize(2);
        JsonNode other = StreamSupport.stream(devices.json().spliterator(), false)
                .filter(session -> !session.get("current").asBoolean()).findFirst().orElseThrow();
        assertThat(client.call("revokeSession").as(bob.token()).with("id", other.get("id").asText()).send()
                .status()).isEqualTo(204);
        assertThat(client.call("getMe").as(bobsOtherDevice).send().status()).isEqualTo(401);
        assertThat(client.call("revokeSession").as(bob.token()).with("id", UUID.randomUUID()).send().status())
                .isEqualTo(404);

        assertThat(client.call("logout").as(carol.token()).send().status()).isEqualTo(204);
        assertThat(client.call("getMe").as(carol.token()).send().status()).isEqualTo(401);
        assertThat(client.call("logout").send().status()).isEqualTo(401);

        assertThat(client.call("revokeAllSessions").as(bob.token()).send().status()).isEqualTo(204);
        assertThat(client.call("listSessions").as(bob.token()).send().status()).isEqualTo(401);
    }

    private void sendFrame(WebSocket socket, Map<String, Object> frame) throws Exception {
        JsonNode json = Json.mapper().valueToTree(frame);
        assertThat(schemas.errors(ApiSchemas.ASYNCAPI, "/components/schemas/ClientFrame", json,
                ApiSchemas.Mode.STRICT)).as("client frame " + json).isEmpty();
        socket.sendText(Json.write(json), true).get(5, TimeUnit.SECONDS);
    }

    /** The next frame of this type (others, such as presence, are skipped), each one checked against the document. */
    private JsonNode nextFrame(BlockingQueue<JsonNode> frames, String type) throws InterruptedException {
        long deadline = System.nanoTime() + FRAME.toNanos();
        while (true) {
            JsonNode frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(frame).as("a " + type + " frame within " + FRAME).isNotNull();
            assertThat(schemas.errors(ApiSchemas.ASYNCAPI, "/components/schemas/ServerFrame", frame,
                    ApiSchemas.Mode.AS_WRITTEN)).as("server frame " + frame).isEmpty();
            if (frame.get("type").asText().equals(type)) {
                return frame;
            }
        }
    }

    /** The values of a field of each object of an array (empty for an array of non-objects). */
    private static List<String> names(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> {
            if (item.has(field) && item.get(field).isValueNode()) {
                values.add(item.get(field).asText());
            }
        });
        return values;
    }

    private static byte[] multipart(String boundary, String filename, String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: text/csv\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Collects the text frames of a WebSocket (whole, however they arrive in parts) as JSON. */
    private static final class Frames implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> frames;
        private final StringBuilder partial = new StringBuilder();

        Frames(BlockingQueue<JsonNode> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(Json.mapper().readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}

package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated hostile inputs (seeded, so a failure can be replayed): malformed and deeply nested JSON,
 * wrong types, huge strings, invalid UTF-8, binary and fragmented frames, unknown types, SQL and HTML payloads.
 * Every answer is a clear 4xx or error frame or a proper close, never a 5xx or a stack trace; the server keeps
 * serving and stored data stays intact.
 */
class FuzzTest {

    private static final long SEED = 20261124L;
    private static final String[] NASTY = {
        "'; DROP TABLE messages; --", "\" OR 1=1 --", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
        "\\u0000", "\u0000", "%00", "../../etc/passwd", "{{7*7}}", "${jndi:ldap://x}", "\uD800", "💥".repeat(50),
        "null", "true", "-1", "1e309", "NaN", "[]", "{}", "\"\"", " ", "\t\n",
        "", "3.9", "\u0007", "\u009b[2J", "\u001b[31m", "\u202eevil\u202c", "\u2066x\u2069", "a\r\nb",
        "..%2f..%2fapplication.yaml", "%2e%2e/%2e%2e/etc/passwd", "..%5c..%5c", "%252e%252e%252f",
    };

    private final Api api = Api.shared();
    private final Random random = new Random(SEED);

    @Test
    void hostileRestInputGetsClearClientErrorsAndChangesNothing() {
        Api.User alice = api.register("fz");
        Api.User bob = api.register("fzb");
        UUID room = api.room(alice, bob);
        api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "keep me"));
        String[] paths = {"/api/messages/", "/api/rooms/", "/api/auth/register", "/api/auth/login"};

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            String path = paths[random.nextInt(paths.length)];
            byte[] body = hostileBody(room);
            Api.Response response = path.startsWith("/api/auth") && i % 10 != 0
                    ? api.postBytes("/api/messages/", alice.token(), body)   // Argon2 is slow on purpose: fewer auth calls
                    : api.postBytes(path, i % 7 == 0 ? null : alice.token(), body);
            check(response, failures, new String(body, StandardCharsets.ISO_8859_1));
        }
        for (int i = 0; i < 500; i++) {
            String query = "?room_uuid=" + encode(random.nextBoolean() ? room.toString() : nasty())
                    + "&before=" + encode(nasty()) + "&limit=" + encode(random.nextBoolean() ? "5" : nasty());
            check(api.get("/api/messages/" + query, alice.token()), failures, query);
            check(api.get("/api/users/?q=" + encode(nasty()), alice.token()), failures, "users " + query);
            if (i % 2 == 0) {
                String search = "?q=" + encode(nasty()) + (random.nextBoolean() ? "" : "&room_uuid=" + encode(
                        random.nextBoolean() ? room.toString() : nasty())) + "&before=" + encode(nasty())
                        + "&limit=" + encode(random.nextBoolean() ? "5" : nasty());
                check(api.get("/api/search/" + search, alice.token()), failures, "search " + search);
                check(api.get("/api/search/?q=" + encode(nasty()), alice.token()), failures, "search q");
                check(api.get("/api/rooms/?q=" + encode(nasty()), alice.token()), failures, "rooms q");
            }
            if (i % 5 == 0) {
                // A stranger's DELETE with nonsense ids: 404s, never a 5xx, and alice's sessions stay.
                String id = encode(nasty()) + "x"; // never empty: DELETE /api/sessions/ is "sign out everywhere"
                check(api.send(api.request("/api/sessions/" + id, bob.token()).DELETE()), failures, "session " + id);
                // Blocking nonsense names: 400 or 404, never a 5xx, and nobody real gets blocked.
                String name = encode(nasty()) + "x";
                check(api.post("/api/users/" + name + "/block", alice.token(), ""), failures, "block " + name);
                check(api.send(api.request("/api/users/" + name + "/block", alice.token()).DELETE()), failures,
                        "unblock " + name);
            }
        }
        // Message actions on bob's message and on nonsense ids, with hostile bodies: 4xx, and the message stays.
        String keep = "/api/messages/" + api.get("/api/messages/?room_uuid=" + room, bob.token()).json().get(0)
                .get("message_uuid").asText() + "/";
        for (int i = 0; i < 300; i++) {
            String path = random.nextInt(3) == 0 ? "/api/messages/" + encode(nasty()) + "x/" : keep;
            String body = switch (random.nextInt(3)) {
                case 0 -> "{\"content\":" + jsonValue() + ",\"client_id\":" + jsonValue() + "}";
                case 1 -> "{\"emoji\":" + jsonValue() + "}";
                default -> new String(hostileBody(room), StandardCharsets.UTF_8);
            };
            var request = switch (random.nextInt(4)) {
                case 0 -> api.request(path, alice.token()).method("PATCH", java.net.http.HttpRequest.BodyPublishers
                        .ofString(body)).header("Content-Type", "application/json");
                case 1 -> api.request(path + "reaction/", alice.token()).PUT(java.net.http.HttpRequest.BodyPublishers
                        .ofString(body)).header("Content-Type", "application/json");
                case 2 -> api.request(path + "reaction/?client_id=" + encode(nasty()), alice.token()).DELETE();
                default -> api.request(path + "?client_id=" + encode(nasty()), alice.token()).DELETE();
            };
            Api.Response response = api.send(request);
            check(response, failures, path + " " + body);
        }
        for (int i = 0; i < 300; i++) {
            // Encoded once here, so "../" arrives as ..%2F and "..%2f" as ..%252f: static files must stay in their root.
            String path = "/css/" + encode(nasty()) + "/" + encode(nasty()) + "/application.yaml";
            Api.Response response = api.get(path, null);
            check(response, failures, path);
            if (response.body().contains("statements") && failures.size() < 10) {
                failures.add("served from outside the web root: " + path);
            }
        }

        assertThat(failures).isEmpty();
        JsonNode history = api.get("/api/messages/?room_uuid=" + room + "&limit=200", bob.token()).json();
        assertThat(history.get(0).get("content").asText()).isEqualTo("keep me");
        assertThat(history.get(0).get("deleted").asBoolean()).isFalse();
        assertThat(history.get(0).get("edited_at").isNull()).isTrue();
        assertThat(history).allSatisfy(m -> assertThat(m.get("user").asText()).isIn(alice.username(), bob.username()));
        assertThat(api.get("/api/rooms/", alice.token()).json()).hasSize(1);
        assertThat(api.get("/api/me", alice.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/users/blocked/", alice.token()).json()).isEmpty();
    }

    @Test
    void hostileGroupRequestsGetClearClientErrorsAndLeaveTheGroupsMembersAsTheyWere() {
        Api.User alice = api.register("fg");
        Api.User bob = api.register("fgb");
        UUID group = api.group(alice, "Fuzzed", bob);
        String base = "/api/rooms/" + group + "/";

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String token = i % 9 == 0 ? bob.token() : alice.token();
            Api.Response response = switch (random.nextInt(6)) {
                case 0 -> api.postRaw("/api/rooms/", token, "{\"name\":" + jsonValue() + ",\"members\":" + jsonValue() + "}");
                case 1 -> api.send(api.request(base, token).method("PATCH",
                        java.net.http.HttpRequest.BodyPublishers.ofString(random.nextBoolean()
                                ? "{\"name\":" + jsonValue() + "}" : new String(hostileBody(group), StandardCharsets.ISO_8859_1)))
                        .header("Content-Type", "application/json"));
                case 2 -> api.postRaw(base + "members/", token, "{\"users\":" + jsonValue() + "}");
                case 3 -> api.delete(base + "members/" + encode(nasty()) + "x/", token);
                case 4 -> api.send(api.request(base + "members/" + encode(nasty()) + "x/", token).method("PATCH",
                        java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\":" + jsonValue() + "}"))
                        .header("Content-Type", "application/json"));
                default -> api.get("/api/rooms/" + encode(nasty()) + "/", token);
            };
            check(response, failures, "group request " + i);
        }

        assertThat(failures).isEmpty();
        JsonNode room = api.get(base, alice.token()).json();
        assertThat(room.get("users")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(alice.username(), bob.username());
        assertThat(api.get("/api/messages/?room_uuid=" + group + "&limit=200", bob.token()).json())
                .allSatisfy(m -> assertThat(m.get("event").get("action").asText()).isIn("created", "renamed"));
    }

    @Test
    void hostileChatSettingsGetClearClientErrorsAndNeverBreakTheLimits() {
        Api.User alice = api.register("fc");
        Api.User bob = api.register("fcb");
        UUID room = api.room(alice, bob);
        long seq = api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "keep me"))
                .json().get("seq").asLong();
        String[] fields = {"pinned", "muted_until", "archived", "marked_unread", "cleared_seq"};

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String path = random.nextInt(5) == 0 ? "/api/rooms/" + encode(nasty()) + "x/settings/"
                    : "/api/rooms/" + room + "/settings/";
            String body = switch (random.nextInt(3)) {
                case 0 -> "{\"" + fields[random.nextInt(fields.length)] + "\":" + jsonValue() + "}";
                case 1 -> "{\"" + fields[random.nextInt(fields.length)] + "\":" + jsonValue() + ",\""
                        + fields[random.nextInt(fields.length)] + "\":" + jsonValue() + "}";
                default -> new String(hostileBody(room), StandardCharsets.UTF_8);
            };
            Api.Response response = api.send(api.request(path, i % 7 == 0 ? bob.token() : alice.token())
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json"));
            check(response, failures, path + " " + body);
        }

        assertThat(failures).isEmpty();
        JsonNode listed = api.get("/api/rooms/", alice.token()).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("cleared_seq").asLong()).isBetween(0L, seq);
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json().get(0).get("content").asText())
                .isEqualTo("keep me");
    }

    @Test
    void hostileFramesGetErrorFramesOrAProperCloseAndOthersKeepChatting() {
        Api.User alice = api.register("fw");
        Api.User bob = api.register("fwb");
        UUID room = api.room(alice, bob);
        api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "bob's, not alice's to edit"));
        int refused = 0;
        try (WsClient socket = WsClient.connect(alice)) {
            for (int i = 0; i < 1500; i++) {
                String frame = hostileFrame(room);
                socket.sendText(frame);
                socket.roundTrip(); // every answer to the frame arrives before the pong
                for (JsonNode answer : socket.drain(java.time.Duration.ZERO)) {
                    String type = answer.get("type").asText();
                    if (type.equals("error")) {
                        assertThat(answer.get("code").asText()).as(frame)
                                .isIn("bad_request", "validation", "not_found", "too_large", "rate_limited",
                                        "forbidden", "conflict");
                        refused++;
                    } else {
                        assertThat(type).as(frame).isIn("ack", "synced", "pong", "typing", "receipt", "message",
                                "presence", "room", "update");
                    }
                }
            }
            socket.roundTrip();
        }
        assertThat(refused).isGreaterThan(1000);

        for (int i = 0; i < 40; i++) {
            try (RawWebSocket raw = new RawWebSocket(TestServer.ws(), alice.token(), 65536)) {
                int kind = i % 4;
                switch (kind) {
                    case 0 -> raw.sendFrame(0x2, true, randomBytes(64));                  // binary
                    case 1 -> raw.sendFrame(0x1, true, new byte[] {(byte) 0xC3, 0x28, '{'}); // invalid UTF-8
                    case 2 -> {                                                           // fragmented JSON
                        raw.sendFrame(0x1, false, "{\"type\":".getBytes(StandardCharsets.UTF_8));
                        raw.sendFrame(0x0, true, "\"ping\"}".getBytes(StandardCharsets.UTF_8));
                    }
                    default -> raw.sendFrame(0x0, true, "orphan continuation".getBytes(StandardCharsets.UTF_8));
                }
                String reply = raw.readText();
                if (kind == 2) {
                    assertThat(reply).contains("\"pong\"");
                } else if (kind == 3) {
                    assertThat(reply).isNull(); // a protocol error closes the connection
                } else {
                    assertThat(reply).contains("\"error\"");
                }
            }
        }

        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob)) {
            a.send(Map.of("type", "send", "room_uuid", room, "content", "still working", "client_id", "ok-" + UUID.randomUUID()));
            assertThat(b.await("message").get("message").get("content").asText()).isEqualTo("still working");
        }
    }

    @Test
    void hostileUploadsNamesRangesAndAttachmentListsGetClearAnswers() {
        Api.User alice = api.register("fza");
        UUID room = api.room(alice, api.register("fzab"));
        UUID kept = AttachmentClient.shared().uploaded(alice, room, "kept.txt",
                "keep".getBytes(StandardCharsets.UTF_8));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String name = nasty();
            byte[] body = new byte[random.nextInt(3000)];
            random.nextBytes(body);
            java.net.http.HttpRequest.Builder upload = api.request("/api/attachments/?room_uuid="
                    + (random.nextInt(4) == 0 ? encode(nasty()) : room.toString()) + "&filename=" + encode(name),
                    alice.token()).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            String type = random.nextBoolean() ? nasty().replaceAll("[^\\x20-\\x7e]", "")
                    : "multipart/form-data; boundary=" + encode(nasty());
            if (!type.isBlank()) {
                upload.header("Content-Type", type);
            }
            check(api.send(upload), failures, "upload " + name + " as " + type);
            String range = "bytes=" + (random.nextBoolean() ? nasty() : random.nextInt() + "-" + random.nextInt());
            var served = AttachmentClient.shared().download(kept, alice, "Range",
                    range.replaceAll("[^\\x20-\\x7e]", ""));
            if (served.statusCode() >= 500) {
                failures.add(served.statusCode() + " <- range " + range);
            }
            check(api.postRaw("/api/messages/", alice.token(), "{\"room\":\"" + room + "\",\"content\":\"x\","
                    + "\"attachments\":" + jsonValue() + "}"), failures, "attachments");
            check(api.get("/api/attachments/" + encode(nasty()), alice.token()), failures, "get " + name);
        }

        assertThat(failures).isEmpty();
        assertThat(AttachmentClient.shared().download(kept, alice).body())
                .isEqualTo("keep".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void hostileProfileAndSettingsBodiesGetClearClientErrorsAndOnlyValidProfilesAreStored() {
        Api.User alice = api.register("fp");

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String body = switch (random.nextInt(4)) {
                case 0 -> "{\"display_name\":" + jsonValue() + "}";
                case 1 -> "{\"about\":" + jsonValue() + "}";
                case 2 -> "{\"display_name\":" + jsonValue() + ",\"about\":" + jsonValue() + "}";
                default -> new String(hostileBody(UUID.randomUUID()), StandardCharsets.UTF_8);
            };
            check(api.send(api.request("/api/me", i % 11 == 0 ? null : alice.token())
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json")), failures, body);
            String settings = i % 2 == 0 ? "{\"last_seen\":" + jsonValue() + ",\"read_receipts\":" + jsonValue() + "}"
                    : new String(hostileBody(UUID.randomUUID()), StandardCharsets.UTF_8);
            check(api.send(api.request("/api/me/settings/", alice.token())
                    .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(settings))
                    .header("Content-Type", "application/json")), failures, settings);
        }

        assertThat(failures).isEmpty();
        assertThat(api.get("/api/me/settings/", alice.token()).json().path("last_seen").asText())
                .isIn("contacts", "nobody");
        JsonNode me = api.get("/api/me", alice.token()).json();
        for (String field : List.of("display_name", "about")) {
            JsonNode value = me.get(field);
            assertThat(value.isNull() || (!value.asText().isBlank() && value.asText().equals(value.asText().strip())
                    && value.asText().codePoints().noneMatch(Character::isISOControl))).as(field + ": " + value).isTrue();
        }
    }

    private void check(Api.Response response, List<String> failures, String input) {
        boolean clear = response.status() >= 200 && response.status() < 500
                && !response.body().contains("Exception") && !response.body().contains("\tat ");
        if (response.status() >= 400) {
            clear &= response.json() != null && response.json().hasNonNull("error") && response.json().hasNonNull("message");
        }
        if (!clear && failures.size() < 10) {
            failures.add(response.status() + " " + response.body() + " <- " + input);
        }
    }

    private byte[] hostileBody(UUID room) {
        return switch (random.nextInt(8)) {
            case 0 -> randomBytes(random.nextInt(200));
            case 1 -> ("{\"room\":\"" + room + "\",\"content\":" + jsonValue() + "}").getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"room\":" + jsonValue() + ",\"content\":\"x\"}").getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"username\":" + jsonValue() + ",\"password\":" + jsonValue() + ",\"user\":" + jsonValue() + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> ("[".repeat(random.nextInt(2000)) + "]".repeat(random.nextInt(2000))).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"room\":\"" + room + "\",\"content\":\"" + "x".repeat(random.nextInt(80_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 6 -> mutate(("{\"room\":\"" + room + "\",\"content\":\"hello\",\"client_id\":\"c\"}").getBytes(StandardCharsets.UTF_8));
            default -> nasty().getBytes(StandardCharsets.UTF_8);
        };
    }

    private String hostileFrame(UUID room) {
        String type = random.nextInt(4) == 0 ? nasty() : new String[] {"send", "typing", "read", "sync", "ping", "fly",
                "", "edit", "delete", "react"}[random.nextInt(10)];
        return switch (random.nextInt(8)) {
            case 0 -> "{\"type\":" + jsonValue() + "}";
            case 1 -> "{\"type\":\"" + escape(type) + "\",\"room_uuid\":" + jsonValue() + ",\"content\":" + jsonValue()
                    + ",\"client_id\":" + jsonValue() + "}";
            case 2 -> "{\"type\":\"read\",\"room_uuid\":\"" + (random.nextBoolean() ? room : UUID.randomUUID()) + "\",\"seq\":" + jsonValue() + "}";
            case 3 -> random.nextBoolean() ? "{\"type\":\"sync\",\"since\":" + jsonValue() + "}"
                    : "{\"type\":\"sync\",\"since\":{\"" + room + "\":" + jsonValue() + "}}";
            case 4 -> "{\"type\":\"send\",\"room_uuid\":\"" + room + "\",\"content\":\"" + "y".repeat(12_001 + random.nextInt(20_000))
                    + "\",\"client_id\":\"big\"}";
            case 5 -> "{\"a\":".repeat(50 + random.nextInt(500)) + "1" + "}".repeat(random.nextInt(600));
            case 6 -> "{\"type\":\"" + new String[] {"edit", "delete", "react", "send"}[random.nextInt(4)]
                    + "\",\"room_uuid\":\"" + room + "\",\"seq\":" + (random.nextBoolean() ? "1" : jsonValue())
                    + ",\"content\":" + jsonValue() + ",\"emoji\":" + jsonValue() + ",\"reply_to\":" + jsonValue()
                    + ",\"client_id\":" + jsonValue() + "}";
            default -> escapeSurrogates(new String(mutate(("{\"type\":\"typing\",\"room_uuid\":\"" + room + "\"}")
                    .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        };
    }

    private String jsonValue() {
        return switch (random.nextInt(9)) {
            case 0 -> String.valueOf(random.nextLong());
            case 1 -> "\"" + escape(nasty()) + "\"";
            case 2 -> "null";
            case 3 -> "[" + "1,".repeat(random.nextInt(20)) + "2]";
            case 4 -> "{\"x\":" + "{\"y\":".repeat(random.nextInt(60)) + "0" + "}".repeat(random.nextInt(61)) + "}";
            case 5 -> "\"" + "z".repeat(random.nextInt(100_000)) + "\"";
            case 6 -> random.nextBoolean() ? "true" : random.nextBoolean() ? "1.5e400" : "3.9";
            case 7 -> "\"" + UUID.randomUUID() + "\"";
            default -> "\"\\ud83d\"";
        };
    }

    private byte[] mutate(byte[] valid) {
        byte[] copy = valid.clone();
        for (int n = random.nextInt(4) + 1; n > 0; n--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String nasty() {
        return NASTY[random.nextInt(NASTY.length)];
    }

    /** JSON string escaping, including lone surrogates (which no UTF-8 encoder would send). */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String escapeSurrogates(String value) {
        return value.chars().mapToObj(c -> Character.isSurrogate((char) c) ? "?" : String.valueOf((char) c))
                .collect(java.util.stream.Collectors.joining());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}

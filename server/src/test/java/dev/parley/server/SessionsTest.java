package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * A user sees their signed-in devices and signs them out one by one or all at once; sessions end after a time
 * without use and beyond a number per user; open sockets of a session that ended close on every node, even when the
 * notification of its end was lost.
 */
class SessionsTest {

    private final Api api = Api.shared();

    @Test
    void everyDeviceIsListedWithItsClientAndAddressAndTheCurrentOneIsMarked() {
        Api.User alice = api.register("devices");
        String laptop = login(api, alice, "Parley desktop on Linux");

        JsonNode sessions = api.get("/api/sessions/", laptop).json();

        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).get("user_agent").asText()).isEqualTo("Parley desktop on Linux");
        assertThat(sessions.get(0).get("current").asBoolean()).isTrue();
        assertThat(sessions.get(0).get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(sessions.get(1).get("current").asBoolean()).isFalse();
        assertThat(sessions.get(0).has("token")).isFalse();
        assertThat(sessions.toString()).doesNotContain(alice.token()).doesNotContain(laptop);
    }

    @Test
    void signingOneDeviceOutEndsItsTokenAndClosesItsSocket() {
        Api.User alice = api.register("revoke");
        Api.User mallory = api.register("revokem");
        String phone = login(api, alice, "phone");
        try (WsClient phoneSocket = WsClient.connect(new Api.User(alice.username(), phone))) {
            String phoneId = idOf(api.get("/api/sessions/", alice.token()).json(), "phone");

            assertThat(api.send(api.request("/api/sessions/" + phoneId, mallory.token()).DELETE()).status())
                    .isEqualTo(404);
            assertThat(api.get("/api/me", phone).status()).isEqualTo(200);
            assertThat(api.send(api.request("/api/sessions/" + phoneId, alice.token()).DELETE()).status())
                    .isEqualTo(204);

            assertThat(phoneSocket.awaitClose()).isEqualTo(1008);
            assertThat(api.get("/api/me", phone).status()).isEqualTo(401);
            assertThat(api.get("/api/me", alice.token()).status()).isEqualTo(200);
            assertThat(api.send(api.request("/api/sessions/not-a-uuid", alice.token()).DELETE()).status())
                    .isEqualTo(404);
        }
    }

    @Test
    void signingOutEverywhereEndsEveryDeviceIncludingThisOne() {
        Api.User alice = api.register("everywhere");
        String tablet = login(api, alice, "tablet");

        assertThat(api.send(api.request("/api/sessions/", tablet).DELETE()).status()).isEqualTo(204);

        assertThat(api.get("/api/me", tablet).status()).isEqualTo(401);
        assertThat(api.get("/api/me", alice.token()).status()).isEqualTo(401);
    }

    @Test
    void aSessionUnusedForLongerThanTheIdleLimitNoLongerWorks() throws Exception {
        Api.User alice = api.register("idle");
        String old = login(api, alice, "forgotten tablet");
        try (Connection db = TestServer.dataSource().getConnection();
             PreparedStatement age = db.prepareStatement(
                     "UPDATE sessions SET last_used_at = now() - interval '15 days' WHERE token_hash = ?")) {
            age.setBytes(1, MessageDigest.getInstance("SHA-256").digest(old.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(age.executeUpdate()).isEqualTo(1);
        }

        assertThat(api.get("/api/me", old).status()).isEqualTo(401);
        assertThat(api.get("/api/sessions/", alice.token()).json()).hasSize(1);
    }

    @Test
    void signingInBeyondTheCapEndsTheLeastRecentlyUsedSession() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.sessions.max-per-user", "2"))) {
            Api capped = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User alice = capped.register("capped");
            List<String> tokens = new ArrayList<>();
            tokens.add(login(capped, alice, "second"));
            tokens.add(login(capped, alice, "third"));

            assertThat(capped.get("/api/me", alice.token()).status()).isEqualTo(401);
            assertThat(tokens).allSatisfy(token -> assertThat(capped.get("/api/me", token).status()).isEqualTo(200));
        }
    }

    @Test
    void anOpenSocketOfASessionThatEndedWithoutANotificationIsClosedByTheNextCheck() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.sessions.revalidate-seconds", "1"))) {
            Api checked = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User alice = checked.register("lost");
            try (WsClient socket = WsClient.connect(URI.create("ws://127.0.0.1:" + node.server().port() + "/ws"),
                    alice);
                 Connection db = node.database().dataSource().getConnection();
                 PreparedStatement delete = db.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
                // As if another node revoked it and its notification never arrived here.
                delete.setBytes(1, HexFormat.of().parseHex(sha256Hex(alice.token())));
                assertThat(delete.executeUpdate()).isEqualTo(1);

                assertThat(socket.awaitClose()).isEqualTo(1008);
            }
        }
    }

    private static String login(Api api, Api.User user, String userAgent) {
        Api.Response response = api.send(api.request("/api/auth/login", null)
                .header("Content-Type", "application/json").header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", user.username(),
                        "password", "password-" + user.username())))));
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("token").asText();
    }

    private static String idOf(JsonNode sessions, String userAgent) {
        for (JsonNode session : sessions) {
            if (userAgent.equals(session.path("user_agent").asText())) {
                return session.get("id").asText();
            }
        }
        throw new AssertionError("no session of " + userAgent + " in " + sessions);
    }

    private static String sha256Hex(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

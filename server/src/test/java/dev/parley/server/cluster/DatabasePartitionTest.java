package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.Eventually;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import dev.parley.server.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The database goes silent without a reset (a TCP proxy in between drops every byte): the node must not wedge.
 * Sends are answered, health says DOWN, and when the network heals traffic resumes by itself.
 */
class DatabasePartitionTest {

    @Test
    void whenTheDatabaseGoesSilentSendsAreAnsweredHealthIsDownAndTrafficResumesAfterwards() {
        try (SharedPostgres postgres = new SharedPostgres();
             TcpProxy proxy = new TcpProxy(URI.create(postgres.jdbcUrl().substring("jdbc:".length())).getPort())) {
            Map<String, String> settings = new HashMap<>(postgres.nodeSettings("node-p"));
            settings.put("parley.db.url", "jdbc:postgresql://localhost:" + proxy.port() + "/parley");
            settings.put("parley.db.socket-timeout-seconds", "3");
            settings.put("parley.db.statement-timeout-seconds", "2");
            try (Parley node = TestServer.start(TestServer.freshDataDir(), settings)) {
                Api api = ClusterTest.api(node);
                Api.User alice = api.register("part");
                Api.User bob = api.register("partb");
                UUID room = api.room(alice, bob);
                try (WsClient aliceSocket = WsClient.connect(ClusterTest.ws(node), alice)) {
                    aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "before", "client_id", "p0"));
                    aliceSocket.await("ack");

                    proxy.blackhole();

                    aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "lost?", "client_id", "p1"));
                    JsonNode answer = aliceSocket.await(f -> f.path("type").asText().matches("ack|error"),
                            "an answer despite the silent database");
                    assertThat(answer.get("type").asText()).isEqualTo("error");
                    assertThat(answer.get("client_id").asText()).isEqualTo("p1");
                    // Sent into the silence: stored or not, the node cannot know, and says so.
                    assertThat(answer.get("code").asText()).isEqualTo("outcome_unknown");
                    Eventually.await(Duration.ofSeconds(20), "health DOWN",
                            () -> api.get("/observe/health", null).status() == 503);

                    proxy.heal();

                    Eventually.await(Duration.ofSeconds(60), "health UP again",
                            () -> api.get("/observe/health", null).status() == 200);
                    JsonNode[] ack = new JsonNode[1];
                    Eventually.await(Duration.ofSeconds(30), "the send taken again", () -> {
                        aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "lost?",
                                "client_id", "p1"));
                        ack[0] = aliceSocket.await(f -> f.path("type").asText().matches("ack|error"), "answer");
                        return ack[0].get("type").asText().equals("ack");
                    });
                    // Stored once, whatever the first attempt's fate was (the same client_id).
                    assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json())
                            .extracting(m -> m.get("client_id").asText()).containsExactly("p0", "p1");
                }
            }
        }
    }

    @Test
    void aSendCommittedButNeverConfirmedIsReportedAsOfUnknownOutcomeAndARetryGetsTheStoredMessage() throws Exception {
        try (SharedPostgres postgres = new SharedPostgres();
             TcpProxy proxy = new TcpProxy(URI.create(postgres.jdbcUrl().substring("jdbc:".length())).getPort())) {
            Map<String, String> settings = new HashMap<>(postgres.nodeSettings("node-u"));
            settings.put("parley.db.url", "jdbc:postgresql://localhost:" + proxy.port() + "/parley");
            try (Parley node = TestServer.start(TestServer.freshDataDir(), settings);
                 java.sql.Connection direct = java.sql.DriverManager.getConnection(postgres.jdbcUrl(),
                         settings.get("parley.db.user"), settings.get("parley.db.password"))) {
                Api api = ClusterTest.api(node);
                Api.User alice = api.register("unk");
                Api.User bob = api.register("unkb");
                UUID room = api.room(alice, bob);
                try (WsClient aliceSocket = WsClient.connect(ClusterTest.ws(node), alice)) {
                    aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "before", "client_id", "u0"));
                    aliceSocket.await("ack");

                    proxy.dropAnswers();
                    aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "did it?", "client_id", "u1"));
                    // The database stored it (seen on a connection of our own, around the proxy)...
                    Eventually.await(Duration.ofSeconds(20), "the send committed", () -> {
                        try (var query = direct.prepareStatement("SELECT 1 FROM messages WHERE client_id = 'u1'");
                             var rows = query.executeQuery()) {
                            return rows.next();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    // ...and the connection fails before the node hears so.
                    proxy.cutAll();
                    proxy.heal();
                    JsonNode answer = aliceSocket.await(f -> f.path("type").asText().matches("ack|error"), "answer");

                    assertThat(answer.get("type").asText()).isEqualTo("error");
                    assertThat(answer.get("code").asText()).isEqualTo("outcome_unknown");
                    assertThat(answer.get("client_id").asText()).isEqualTo("u1");
                    assertThat(answer.get("message").asText()).contains("same client_id");
                    JsonNode[] ack = new JsonNode[1];
                    Eventually.await(Duration.ofSeconds(30), "the retry answered", () -> {
                        aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "did it?",
                                "client_id", "u1"));
                        ack[0] = aliceSocket.await(f -> f.path("type").asText().matches("ack|error"), "answer");
                        return ack[0].get("type").asText().equals("ack");
                    });
                    assertThat(ack[0].get("message").get("seq").asLong()).isEqualTo(2);
                    assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json())
                            .extracting(m -> m.get("client_id").asText()).containsExactly("u0", "u1");
                }
            }
        }
    }

    @Test
    void aRestWriteCutOffAfterItWasSentIsOfUnknownOutcomeAndAReadInTheSilenceIsUnavailable() throws Exception {
        try (SharedPostgres postgres = new SharedPostgres();
             TcpProxy proxy = new TcpProxy(URI.create(postgres.jdbcUrl().substring("jdbc:".length())).getPort())) {
            Map<String, String> settings = new HashMap<>(postgres.nodeSettings("node-w"));
            settings.put("parley.db.url", "jdbc:postgresql://localhost:" + proxy.port() + "/parley");
            settings.put("parley.db.socket-timeout-seconds", "3");
            try (Parley node = TestServer.start(TestServer.freshDataDir(), settings);
                 java.sql.Connection direct = java.sql.DriverManager.getConnection(postgres.jdbcUrl(),
                         settings.get("parley.db.user"), settings.get("parley.db.password"))) {
                Api api = ClusterTest.api(node);
                Api.User alice = api.register("wri");
                assertThat(api.get("/api/me", alice.token()).status()).isEqualTo(200);

                proxy.dropAnswers();
                // The UPDATE reaches PostgreSQL, which commits it; its answer never reaches the node.
                Api.Response cut = api.patch("/api/me", alice.token(), Map.of("about", "stored after all"));

                assertThat(cut.status()).as(cut.body()).isEqualTo(503);
                assertThat(cut.json().get("error").asText()).isEqualTo("outcome_unknown");
                assertThat(cut.json().get("message").asText()).contains("read it back");
                try (var query = direct.prepareStatement("SELECT about FROM users WHERE username = ?")) {
                    query.setString(1, alice.username());
                    try (var rows = query.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString(1)).isEqualTo("stored after all"); // "nothing was changed" was wrong
                    }
                }

                proxy.blackhole();
                Api.Response read = api.get("/api/me", alice.token());
                // A read changes nothing, whatever became of its query.
                assertThat(read.status()).isEqualTo(503);
                assertThat(read.json().get("error").asText()).isEqualTo("unavailable");

                proxy.heal();
                Eventually.await(Duration.ofSeconds(60), "the profile read back", () -> {
                    Api.Response me = api.get("/api/me", alice.token());
                    return me.status() == 200 && me.json().get("about").asText().equals("stored after all");
                });
            }
        }
    }
}

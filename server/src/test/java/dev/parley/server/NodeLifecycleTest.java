package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Nodes of their own: restarts, shutdown, and limits small enough to reach in a test. */
class NodeLifecycleTest {

    @Test
    void historySurvivesARestartAndClientsAreToldTheNodeIsGoingAway() {
        Path dataDir = TestServer.freshDataDir();
        Api.User alice;
        Api.User bob;
        UUID room;
        int closeCode;
        try (Parley first = TestServer.start(dataDir, Map.of())) {
            Api api = new Api(http(first));
            alice = api.register("restart");
            bob = api.register("restartb");
            room = api.room(alice, bob);
            api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "still here?"));
            WsClient bobSocket = WsClient.connect(ws(first), bob);
            first.close();
            closeCode = bobSocket.awaitClose();
        }
        assertThat(closeCode).isEqualTo(1001);

        try (Parley second = TestServer.start(dataDir, Map.of())) {
            Api api = new Api(http(second));
            JsonNode history = api.get("/api/messages/?room_uuid=" + room, bob.token()).json();

            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("content").asText()).isEqualTo("still here?");
            assertThat(api.post("/api/auth/login", null, Map.of("username", alice.username(),
                    "password", "password-" + alice.username())).status()).isEqualTo(200);
        }
    }

    @Test
    void deliveredWatermarksNotYetStoredAreStoredWhenTheNodeStops() {
        Path dataDir = TestServer.freshDataDir();
        // Delivered watermarks would be stored every ten minutes: only the stop itself can store this one.
        Map<String, String> settings = Map.of("parley.receipts.delivered-flush-ms", "600000");
        Api.User alice;
        Api.User bob;
        UUID room;
        try (Parley first = TestServer.start(dataDir, settings)) {
            Api api = new Api(http(first));
            alice = api.register("flush");
            bob = api.register("flushb");
            room = api.room(alice, bob);
            try (WsClient bobSocket = WsClient.connect(ws(first), bob)) {
                bobSocket.send(Map.of("type", "sync", "since", Map.of(room.toString(), 0)));
                bobSocket.await("synced");
                api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "got it?"));
                bobSocket.await("message");
                bobSocket.roundTrip(); // written to bob's socket: delivered, in memory
            }
        }
        try (Parley second = TestServer.start(dataDir, settings)) {
            Api api = new Api(http(second));
            JsonNode members = api.get("/api/rooms/" + room + "/", alice.token()).json().get("members");
            JsonNode bobs = null;
            for (JsonNode member : members) {
                if (member.get("username").asText().equals(bob.username())) {
                    bobs = member;
                }
            }
            assertThat(bobs).isNotNull();
            assertThat(bobs.get("delivered_seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void theEmbeddedDatabaseFlushesEveryCommitToDiskBeforeItIsAcknowledged() throws Exception {
        try (java.sql.Connection db = TestServer.dataSource().getConnection();
             java.sql.ResultSet settings = db.createStatement().executeQuery(
                     "SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
            settings.next();

            assertThat(settings.getString(1)).isEqualTo("on");
            assertThat(settings.getString(2)).isEqualTo("on");
        }
    }

    @Test
    void aSlowConsumerIsCutOffWhileEveryoneElseKeepsReceiving() throws InterruptedException {
        // The default queue (1024 frames) absorbs a healthy client's hiccups; a stalled one fills it and its socket.
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.limits.send-burst", "100000",
                "parley.limits.send-per-second", "100000"))) {
            Api api = new Api(http(node));
            Api.User alice = api.register("flood");
            Api.User bob = api.register("floodb");
            UUID room = api.room(alice, bob);
            int count = 3000;
            String big = "z".repeat(4000);
            try (RawWebSocket stalled = new RawWebSocket(ws(node), bob.token(), 4096);
                 WsClient healthy = WsClient.connect(ws(node), bob);
                 WsClient sender = WsClient.connect(ws(node), alice)) {
                stalled.sendText("{\"type\":\"sync\",\"since\":{}}");
                Thread flood = Thread.startVirtualThread(() -> {
                    for (int i = 0; i < count; i++) {
                        sender.send(Map.of("type", "send", "room_uuid", room, "content", big, "client_id", "f" + i));
                    }
                });

                List<Long> received = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    received.add(healthy.await("message").get("message").get("seq").asLong());
                }

                assertThat(received).hasSize(count).isSorted().doesNotHaveDuplicates();
                assertThat(stalled.serverClosed()).isTrue();
                assertThat(flood.join(java.time.Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    @Test
    void syncStopsAtTheCapAndSaysWhichRoomsHaveMore() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.ws.sync-cap", "3"))) {
            Api api = new Api(http(node));
            Api.User alice = api.register("cap");
            Api.User bob = api.register("capb");
            UUID busy = api.room(alice, bob);
            for (int i = 1; i <= 5; i++) {
                api.post("/api/messages/", alice.token(), Map.of("room", busy.toString(), "content", "m" + i));
            }
            try (WsClient bobSocket = WsClient.connectRaw(ws(node), bob)) {
                bobSocket.send(Map.of("type", "sync", "since", Map.of(busy.toString(), 0)));

                List<Long> replayed = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    replayed.add(bobSocket.await("message").get("message").get("seq").asLong());
                }
                JsonNode synced = bobSocket.await("synced");

                assertThat(replayed).containsExactly(1L, 2L, 3L);
                assertThat(RestApiTest.texts(synced.get("has_more"))).containsExactly(busy.toString());
            }
        }
    }

    @Test
    void aConnectionThatStopsAnsweringPingsIsDroppedAndItsUserShownOffline() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.ws.ping-interval-seconds", "1"))) {
            Api api = new Api(http(node));
            Api.User alice = api.register("alive");
            Api.User bob = api.register("aliveb");
            api.room(alice, bob);
            try (WsClient aliceSocket = WsClient.connect(ws(node), alice);
                 RawWebSocket silentBob = new RawWebSocket(ws(node), bob.token(), 65536)) {
                aliceSocket.await(f -> f.path("type").asText().equals("presence") && f.get("online").asBoolean(), "online");

                JsonNode offline = aliceSocket.await(f -> f.path("type").asText().equals("presence")
                        && !f.get("online").asBoolean(), "offline after missed pings");

                assertThat(offline.get("user").asText()).isEqualTo(bob.username());
                assertThat(silentBob.awaitCloseCode()).isEqualTo(1001);
                aliceSocket.roundTrip();
            }
        }
    }

    private static URI http(Parley node) {
        return URI.create("http://127.0.0.1:" + node.server().port());
    }

    private static URI ws(Parley node) {
        return URI.create("ws://127.0.0.1:" + node.server().port() + "/ws");
    }
}

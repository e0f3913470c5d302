package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.Eventually;
import dev.parley.server.Parley;
import dev.parley.server.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Faults under traffic: nothing acknowledged is ever lost, nothing is delivered twice. */
class ClusterFaultTest {

    @Test
    void whenANodeIsKilledItsClientsMoveToAnotherNodeAndNothingAckedIsLostOrDoubled() throws Exception {
        try (SharedPostgres postgres = new SharedPostgres();
             Parley nodeA = postgres.node("node-a");
             NodeProcess nodeC = new NodeProcess(postgres.nodeSettings("node-c"))) {
            Api api = ClusterTest.api(nodeA);
            Api.User alice = api.register("ka");
            Api.User bob = api.register("kb");
            Api.User carol = api.register("kc");
            UUID room = api.room(alice, bob);
            api.room(carol, bob);
            WsClient bobOnA = WsClient.connect(ClusterTest.ws(nodeA), bob);
            WsClient carolOnC = WsClient.connect(nodeC.ws(), carol);
            WsClient aliceOnC = WsClient.connect(nodeC.ws(), alice);
            bobOnA.await(f -> f.path("type").asText().equals("presence") && f.get("user").asText().equals(carol.username())
                    && f.get("online").asBoolean(), "carol online");

            // Alice sends steadily through node C and remembers what was acknowledged.
            Map<String, Long> acked = new ConcurrentHashMap<>();
            List<String> sent = new ArrayList<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread sender = Thread.startVirtualThread(() -> {
                for (int n = 0; sending.get() && n < 500; n++) {
                    String clientId = "k" + n;
                    synchronized (sent) {
                        sent.add(clientId);
                    }
                    try {
                        aliceOnC.send(Map.of("type", "send", "room_uuid", room, "content", "m" + n, "client_id", clientId));
                    } catch (RuntimeException e) {
                        return; // the node is gone
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                }
            });
            Thread acks = Thread.startVirtualThread(() -> {
                try {
                    while (true) {
                        JsonNode ack = aliceOnC.await("ack");
                        acked.put(ack.get("client_id").asText(), ack.get("message").get("seq").asLong());
                    }
                } catch (AssertionError | RuntimeException e) {
                    // no more acks: the node was killed
                }
            });
            Eventually.await(Duration.ofSeconds(20), "40 acks through node C", () -> acked.size() >= 40);

            nodeC.kill();
            sending.set(false);
            sender.join(Duration.ofSeconds(5));

            JsonNode carolOffline = bobOnA.await(f -> f.path("type").asText().equals("presence")
                    && f.get("user").asText().equals(carol.username()) && !f.get("online").asBoolean(), "carol offline");
            assertThat(carolOffline.get("last_seen").isNull()).isFalse();

            // Alice reconnects to node A, syncs from her last acknowledged seq, and resends everything unacknowledged.
            long lastAcked = acked.values().stream().mapToLong(Long::longValue).max().orElse(0);
            try (WsClient aliceOnA = WsClient.connectRaw(ClusterTest.ws(nodeA), alice)) {
                aliceOnA.send(Map.of("type", "sync", "since", Map.of(room.toString(), lastAcked)));
                aliceOnA.await("synced");
                List<String> unacked;
                synchronized (sent) {
                    unacked = sent.stream().filter(id -> !acked.containsKey(id)).toList();
                }
                for (String clientId : unacked) {
                    aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "m" + clientId.substring(1),
                            "client_id", clientId));
                    acked.put(clientId, aliceOnA.await("ack").get("message").get("seq").asLong());
                }
            }

            JsonNode history = api.get("/api/messages/?room_uuid=" + room + "&limit=200", bob.token()).json();
            Map<String, Long> stored = new LinkedHashMap<>();
            StreamSupport.stream(history.spliterator(), false)
                    .forEach(m -> stored.put(m.get("client_id").asText(), m.get("seq").asLong()));
            assertThat(history).hasSize(stored.size());
            assertThat(stored).containsAllEntriesOf(acked);
            assertThat(stored.keySet()).isEqualTo(Set.copyOf(acked.keySet()));

            List<Long> bobSaw = new ArrayList<>();
            for (int n = 0; n < stored.size(); n++) {
                bobSaw.add(bobOnA.await("message").get("message").get("seq").asLong());
            }
            bobOnA.roundTrip();
            assertThat(bobOnA.drain(Duration.ofMillis(300))).noneMatch(f -> f.path("type").asText().equals("message"));
            assertThat(bobSaw).isSorted().doesNotHaveDuplicates().containsExactlyElementsOf(stored.values());
            acks.interrupt();
            bobOnA.close();
        }
    }

    @Test
    void aDatabaseRestartFailsSendsClearlyAndTrafficResumesWithoutRestartingParley() {
        try (SharedPostgres postgres = new SharedPostgres();
             Parley nodeA = postgres.node("node-a");
             Parley nodeB = postgres.node("node-b")) {
            Api apiA = ClusterTest.api(nodeA);
            Api.User alice = apiA.register("da");
            Api.User bob = apiA.register("db");
            UUID room = apiA.room(alice, bob);
            try (WsClient aliceOnA = WsClient.connect(ClusterTest.ws(nodeA), alice);
                 WsClient bobOnB = WsClient.connect(ClusterTest.ws(nodeB), bob)) {
                aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "before", "client_id", "d0"));
                aliceOnA.await("ack");
                bobOnB.await("message");

                postgres.stop();

                aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "during", "client_id", "d1"));
                JsonNode error = aliceOnA.await(f -> f.path("type").asText().matches("ack|error"), "answer to a send");
                assertThat(error.get("type").asText()).isEqualTo("error");
                // A pooled connection that died with the database fails only once the batch was written to it: the
                // node cannot tell that nothing arrived, and says the outcome is unknown (the retry below tells).
                assertThat(error.get("code").asText()).isIn("unavailable", "outcome_unknown");
                assertThat(error.get("client_id").asText()).isEqualTo("d1");
                // Known down now: further sends are answered at once, not after another connection timeout each.
                long before = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "more", "client_id", "m" + i));
                }
                for (int i = 0; i < 5; i++) {
                    JsonNode answer = aliceOnA.await(f -> f.path("type").asText().matches("ack|error"), "answer");
                    assertThat(answer.get("code").asText()).isEqualTo("unavailable");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(3));
                Api.Response rest = apiA.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "rest"));
                assertThat(rest.status()).isEqualTo(503);
                assertThat(rest.json().get("error").asText()).isEqualTo("unavailable");
                Eventually.await(Duration.ofSeconds(15), "health DOWN", () -> apiA.get("/observe/health", null).status() == 503);

                postgres.restart();

                Eventually.await(Duration.ofSeconds(30), "health UP again", () -> apiA.get("/observe/health", null).status() == 200
                        && ClusterTest.api(nodeB).get("/observe/health", null).status() == 200);
                // As a client does after either answer: the same send again (same client_id) until it is taken.
                JsonNode[] ack = new JsonNode[1];
                Eventually.await(Duration.ofSeconds(15), "the send taken again", () -> {
                    aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "during", "client_id", "d1"));
                    JsonNode answer = aliceOnA.await(f -> f.path("type").asText().matches("ack|error"), "answer");
                    ack[0] = answer;
                    return answer.get("type").asText().equals("ack");
                });
                assertThat(ack[0].get("message").get("seq").asLong()).isEqualTo(2);
                assertThat(bobOnB.await("message").get("message").get("client_id").asText()).isEqualTo("d1");
                assertThat(apiA.get("/api/messages/?room_uuid=" + room, bob.token()).json()).hasSize(2);
            }
        }
    }
}

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A node that never heard of a room (the notification that would have made it known was lost while its database
 * connections were down) still delivers the room whole to the members connected there: the first message it is told
 * of comes after everything before it, never alone.
 */
class UnknownRoomPositionTest {

    @Test
    void aGroupCreatedWhileANodeWasCutOffReachesItsMemberThereFromTheFirstEventWithoutAHole() {
        try (SharedPostgres postgres = new SharedPostgres();
             TcpProxy proxy = new TcpProxy(URI.create(postgres.jdbcUrl().substring("jdbc:".length())).getPort())) {
            Map<String, String> throughProxy = new HashMap<>(postgres.nodeSettings("node-q"));
            throughProxy.put("parley.db.url", "jdbc:postgresql://localhost:" + proxy.port() + "/parley");
            throughProxy.put("parley.db.socket-timeout-seconds", "3");
            throughProxy.put("parley.db.statement-timeout-seconds", "2");
            try (Parley nodeA = postgres.node("node-p");
                 Parley nodeB = TestServer.start(TestServer.freshDataDir(), throughProxy)) {
                Api api = ClusterTest.api(nodeA);
                Api.User alice = api.register("unkp");
                Api.User bob = api.register("unkpb");
                Api.User carol = api.register("unkpc");
                try (WsClient bobOnB = WsClient.connect(ClusterTest.ws(nodeB), bob)) {
                    // Node B loses its database, its LISTEN connection with it: what is notified meanwhile is lost.
                    proxy.blackhole();
                    proxy.cutAll();
                    UUID group = api.group(alice, "Lost and found", bob, carol);
                    for (String text : List.of("first", "second")) {
                        assertThat(api.post("/api/messages/", alice.token(), Map.of("room", group.toString(),
                                "content", text, "client_id", "unkp-" + text)).status()).isEqualTo(201);
                    }
                    proxy.heal();
                    Api onB = ClusterTest.api(nodeB);
                    Eventually.await(Duration.ofSeconds(60), "node B healthy (listening) again",
                            () -> onB.get("/observe/health", null).status() == 200);

                    // The first thing node B hears of the group: a message with seq well past 1.
                    assertThat(api.post("/api/messages/", alice.token(), Map.of("room", group.toString(),
                            "content", "third", "client_id", "unkp-third")).status()).isEqualTo(201);

                    List<JsonNode> received = new ArrayList<>();
                    JsonNode frame;
                    do {
                        frame = bobOnB.await(f -> f.path("type").asText().equals("message")
                                && f.path("message").path("room_uuid").asText().equals(group.toString()), "group event")
                                .get("message");
                        received.add(frame);
                    } while (!"third".equals(frame.path("content").asText()));
                    assertThat(received).extracting(m -> m.get("seq").asLong())
                            .as("every event of the group, in order, from its first")
                            .isEqualTo(java.util.stream.LongStream.rangeClosed(1, received.size()).boxed().toList());
                    assertThat(received).extracting(m -> m.path("content").asText()).containsSubsequence(
                            "first", "second", "third");
                }
            }
        }
    }
}

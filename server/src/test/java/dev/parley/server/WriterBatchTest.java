package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What happens to sends that share one batch of the message writer. This node starts a batch at most every 300 ms,
 * so sends that arrive within that time after a commit are committed together.
 */
class WriterBatchTest {

    private static Parley node;
    private static Api api;
    private static URI ws;

    @BeforeAll
    static void start() {
        node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.db.commit-interval-ms", "300"));
        api = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
        ws = URI.create("ws://127.0.0.1:" + node.server().port() + "/ws");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void oneClientIdSentToTwoRoomsInOneBatchStoresTheFirstAndTheSecondIsAConflict() {
        Api.User alice = api.register("twin");
        Api.User bob = api.register("twinb");
        Api.User carol = api.register("twinc");
        UUID first = api.room(alice, bob);
        UUID second = api.room(alice, carol);
        try (WsClient socket = WsClient.connect(ws, alice)) {
            socket.send(Map.of("type", "send", "room_uuid", first, "content", "warm-up", "client_id", "w"));
            socket.await("ack"); // a commit just happened: the next batch waits, collecting both sends below
            socket.send(Map.of("type", "send", "room_uuid", first, "content", "to bob", "client_id", "twice"));
            socket.send(Map.of("type", "send", "room_uuid", second, "content", "to carol", "client_id", "twice"));

            JsonNode ack = socket.await("ack");
            JsonNode error = socket.await("error");

            assertThat(ack.get("message").get("room_uuid").asText()).isEqualTo(first.toString());
            assertThat(ack.get("message").get("content").asText()).isEqualTo("to bob");
            assertThat(error.get("code").asText()).isEqualTo("conflict");
            assertThat(error.get("client_id").asText()).isEqualTo("twice");
        }
        assertThat(api.get("/api/messages/?room_uuid=" + second, carol.token()).json()).isEmpty();
        assertThat(api.get("/api/messages/?room_uuid=" + first, bob.token()).json()).hasSize(2);
    }

    @Test
    void oneClientIdSentTwiceToOneRoomInOneBatchIsStoredOnceAndAckedTwice() {
        Api.User alice = api.register("dup");
        Api.User bob = api.register("dupb");
        UUID room = api.room(alice, bob);
        try (WsClient socket = WsClient.connect(ws, alice)) {
            socket.send(Map.of("type", "send", "room_uuid", room, "content", "warm-up", "client_id", "w"));
            socket.await("ack");
            socket.send(Map.of("type", "send", "room_uuid", room, "content", "hello", "client_id", "again"));
            socket.send(Map.of("type", "send", "room_uuid", room, "content", "hello", "client_id", "again"));

            JsonNode one = socket.await("ack");
            JsonNode two = socket.await("ack");

            assertThat(two.get("message")).isEqualTo(one.get("message"));
        }
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).hasSize(2);
    }
}

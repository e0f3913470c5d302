package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.message.MessageService;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A node that is stopping answers what it can no longer store at once, instead of leaving it hanging. */
class ShutdownTest {

    @Test
    void sendsArrivingAfterTheWriterStoppedAreAnsweredUnavailableAtOnceOverRestAndWebSocket() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of())) {
            Api api = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User alice = api.register("stop");
            Api.User bob = api.register("stopb");
            UUID room = api.room(alice, bob);
            try (WsClient socket = WsClient.connect(URI.create("ws://127.0.0.1:" + node.server().port() + "/ws"),
                    alice)) {
                // The writer is the first thing a stopping node closes; the web server still accepts requests.
                node.parts().stream().filter(MessageService.class::isInstance).findFirst().orElseThrow()
                        .close();

                Api.Response rest = api.post("/api/messages/", alice.token(),
                        Map.of("room", room.toString(), "content", "too late", "client_id", "late-1"));
                socket.send(Map.of("type", "send", "room_uuid", room, "content", "too late", "client_id", "late-2"));
                JsonNode error = socket.await("error");

                assertThat(rest.status()).isEqualTo(503);
                assertThat(rest.json().get("error").asText()).isEqualTo("unavailable");
                assertThat(error.get("code").asText()).isEqualTo("unavailable");
                assertThat(error.get("client_id").asText()).isEqualTo("late-2");
            }
            assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).isEmpty();
        }
    }
}

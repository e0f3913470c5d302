package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * C0 and C1 control characters other than newline and tab are taken out of message content before it is stored,
 * so they cannot garble what is shown beside a message. Bidi controls are kept (clients isolate message text).
 */
class ControlCharactersTest {

    private static final String SENT = "bell\u0007 csi\u009b[2J cr\r\nnext\tcol \u001b[31mred \u007f\u0085\u202eevil\u202c end";
    private static final String STORED = "bell csi[2J cr\nnext\tcol [31mred \u202eevil\u202c end";

    private final Api api = Api.shared();

    @Test
    void controlCharactersAreStrippedFromMessagesSentOverTheWebSocket() {
        Api.User alice = api.register("ctl");
        Api.User bob = api.register("ctlb");
        UUID room = api.room(alice, bob);
        try (WsClient socket = WsClient.connect(alice)) {
            socket.send(Map.of("type", "send", "room_uuid", room, "content", SENT, "client_id", "ctl-1"));

            assertThat(socket.await("ack").get("message").get("content").asText()).isEqualTo(STORED);
        }
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json().get(0).get("content").asText())
                .isEqualTo(STORED);
    }

    @Test
    void controlCharactersAreStrippedFromMessagesSentOverRest() {
        Api.User alice = api.register("ctlr");
        Api.User bob = api.register("ctlrb");
        UUID room = api.room(alice, bob);

        Api.Response response = api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", SENT));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("content").asText()).isEqualTo(STORED);
    }

    @Test
    void aMessageOfOnlyControlCharactersIsRefusedAsEmpty() {
        Api.User alice = api.register("ctle");
        Api.User bob = api.register("ctleb");
        UUID room = api.room(alice, bob);
        try (WsClient socket = WsClient.connect(alice)) {
            socket.send(Map.of("type", "send", "room_uuid", room, "content", "\u0007\u009b\u001b \u0085", "client_id", "ctl-e"));

            JsonNode error = socket.await("error");

            assertThat(error.get("code").asText()).isEqualTo("validation");
            assertThat(error.get("message").asText()).isEqualTo("content must not be empty");
        }
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).isEmpty();
    }
}

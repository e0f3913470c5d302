package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear error, changes nothing, and leaves the connection usable. */
class BadInputTest {

    private final Api api = Api.shared();

    @Test
    void badFramesGetErrorFramesAndTheConnectionStaysUsable() {
        Api.User alice = api.register("badws");
        Api.User bob = api.register("badwsb");
        Api.User stranger = api.register("badwsc");
        UUID room = api.room(alice, bob);
        UUID strangersRoom = api.room(stranger, bob);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{not json", "bad_request");
        cases.put("[1,2,3]", "bad_request");
        cases.put("\"just a string\"", "bad_request");
        cases.put("{\"type\":\"fly\"}", "bad_request");
        cases.put("{\"content\":\"no type\"}", "bad_request");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + room + "\",\"client_id\":\"x\"}", "validation");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"nope\",\"content\":\"hi\",\"client_id\":\"x\"}", "validation");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + room + "\",\"content\":\"   \",\"client_id\":\"x\"}", "validation");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + room + "\",\"content\":\"" + "a".repeat(12_001)
                + "\",\"client_id\":\"x\"}", "validation");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + room + "\",\"content\":5,\"client_id\":\"x\"}", "validation");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + room + "\",\"content\":\"a\\u0000b\",\"client_id\":\"x\"}", "validation");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + UUID.randomUUID() + "\",\"content\":\"hi\",\"client_id\":\"x\"}", "not_found");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + strangersRoom + "\",\"content\":\"hi\",\"client_id\":\"x\"}", "not_found");
        cases.put("{\"type\":\"typing\",\"room_uuid\":\"" + strangersRoom + "\"}", "not_found");
        cases.put("{\"type\":\"read\",\"room_uuid\":\"" + strangersRoom + "\",\"seq\":0}", "not_found");
        cases.put("{\"type\":\"read\",\"room_uuid\":\"" + room + "\",\"seq\":\"1\"}", "validation");
        cases.put("{\"type\":\"sync\",\"since\":{\"" + strangersRoom + "\":0}}", "not_found");
        cases.put("{\"type\":\"sync\",\"since\":{\"" + room + "\":-1}}", "validation");
        cases.put("{\"type\":\"sync\"}", "validation");
        cases.put("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "bad_request");
        try (WsClient socket = WsClient.connect(alice)) {
            for (var entry : cases.entrySet()) {
                socket.sendText(entry.getKey());
                JsonNode error = socket.await("error");
                assertThat(error.get("code").asText()).as(entry.getKey()).isEqualTo(entry.getValue());
                assertThat(error.get("message").asText()).as(entry.getKey()).isNotBlank().doesNotContain("Exception");
            }
            socket.socket().sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
            assertThat(socket.await("error").get("code").asText()).isEqualTo("bad_request");

            socket.roundTrip();
        }
        assertThat(api.get("/api/messages/?room_uuid=" + room, alice.token()).json()).isEmpty();
        assertThat(api.get("/api/messages/?room_uuid=" + strangersRoom, stranger.token()).json()).isEmpty();
    }

    @Test
    void fractionalOrNullNumbersInFramesAreValidationErrorsNamingTheField() {
        Api.User alice = api.register("num");
        Api.User bob = api.register("numb");
        UUID room = api.room(alice, bob);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"type\":\"read\",\"room_uuid\":\"" + room + "\",\"seq\":3.9}", "seq");
        cases.put("{\"type\":\"read\",\"room_uuid\":\"" + room + "\",\"seq\":1e0}", "seq");
        cases.put("{\"type\":\"read\",\"room_uuid\":\"" + room + "\",\"seq\":null}", "seq");
        cases.put("{\"type\":\"sync\",\"since\":{\"" + room + "\":2.5}}", "since");
        cases.put("{\"type\":\"sync\",\"since\":{\"" + room + "\":null}}", "since");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + room + "\",\"content\":\"x\",\"client_id\":\"e1\","
                + "\"attachments\":[\"\"]}", "attachments");
        cases.put("{\"type\":\"send\",\"room_uuid\":\"" + room + "\",\"content\":\"x\",\"client_id\":\"e2\","
                + "\"attachments\":[null]}", "attachments");
        try (WsClient socket = WsClient.connect(alice)) {
            for (var entry : cases.entrySet()) {
                socket.sendText(entry.getKey());

                JsonNode error = socket.await("error");

                assertThat(error.get("code").asText()).as(entry.getKey()).isEqualTo("validation");
                assertThat(error.get("message").asText()).as(entry.getKey()).contains(entry.getValue());
            }
            socket.roundTrip();
        }
        Api.Response rest = api.post("/api/messages/", alice.token(), "{\"room\":\"" + room
                + "\",\"content\":\"x\",\"attachments\":[\"\"]}");
        assertThat(rest.status()).isEqualTo(400);
        assertThat(rest.json().get("message").asText()).contains("attachments");
    }

    @Test
    void aRefusedSendNamesItsClientId() {
        Api.User alice = api.register("cid");
        Api.User bob = api.register("cidb");
        UUID room = api.room(alice, bob);
        try (WsClient socket = WsClient.connect(alice)) {
            socket.send(Map.of("type", "send", "room_uuid", room, "content", "", "client_id", "mine-7"));

            assertThat(socket.await("error").get("client_id").asText()).isEqualTo("mine-7");
        }
    }

    @Test
    void framesOverSixtyFourKibAreRefusedWithAnErrorFrame() {
        Api.User alice = api.register("big");
        try (WsClient socket = WsClient.connect(alice)) {
            socket.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");

            assertThat(socket.await("error").get("code").asText()).isEqualTo("too_large");
            socket.roundTrip();
        }
    }

    @Test
    void framesFarBeyondTheLimitCloseTheConnectionWithMessageTooBig() {
        Api.User alice = api.register("huge");
        try (RawWebSocket socket = new RawWebSocket(TestServer.ws(), alice.token(), 65536)) {
            socket.announceText(300_000);

            assertThat(socket.awaitCloseCode()).isEqualTo(1009);
        }
    }

    @Test
    void fragmentedMessagesOverSixtyFourKibAreRefusedWithAnErrorFrame() {
        Api.User alice = api.register("frag");
        try (WsClient socket = WsClient.connect(alice)) {
            String part = "x".repeat(40_000);
            socket.socket().sendText("{\"type\":\"ping\",\"pad\":\"" + part, false).join();
            socket.socket().sendText(part, false).join();
            socket.socket().sendText("\"}", true).join();

            assertThat(socket.await("error").get("code").asText()).isEqualTo("too_large");
            socket.roundTrip();
        }
    }

    @Test
    void restBodiesThatAreMalformedWrongOrTooLargeAreRefused() {
        Api.User alice = api.register("badrest");
        Api.User bob = api.register("badrestb");
        UUID room = api.room(alice, bob);

        assertThat(api.postRaw("/api/messages/", alice.token(), "{oops").json().get("error").asText()).isEqualTo("bad_request");
        assertThat(api.postRaw("/api/messages/", alice.token(), "").status()).isEqualTo(400);
        assertThat(api.postRaw("/api/messages/", alice.token(), "{\"room\":\"" + room + "\",\"content\":[]}").status()).isEqualTo(400);
        assertThat(api.postRaw("/api/messages/", alice.token(), "{\"room\":\"x\",\"content\":\"hi\"}").status()).isEqualTo(400);
        Api.Response invalidUtf8 = api.postBytes("/api/messages/", alice.token(),
                new byte[] {'{', '"', 'r', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        assertThat(invalidUtf8.status()).isEqualTo(400);
        Api.Response tooLarge = api.post("/api/messages/", alice.token(),
                Map.of("room", room.toString(), "content", "y".repeat(70_000)));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().get("error").asText()).isEqualTo("too_large");
        Api.Response sql = api.post("/api/messages/", alice.token(),
                Map.of("room", room.toString(), "content", "'); DROP TABLE messages; --"));
        assertThat(sql.status()).isEqualTo(201);
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).hasSize(1);
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json().get(0).get("content").asText())
                .isEqualTo("'); DROP TABLE messages; --");
    }

    @Test
    void handshakesWithoutValidCredentialsOrFromAnotherSiteAreRefused() {
        Api.User alice = api.register("hs");

        assertThat(handshakeStatus()).isEqualTo(401);
        assertThat(handshakeStatus("Authorization", "Bearer not-a-token")).isEqualTo(401);
        assertThat(handshakeStatus("Cookie", "parley_session=" + alice.token(), "Origin", "http://evil.example")).isEqualTo(403);
        assertThat(handshakeStatus("Cookie", "parley_session=" + alice.token())).isEqualTo(403);
        try (WsClient sameSite = WsClient.connectWithHeaders(TestServer.ws(), "Cookie", "parley_session=" + alice.token(),
                "Origin", TestServer.http().toString())) {
            sameSite.roundTrip();
        }
    }

    @Test
    void sendingFasterThanTheLimitIsAnsweredWithRateLimited() {
        Api.User alice = api.register("rate");
        Api.User bob = api.register("rateb");
        UUID room = api.room(alice, bob);
        try (WsClient socket = WsClient.connect(alice)) {
            for (int i = 0; i < 40; i++) {
                socket.send(Map.of("type", "send", "room_uuid", room, "content", "spam " + i, "client_id", "r" + i));
            }
            int acks = 0;
            int limited = 0;
            for (int i = 0; i < 40; i++) {
                JsonNode frame = socket.await(f -> f.path("type").asText().matches("ack|error"), "ack or error");
                if (frame.get("type").asText().equals("ack")) {
                    acks++;
                } else {
                    assertThat(frame.get("code").asText()).isEqualTo("rate_limited");
                    limited++;
                }
            }
            assertThat(acks).isGreaterThanOrEqualTo(20).isLessThan(40);
            assertThat(limited).isEqualTo(40 - acks);
            assertThat(api.get("/api/messages/?room_uuid=" + room + "&limit=200", bob.token()).json()).hasSize(acks);
        }
    }

    private int handshakeStatus(String... headers) {
        Throwable failure = null;
        try {
            WsClient.connectWithHeaders(TestServer.ws(), headers).close();
        } catch (CompletionException e) {
            failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) failure).getResponse().statusCode();
    }
}

package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One person's frames cannot occupy a node or push anyone else off it: every connection has a frame budget, typing
 * indicators are relayed at most once a second per sender and room, outbound queues are bounded in size as well as
 * in frames, and one user's connections are capped.
 */
class HostileFramesTest {

    @Test
    void aStreamOfTypingFramesReachesTheOtherMemberAtMostOnceASecond() {
        Api api = Api.shared();
        Api.User alice = api.register("typer");
        Api.User bob = api.register("typerb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            long began = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                aliceSocket.send(Map.of("type", "typing", "room_uuid", room));
            }
            aliceSocket.roundTrip();
            // One relay per second the burst took (on a stalled machine it may span more than one second).
            long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();

            List<JsonNode> typing = bobSocket.drain(Duration.ofMillis(500)).stream()
                    .filter(frame -> frame.get("type").asText().equals("typing")).toList();

            assertThat(typing).hasSizeBetween(1, (int) (1 + seconds));
        }
    }

    @Test
    void framesBeyondTheConnectionsBudgetAreRefusedAndChangeNothing() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.limits.frames-burst", "5", "parley.limits.frames-per-second", "1"))) {
            Api api = new Api(http(node));
            Api.User alice = api.register("budget");
            Api.User bob = api.register("budgetb");
            UUID room = api.room(alice, bob);
            try (WsClient socket = WsClient.connectRaw(ws(node), alice)) {
                long began = System.nanoTime();
                for (int i = 0; i < 12; i++) {
                    socket.send(Map.of("type", "send", "room_uuid", room, "content", "n" + i, "client_id", "b" + i));
                }
                List<JsonNode> answers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    answers.add(socket.await(f -> f.get("type").asText().matches("ack|error"), "ack or error"));
                }

                long acked = answers.stream().filter(f -> f.get("type").asText().equals("ack")).count();
                // The burst of 5, plus one token a second for as long as the frames took to be handled.
                long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
                assertThat(acked).isBetween(5L, 6L + seconds);
                assertThat(answers).filteredOn(f -> f.get("type").asText().equals("error"))
                        .allMatch(f -> f.get("code").asText().equals("rate_limited"));
                assertThat(api.get("/api/messages/?room_uuid=" + room, alice.token()).json()).hasSize((int) acked);
            }
        }
    }

    @Test
    void openingOneConnectionTooManyClosesTheUsersOldest() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.ws.connections-per-user", "2"))) {
            Api api = new Api(http(node));
            Api.User alice = api.register("tabs");
            try (WsClient first = WsClient.connect(ws(node), alice);
                 WsClient second = WsClient.connect(ws(node), alice);
                 WsClient third = WsClient.connect(ws(node), alice)) {

                assertThat(first.awaitClose()).isEqualTo(1008);
                second.roundTrip();
                third.roundTrip();
            }
        }
    }

    @Test
    void oneNetworkCanOnlyHoldSoManyConnectionsWhateverTheAccounts() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.ws.connections-per-address", "2"))) {
            Api api = new Api(http(node));
            try (WsClient first = WsClient.connect(ws(node), api.register("net1"));
                 WsClient second = WsClient.connect(ws(node), api.register("net2"));
                 WsClient third = WsClient.connectRaw(ws(node), api.register("net3"))) {

                assertThat(third.awaitClose()).isEqualTo(1008);
                first.roundTrip();
                second.roundTrip();
            }
            try (WsClient later = WsClient.connect(ws(node), api.register("net4"))) {
                later.roundTrip(); // closing one made room (the refused one never counted)
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffWhenItsQueueHoldsTooManyCharactersEvenWithFewFrames() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.ws.outbound-queue", "100000",
                "parley.ws.outbound-queue-chars", "524288",
                "parley.limits.send-burst", "100000",
                "parley.limits.send-per-second", "100000"))) {
            Api api = new Api(http(node));
            Api.User alice = api.register("bytes");
            Api.User bob = api.register("bytesb");
            UUID room = api.room(alice, bob);
            String big = "z".repeat(4000);
            try (RawWebSocket stalled = new RawWebSocket(ws(node), bob.token(), 4096);
                 WsClient sender = WsClient.connect(ws(node), alice)) {
                stalled.sendText("{\"type\":\"sync\",\"since\":{}}");
                // Fifty at a time: the sender's own queue (its acks) stays short; only the connection that never reads
                // fills up.
                for (int i = 0; i < 2500; i += 50) {
                    for (int j = i; j < i + 50; j++) {
                        sender.send(Map.of("type", "send", "room_uuid", room, "content", big, "client_id", "q" + j));
                    }
                    for (int j = i; j < i + 50; j++) {
                        sender.await("ack");
                    }
                }

                assertThat(stalled.serverClosed()).isTrue();
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

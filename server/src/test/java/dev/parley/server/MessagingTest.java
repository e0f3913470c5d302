package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sending, acknowledging, fanning out and resuming over the WebSocket. */
class MessagingTest {

    private final Api api = Api.shared();

    @Test
    void aMessageFromAliceReachesAllOfBobsConnectionsAndAlicesOtherDevice() {
        Api.User alice = api.register("fan");
        Api.User bob = api.register("fanb");
        UUID room = api.room(alice, bob);
        try (WsClient alicePhone = WsClient.connect(alice);
             WsClient aliceLaptop = WsClient.connect(alice);
             WsClient bobPhone = WsClient.connect(bob);
             WsClient bobLaptop = WsClient.connect(bob)) {

            alicePhone.send(Map.of("type", "send", "room_uuid", room, "content", "hello", "client_id", "k1"));

            JsonNode ack = alicePhone.await("ack");
            assertThat(ack.get("client_id").asText()).isEqualTo("k1");
            JsonNode message = ack.get("message");
            assertThat(message.get("seq").asLong()).isEqualTo(1);
            for (WsClient other : List.of(aliceLaptop, bobPhone, bobLaptop)) {
                assertThat(other.await("message").get("message")).isEqualTo(message);
            }
            alicePhone.roundTrip();
            assertThat(alicePhone.drain(java.time.Duration.ofMillis(200)))
                    .noneMatch(frame -> frame.get("type").asText().equals("message"));
        }
    }

    @Test
    void anAckedMessageIsAlreadyCommitted() throws Exception {
        Api.User alice = api.register("commit");
        Api.User bob = api.register("commitb");
        UUID room = api.room(alice, bob);
        try (WsClient socket = WsClient.connect(alice)) {
            socket.send(Map.of("type", "send", "room_uuid", room, "content", "durable", "client_id", "d1"));
            String messageUuid = socket.await("ack").get("message").get("message_uuid").asText();

            // A separate connection sees only committed rows.
            try (Connection db = TestServer.dataSource().getConnection();
                 PreparedStatement query = db.prepareStatement("SELECT content FROM messages WHERE message_uuid = ?::uuid")) {
                query.setString(1, messageUuid);
                ResultSet row = query.executeQuery();
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("durable");
            }
        }
    }

    @Test
    void resendingAClientIdReturnsTheOriginalAndStoresOneMessage() {
        Api.User alice = api.register("dup");
        Api.User bob = api.register("dupb");
        UUID room = api.room(alice, bob);
        try (WsClient socket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            Map<String, Object> frame = Map.of("type", "send", "room_uuid", room, "content", "only once", "client_id", "same");
            socket.send(frame);
            JsonNode first = socket.await("ack").get("message");
            socket.send(frame);
            JsonNode second = socket.await("ack").get("message");

            assertThat(second).isEqualTo(first);
            bobSocket.await("message");
            bobSocket.roundTrip();
            assertThat(bobSocket.drain(java.time.Duration.ofMillis(200))).noneMatch(f -> f.get("type").asText().equals("message"));
            assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).hasSize(1);
        }
    }


    @Test
    void aBurstOfOneClientIdIsStoredOnceAndEverySendIsAckedWithIt() {
        Api.User alice = api.register("burst");
        Api.User bob = api.register("burstb");
        UUID room = api.room(alice, bob);
        try (WsClient socket = WsClient.connect(alice)) {
            Map<String, Object> frame = Map.of("type", "send", "room_uuid", room, "content", "burst", "client_id", "b-1");
            for (int i = 0; i < 5; i++) {
                socket.send(frame); // no waiting: some of these share a group commit
            }
            List<JsonNode> acks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                acks.add(socket.await("ack").get("message"));
            }

            assertThat(acks).allSatisfy(ack -> assertThat(ack).isEqualTo(acks.getFirst()));
            assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).hasSize(1);
        }
    }

    @Test
    void aClientIdReusedInAnotherRoomIsAConflictAndStoresNothing() {
        Api.User alice = api.register("reuse");
        Api.User bob = api.register("reuseb");
        Api.User carol = api.register("reusec");
        UUID first = api.room(alice, bob);
        UUID second = api.room(alice, carol);
        try (WsClient socket = WsClient.connect(alice)) {
            socket.send(Map.of("type", "send", "room_uuid", first, "content", "to bob", "client_id", "r-1"));
            socket.await("ack");
            socket.send(Map.of("type", "send", "room_uuid", second, "content", "to carol", "client_id", "r-1"));
            JsonNode error = socket.await("error");

            assertThat(error.get("code").asText()).isEqualTo("conflict");
            assertThat(error.get("client_id").asText()).isEqualTo("r-1");
            assertThat(api.get("/api/messages/?room_uuid=" + second, carol.token()).json()).isEmpty();
            assertThat(api.get("/api/messages/?room_uuid=" + first, bob.token()).json()).hasSize(1);
        }
    }
    @Test
    void concurrentSendersGetGapFreeSeqsAndEveryoneReceivesThemInOrder() throws Exception {
        Api.User alice = api.register("order");
        Api.User bob = api.register("orderb");
        UUID room = api.room(alice, bob);
        int perConnection = 9; // three connections, two users: within the default burst of 20 per user
        try (WsClient a1 = WsClient.connect(alice); WsClient a2 = WsClient.connect(alice);
             WsClient b1 = WsClient.connect(bob); WsClient watcher = WsClient.connect(bob)) {
            List<Thread> senders = new ArrayList<>();
            for (WsClient sender : List.of(a1, a2, b1)) {
                senders.add(Thread.startVirtualThread(() -> {
                    for (int i = 0; i < perConnection; i++) {
                        sender.send(Map.of("type", "send", "room_uuid", room, "content", "n" + i,
                                "client_id", UUID.randomUUID().toString()));
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join(10_000);
            }
            int total = 3 * perConnection;

            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                seen.add(watcher.await("message").get("message").get("seq").asLong());
            }
            assertThat(seen).isSorted().doesNotHaveDuplicates().hasSize(total);
            assertThat(seen.get(0)).isEqualTo(1L);
            assertThat(seen.get(total - 1)).isEqualTo((long) total);
        }
    }

    @Test
    void aClientThatWasOfflineReceivesExactlyWhatItMissedInOrder() {
        Api.User alice = api.register("resume");
        Api.User bob = api.register("resumeb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice)) {
            for (int i = 1; i <= 3; i++) {
                aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "before " + i, "client_id", "b" + i));
                aliceSocket.await("ack");
            }
            // Bob has seen up to seq 1; messages 2 and 3 and then 4..6 arrive while he is away.
            for (int i = 4; i <= 6; i++) {
                aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "away " + i, "client_id", "a" + i));
                aliceSocket.await("ack");
            }
        }
        try (WsClient bobSocket = WsClient.connectRaw(TestServer.ws(), bob)) {
            bobSocket.send(Map.of("type", "sync", "since", Map.of(room.toString(), 1)));

            List<Long> replayed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                replayed.add(bobSocket.await("message").get("message").get("seq").asLong());
            }
            JsonNode synced = bobSocket.await("synced");

            assertThat(replayed).containsExactly(2L, 3L, 4L, 5L, 6L);
            assertThat(synced.get("has_more")).isEmpty();
            bobSocket.roundTrip();
            assertThat(bobSocket.drain(java.time.Duration.ofMillis(200)))
                    .noneMatch(f -> f.get("type").asText().equals("message"));
        }
    }

    @Test
    void messagesCommittedWhileAClientConnectsAreNeitherLostNorDoubledByItsSync() {
        Api.User alice = api.register("window");
        Api.User bob = api.register("windowb");
        UUID room = api.room(alice, bob);
        api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "one"));
        try (WsClient bobSocket = WsClient.connectRaw(TestServer.ws(), bob)) {
            // Committed after bob's socket opened but before his first frame: held, then merged with the replay.
            api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "two"));
            bobSocket.send(Map.of("type", "sync", "since", Map.of(room.toString(), 0)));
            api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "three"));

            List<String> contents = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                contents.add(bobSocket.await("message").get("message").get("content").asText());
            }
            bobSocket.roundTrip();

            assertThat(contents).containsExactly("one", "two", "three");
            assertThat(bobSocket.drain(java.time.Duration.ofMillis(200)))
                    .noneMatch(f -> f.get("type").asText().equals("message"));
        }
    }

    @Test
    void aSyncThatArrivesAfterLiveTrafficStillReplaysEverythingMissed() {
        Api.User alice = api.register("late");
        Api.User bob = api.register("lateb");
        UUID room = api.room(alice, bob);
        api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "one"));
        api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "two"));
        try (WsClient bobSocket = WsClient.connectRaw(TestServer.ws(), bob)) {
            bobSocket.roundTrip(); // a first frame that is not a sync: live traffic flows from here
            api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "three"));
            assertThat(bobSocket.await("message").get("message").get("seq").asLong()).isEqualTo(3);

            bobSocket.send(Map.of("type", "sync", "since", Map.of(room.toString(), 0)));
            List<Long> replayed = new ArrayList<>();
            replayed.add(bobSocket.await("message").get("message").get("seq").asLong());
            replayed.add(bobSocket.await("message").get("message").get("seq").asLong());
            bobSocket.await("synced");
            bobSocket.roundTrip();

            assertThat(replayed).containsExactly(1L, 2L);
            assertThat(bobSocket.drain(java.time.Duration.ofMillis(200)))
                    .noneMatch(f -> f.get("type").asText().equals("message"));
        }
    }

    @Test
    void restSendsAreBroadcastExactlyLikeWebSocketSends() {
        Api.User alice = api.register("restws");
        Api.User bob = api.register("restwsb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            JsonNode posted = api.post("/api/messages/", alice.token(),
                    Map.of("room", room.toString(), "content", "via rest")).json();

            assertThat(bobSocket.await("message").get("message")).isEqualTo(posted);
            assertThat(aliceSocket.await("message").get("message")).isEqualTo(posted);
        }
    }
}

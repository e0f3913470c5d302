package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Delivered and read ticks, unread counts, typing and online / last seen. */
class ReceiptsAndPresenceTest {

    private final Api api = Api.shared();

    @Test
    void aMessageWrittenToTheRecipientsConnectionSendsTheDeliveredTickToTheSender() {
        Api.User alice = api.register("tick");
        Api.User bob = api.register("tickb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "ping me", "client_id", "t1"));
            long seq = aliceSocket.await("ack").get("message").get("seq").asLong();

            JsonNode receipt = aliceSocket.await(f -> f.path("type").asText().equals("receipt"), "receipt");

            assertThat(receipt.get("kind").asText()).isEqualTo("delivered");
            assertThat(receipt.get("user").asText()).isEqualTo(bob.username());
            assertThat(receipt.get("seq").asLong()).isEqualTo(seq);
            assertThat(receipt.get("room_uuid").asText()).isEqualTo(room.toString());
        }
    }

    @Test
    void readingMovesTheWatermarkSendsTheBlueTickAndClearsUnread() {
        Api.User alice = api.register("read");
        Api.User bob = api.register("readb");
        UUID room = api.room(alice, bob);
        for (int i = 0; i < 3; i++) {
            api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "m" + i));
        }
        assertThat(unread(bob)).isEqualTo(3);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            bobSocket.send(Map.of("type", "read", "room_uuid", room, "seq", 2));

            JsonNode receipt = aliceSocket.await(f -> f.path("kind").asText().equals("read"), "read receipt");
            assertThat(receipt.get("user").asText()).isEqualTo(bob.username());
            assertThat(receipt.get("seq").asLong()).isEqualTo(2);
            assertThat(unread(bob)).isEqualTo(1);

            // Watermarks never move backwards: an older read changes nothing and announces nothing.
            bobSocket.send(Map.of("type", "read", "room_uuid", room, "seq", 1));
            bobSocket.roundTrip();
            assertThat(unread(bob)).isEqualTo(1);
            JsonNode bobMember = member(bob, bob.username());
            assertThat(bobMember.get("read_seq").asLong()).isEqualTo(2);
            assertThat(bobMember.get("delivered_seq").asLong()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void readingBeyondTheNewestMessageIsAValidationError() {
        Api.User alice = api.register("far");
        Api.User bob = api.register("farb");
        UUID room = api.room(alice, bob);
        try (WsClient bobSocket = WsClient.connect(bob)) {
            bobSocket.send(Map.of("type", "read", "room_uuid", room, "seq", 5));

            JsonNode error = bobSocket.await("error");

            assertThat(error.get("code").asText()).isEqualTo("validation");
            assertThat(member(bob, bob.username()).get("read_seq").asLong()).isZero();
        }
    }

    @Test
    void sendingMovesTheSendersOwnWatermarkSoOwnMessagesAreNeverUnread() {
        Api.User alice = api.register("own");
        Api.User bob = api.register("ownb");
        UUID room = api.room(alice, bob);
        api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "from bob"));
        api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "reply"));

        assertThat(unread(alice)).isZero();
        assertThat(unread(bob)).isEqualTo(1);
        assertThat(member(alice, alice.username()).get("read_seq").asLong()).isEqualTo(2);
    }

    @Test
    void aReplyReadsTheChatAndTheOtherMemberIsToldAtOnceAsByARead() {
        Api.User alice = api.register("reply");
        Api.User bob = api.register("replyb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice)) {
            api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "lunch?"));
            // Bob answers without ever sending a read (a REST client, a bot): his reply reads the chat.
            api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "yes!"));

            JsonNode receipt = aliceSocket.await(f -> "receipt".equals(f.path("type").asText())
                    && "read".equals(f.path("kind").asText()), "bob's read");
            assertThat(receipt.get("user").asText()).isEqualTo(bob.username());
            assertThat(receipt.get("seq").asLong()).isEqualTo(2);

            // A second message of his reads nothing new: no second receipt.
            api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "at noon"));
            aliceSocket.await(f -> "message".equals(f.path("type").asText())
                    && f.at("/message/seq").asLong() == 3, "his second message");
            assertThat(aliceSocket.drain(java.time.Duration.ofMillis(300)))
                    .noneMatch(f -> "receipt".equals(f.path("type").asText()) && "read".equals(f.path("kind").asText()));
        }
    }

    @Test
    void aReplyFromSomeoneWithReadReceiptsOffTellsOnlyThatTheMessagesArrived() {
        Api.User alice = api.register("replyoff");
        Api.User bob = api.register("replyoffb");
        UUID room = api.room(alice, bob);
        assertThat(api.patch("/api/me/settings/", bob.token(), Map.of("read_receipts", false)).status()).isEqualTo(200);
        try (WsClient aliceSocket = WsClient.connect(alice)) {
            api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "lunch?"));
            api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "yes!"));

            JsonNode receipt = aliceSocket.await(f -> "receipt".equals(f.path("type").asText())
                    && f.path("seq").asLong() == 2, "bob's receipt");
            assertThat(receipt.get("kind").asText()).isEqualTo("delivered");
            assertThat(aliceSocket.drain(java.time.Duration.ofMillis(300)))
                    .noneMatch(f -> "read".equals(f.path("kind").asText()));
        }
    }

    @Test
    void aSendersBusyMemberRowNeitherDelaysTheirMessageNorLosesTheirWatermark() throws Exception {
        Api.User alice = api.register("busy");
        Api.User bob = api.register("busyb");
        UUID room = api.room(alice, bob);
        try (java.sql.Connection db = TestServer.dataSource().getConnection()) {
            db.setAutoCommit(false);
            // Hold alice's member row the way the delivery recorder does while it commits.
            try (var lock = db.prepareStatement("""
                    SELECT 1 FROM room_members m JOIN rooms r ON r.id = m.room_id JOIN users u ON u.id = m.user_id
                    WHERE r.room_uuid = ? AND u.username = ? FOR UPDATE OF m""")) {
                lock.setObject(1, room);
                lock.setString(2, alice.username());
                lock.executeQuery().close();
            }
            long started = System.nanoTime();
            Api.Response sent = api.post("/api/messages/", alice.token(),
                    Map.of("room", room.toString(), "content", "not waiting for my row"));

            assertThat(sent.status()).isEqualTo(201);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(member(alice, alice.username()).get("read_seq").asLong()).isZero();
            db.rollback();
        }
        Eventually.await(Duration.ofSeconds(5), "alice's watermark moved past her own message",
                () -> member(alice, alice.username()).get("read_seq").asLong() == 1);
        assertThat(member(alice, alice.username()).get("delivered_seq").asLong()).isEqualTo(1);
    }

    @Test
    void typingIsRelayedToTheOtherMemberOnly() {
        Api.User alice = api.register("type");
        Api.User bob = api.register("typeb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            aliceSocket.send(Map.of("type", "typing", "room_uuid", room));

            JsonNode typing = bobSocket.await("typing");

            assertThat(typing.get("user").asText()).isEqualTo(alice.username());
            assertThat(typing.get("room_uuid").asText()).isEqualTo(room.toString());
            aliceSocket.roundTrip();
            assertThat(aliceSocket.drain(Duration.ofMillis(200))).noneMatch(f -> f.get("type").asText().equals("typing"));
            assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).isEmpty();
        }
    }

    @Test
    void typingRightAfterSendingAMessageIsRelayedAtOnce() {
        Api.User alice = api.register("typs");
        Api.User bob = api.register("typsb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            aliceSocket.send(Map.of("type", "typing", "room_uuid", room));
            bobSocket.await("typing");
            aliceSocket.send(Map.of("type", "send", "room_uuid", room, "content", "ok", "client_id", "typs1"));
            aliceSocket.await("ack");

            aliceSocket.send(Map.of("type", "typing", "room_uuid", room)); // well within a second of the first

            JsonNode again = bobSocket.await("typing");
            assertThat(again.get("user").asText()).isEqualTo(alice.username());
        }
    }

    @Test
    void comingOnlineAndGoingOfflineIsAnnouncedToContactsWithLastSeen() {
        Api.User alice = api.register("pres");
        Api.User bob = api.register("presb");
        api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice)) {
            WsClient bobSocket = WsClient.connect(bob);
            JsonNode online = aliceSocket.await(f -> f.path("type").asText().equals("presence") && f.get("online").asBoolean(),
                    "online presence");
            assertThat(online.get("user").asText()).isEqualTo(bob.username());
            assertThat(member(alice, bob.username()).get("online").asBoolean()).isTrue();

            bobSocket.close();

            JsonNode offline = aliceSocket.await(f -> f.path("type").asText().equals("presence") && !f.get("online").asBoolean(),
                    "offline presence");
            assertThat(offline.get("user").asText()).isEqualTo(bob.username());
            assertThat(offline.get("last_seen").asText()).endsWith("Z");
            JsonNode bobSeen = member(alice, bob.username());
            assertThat(bobSeen.get("online").asBoolean()).isFalse();
            assertThat(bobSeen.get("last_seen").asText()).isEqualTo(offline.get("last_seen").asText());
        }
    }

    @Test
    void aSecondDeviceDoesNotAnnounceAnythingNew() {
        Api.User alice = api.register("multi");
        Api.User bob = api.register("multib");
        api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobPhone = WsClient.connect(bob)) {
            aliceSocket.await("presence");
            try (WsClient bobLaptop = WsClient.connect(bob)) {
                bobLaptop.roundTrip();
            }
            aliceSocket.roundTrip();
            assertThat(aliceSocket.drain(Duration.ofMillis(300))).noneMatch(f -> f.get("type").asText().equals("presence"));
        }
    }

    @Test
    void aCrowdComingAndGoingAtOnceEndsWithEachUsersPresenceAsTheirConnectionsSay() throws Exception {
        int pairs = 24;
        List<Api.User> watchers = new ArrayList<>();
        List<Api.User> crowd = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Api.User watcher = api.register("crw" + i);
            Api.User member = api.register("crm" + i);
            api.room(watcher, member);
            watchers.add(watcher);
            crowd.add(member);
        }
        List<WsClient> watching = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Api.User watcher : watchers) {
                watching.add(WsClient.connect(watcher));
            }
            // Everyone comes at once: each is online for their partner as soon as their connection is open.
            List<Future<WsClient>> opening = new ArrayList<>();
            for (Api.User member : crowd) {
                opening.add(threads.submit(() -> {
                    WsClient socket = WsClient.connect(member);
                    socket.roundTrip();
                    return socket;
                }));
            }
            List<WsClient> sockets = new ArrayList<>();
            for (Future<WsClient> socket : opening) {
                sockets.add(socket.get());
            }
            for (int i = 0; i < pairs; i++) {
                assertThat(member(watchers.get(i), crowd.get(i).username()).get("online").asBoolean())
                        .as("%s online right after connecting", crowd.get(i).username()).isTrue();
                String name = crowd.get(i).username();
                watching.get(i).await(f -> f.path("type").asText().equals("presence")
                        && f.get("user").asText().equals(name) && f.get("online").asBoolean(), "online of " + name);
            }
            // Then at once: half leave for good, the other half drop and come straight back.
            List<Future<?>> moving = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                WsClient socket = sockets.get(i);
                Api.User member = crowd.get(i);
                boolean back = i % 2 == 1;
                moving.add(threads.submit(() -> {
                    socket.close();
                    if (back) {
                        WsClient again = WsClient.connect(member);
                        again.roundTrip();
                        sockets.set(crowd.indexOf(member), again);
                    }
                    return null;
                }));
            }
            for (Future<?> move : moving) {
                move.get();
            }
            for (int i = 0; i < pairs; i++) {
                Api.User watcher = watchers.get(i);
                String name = crowd.get(i).username();
                boolean back = i % 2 == 1;
                Eventually.await(Duration.ofSeconds(10), name + (back ? " online" : " offline"),
                        () -> member(watcher, name).get("online").asBoolean() == back);
                if (!back) {
                    JsonNode offline = watching.get(i).await(f -> f.path("type").asText().equals("presence")
                            && f.get("user").asText().equals(name) && !f.get("online").asBoolean(), "offline of " + name);
                    assertThat(offline.get("last_seen").asText()).endsWith("Z");
                }
            }
            // And it stays so: nothing written late turns anyone the wrong way.
            watching.getFirst().roundTrip();
            for (int i = 0; i < pairs; i++) {
                assertThat(member(watchers.get(i), crowd.get(i).username()).get("online").asBoolean())
                        .isEqualTo(i % 2 == 1);
            }
            sockets.forEach(WsClient::close);
        } finally {
            watching.forEach(WsClient::close);
        }
    }

    private long unread(Api.User user) {
        return api.get("/api/rooms/", user.token()).json().get(0).get("unread_count").asLong();
    }

    private JsonNode member(Api.User viewer, String username) {
        for (JsonNode member : api.get("/api/rooms/", viewer.token()).json().get(0).get("members")) {
            if (member.get("username").asText().equals(username)) {
                return member;
            }
        }
        throw new AssertionError("no member " + username);
    }
}

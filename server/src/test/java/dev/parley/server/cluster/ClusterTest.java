package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes on one PostgreSQL: whatever happens on one reaches the members connected to the other. */
class ClusterTest {

    private static SharedPostgres postgres;
    private static Parley nodeA;
    private static Parley nodeB;

    @BeforeAll
    static void startCluster() {
        postgres = new SharedPostgres();
        nodeA = postgres.node("node-a");
        nodeB = postgres.node("node-b");
    }

    @AfterAll
    static void stopCluster() {
        nodeA.close();
        nodeB.close();
        postgres.close();
    }

    @Test
    void messagesReceiptsAndTypingCrossNodes() {
        Api api = api(nodeA);
        Api.User alice = api.register("xa");
        Api.User bob = api.register("xb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceOnA = WsClient.connect(ws(nodeA), alice); WsClient bobOnB = WsClient.connect(ws(nodeB), bob)) {
            aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "across", "client_id", "x1"));
            JsonNode acked = aliceOnA.await("ack").get("message");

            assertThat(bobOnB.await("message").get("message")).isEqualTo(acked);
            JsonNode delivered = aliceOnA.await(f -> f.path("kind").asText().equals("delivered"), "delivered receipt");
            assertThat(delivered.get("user").asText()).isEqualTo(bob.username());

            bobOnB.send(Map.of("type", "read", "room_uuid", room, "seq", acked.get("seq").asLong()));
            assertThat(aliceOnA.await(f -> f.path("kind").asText().equals("read"), "read receipt").get("seq").asLong())
                    .isEqualTo(acked.get("seq").asLong());

            bobOnB.send(Map.of("type", "typing", "room_uuid", room));
            assertThat(aliceOnA.await("typing").get("user").asText()).isEqualTo(bob.username());
        }
    }

    @Test
    void aBlockMadeOnOneNodeIsEnforcedOnTheOther() {
        Api api = api(nodeA);
        Api.User alice = api.register("ka");
        Api.User bob = api.register("kb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceOnA = WsClient.connect(ws(nodeA), alice); WsClient bobOnB = WsClient.connect(ws(nodeB), bob)) {
            // Node B learns what it knows about bob's blocks before the block: the block must replace it.
            bobOnB.send(Map.of("type", "send", "room_uuid", room, "content", "before", "client_id", "k1"));
            bobOnB.await("ack");
            aliceOnA.await("message");

            assertThat(api.post("/api/users/" + bob.username() + "/block", alice.token(), "").status()).isEqualTo(204);
            JsonNode hidden = bobOnB.await(f -> f.path("type").asText().equals("presence")
                    && f.path("user").asText().equals(alice.username()) && !f.get("online").asBoolean(), "alice hidden");
            assertThat(hidden.get("last_seen").isNull()).isTrue();
            bobOnB.send(Map.of("type", "send", "room_uuid", room, "content", "after", "client_id", "k2"));
            bobOnB.send(Map.of("type", "typing", "room_uuid", room));

            assertThat(bobOnB.await("error").get("code").asText()).isEqualTo("forbidden");
            bobOnB.roundTrip();
            aliceOnA.roundTrip();
            assertThat(aliceOnA.drain(Duration.ofMillis(300)))
                    .noneMatch(f -> f.path("type").asText().matches("message|typing"));
        }
    }

    @Test
    void aProfileChangedOnOneNodeReachesContactsAndOtherDevicesOnTheOther() {
        Api api = api(nodeA);
        Api.User alice = api.register("pa");
        Api.User bob = api.register("pb");
        api.room(alice, bob);
        try (WsClient bobOnB = WsClient.connect(ws(nodeB), bob); WsClient aliceOnB = WsClient.connect(ws(nodeB), alice)) {
            api.patch("/api/me", alice.token(), Map.of("display_name", "Alice Liddell", "about", "At the tea party"));

            for (WsClient socket : List.of(bobOnB, aliceOnB)) {
                JsonNode frame = socket.await(f -> f.path("type").asText().equals("profile"), "alice's profile");
                assertThat(frame.get("display_name").asText()).isEqualTo("Alice Liddell");
                assertThat(frame.get("about").asText()).isEqualTo("At the tea party");
            }
        }
    }

    @Test
    void aChatSettingChangedOnOneNodeReachesTheUsersConnectionOnTheOther() {
        Api.User alice = api(nodeA).register("sa");
        Api.User bob = api(nodeA).register("sb");
        UUID room = api(nodeA).room(alice, bob);
        try (WsClient aliceOnB = WsClient.connect(ws(nodeB), alice)) {
            aliceOnB.roundTrip();
            api(nodeA).patch("/api/rooms/" + room + "/settings/", alice.token(), Map.of("muted_until", "forever"));

            // The room's creation may reach node B's bus after alice connected there: its room frame (not muted)
            // can come first. The setting's own frame is the one that says muted.
            JsonNode frame = aliceOnB.await(f -> f.path("type").asText().equals("room")
                    && f.path("room").path("muted_until").asText().equals("forever"), "the muted room").get("room");
            assertThat(frame.get("room_uuid").asText()).isEqualTo(room.toString());
        }
    }

    @Test
    void readReceiptsTurnedOffOnOneNodeStopAReadReachingThePartnerOnTheOther() {
        Api api = api(nodeA);
        Api.User alice = api.register("ra");
        Api.User bob = api.register("rb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceOnA = WsClient.connect(ws(nodeA), alice); WsClient bobOnB = WsClient.connect(ws(nodeB), bob)) {
            // node B decides what bob hears of alice's reads: it looks her settings up now (receipts on)
            long first = post(api, bob, room, "first");
            aliceOnA.send(Map.of("type", "read", "room_uuid", room, "seq", first));
            bobOnB.await(f -> f.path("kind").asText().equals("read"), "alice's first read");

            api.patch("/api/me/settings/", alice.token(), Map.of("read_receipts", false));
            long second = post(api, bob, room, "second"); // told after the change: node B has had the change by then
            bobOnB.await(f -> f.path("type").asText().equals("message")
                    && f.path("message").path("seq").asLong() == second, "the second message");
            aliceOnA.send(Map.of("type", "read", "room_uuid", room, "seq", second));
            aliceOnA.await(f -> f.path("kind").asText().equals("read") && f.path("seq").asLong() == second,
                    "her own read");

            assertThat(bobOnB.drain(Duration.ofMillis(500))).noneMatch(f -> f.path("kind").asText().equals("read"));
        }
    }

    private static long post(Api api, Api.User sender, UUID room, String content) {
        return api.post("/api/messages/", sender.token(), Map.of("room", room.toString(), "content", content)).json()
                .get("seq").asLong();
    }

    @Test
    void aRoomCreatedOnOneNodeIsAnnouncedOnTheOther() {
        Api.User alice = api(nodeA).register("ra");
        Api.User bob = api(nodeA).register("rb");
        try (WsClient bobOnB = WsClient.connect(ws(nodeB), bob)) {
            UUID room = api(nodeA).room(alice, bob);

            assertThat(bobOnB.await("room").get("room").get("room_uuid").asText()).isEqualTo(room.toString());
        }
    }

    @Test
    void theFirstMessagesOfARoomCreatedOnTheOtherNodeAllReachALiveConnection() {
        Api.User alice = api(nodeA).register("fa");
        Api.User bob = api(nodeA).register("fb");
        try (WsClient bobOnB = WsClient.connect(ws(nodeB), bob)) {
            UUID room = api(nodeA).room(alice, bob);
            api(nodeA).post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "first"));
            api(nodeA).post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "second"));

            assertThat(bobOnB.await("message").get("message").get("seq").asLong()).isEqualTo(1);
            assertThat(bobOnB.await("message").get("message").get("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aUserIsOnlineWhileConnectedToAnyNode() {
        Api api = api(nodeA);
        Api.User alice = api.register("pa");
        Api.User bob = api.register("pb");
        api.room(alice, bob);
        try (WsClient aliceOnA = WsClient.connect(ws(nodeA), alice)) {
            WsClient bobOnB = WsClient.connect(ws(nodeB), bob);
            aliceOnA.await(f -> f.path("type").asText().equals("presence") && f.get("online").asBoolean(), "online");
            WsClient bobOnA = WsClient.connect(ws(nodeA), bob);
            bobOnB.close();
            bobOnA.roundTrip();
            aliceOnA.roundTrip();
            assertThat(online(api, alice, bob)).isTrue();
            assertThat(aliceOnA.drain(Duration.ofMillis(500)))
                    .noneMatch(f -> f.path("type").asText().equals("presence") && !f.get("online").asBoolean());

            bobOnA.close();

            JsonNode offline = aliceOnA.await(f -> f.path("type").asText().equals("presence")
                    && !f.get("online").asBoolean(), "offline");
            assertThat(offline.get("user").asText()).isEqualTo(bob.username());
            assertThat(online(api, alice, bob)).isFalse();
        }
    }

    @Test
    void steadyTrafficInManyRoomsReachesEveryMemberExactlyOnceInOrder() throws Exception {
        Api api = api(nodeA);
        int pairs = 6;
        int perSender = 25;
        List<WsClient> clients = new ArrayList<>();
        Map<WsClient, UUID> roomOf = new HashMap<>();
        try {
            for (int i = 0; i < pairs; i++) {
                Api.User left = api.register("sl");
                Api.User right = api.register("sr");
                UUID room = api.room(left, right);
                // Each pair is split over the two nodes, alternating sides.
                WsClient l = WsClient.connect(ws(i % 2 == 0 ? nodeA : nodeB), left);
                WsClient r = WsClient.connect(ws(i % 2 == 0 ? nodeB : nodeA), right);
                clients.add(l);
                clients.add(r);
                roomOf.put(l, room);
                roomOf.put(r, room);
            }
            List<Thread> senders = new ArrayList<>();
            for (WsClient client : clients) {
                senders.add(Thread.startVirtualThread(() -> {
                    for (int n = 0; n < perSender; n++) {
                        client.send(Map.of("type", "send", "room_uuid", roomOf.get(client), "content", "n" + n,
                                "client_id", UUID.randomUUID().toString()));
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join(Duration.ofSeconds(20));
            }

            for (WsClient client : clients) {
                List<Long> seqs = new ArrayList<>();
                for (int n = 0; n < 2 * perSender; n++) {
                    JsonNode frame = client.await(f -> f.path("type").asText().matches("ack|message"), "ack or message");
                    seqs.add(frame.get("message").get("seq").asLong());
                }
                client.roundTrip();
                assertThat(client.drain(Duration.ofMillis(300))).noneMatch(f -> f.path("type").asText().equals("message"));
                assertThat(seqs).doesNotHaveDuplicates().hasSize(2 * perSender);
                List<Long> received = seqs.stream().sorted().toList();
                assertThat(received.get(0)).isEqualTo(1L);
                assertThat(received.get(received.size() - 1)).isEqualTo(2L * perSender);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void messagesFromTheOtherNodeArriveInSeqOrderInterleavedWithLocalOnes() {
        Api api = api(nodeA);
        Api.User alice = api.register("ia");
        Api.User bob = api.register("ib");
        UUID room = api.room(alice, bob);
        try (WsClient aliceOnA = WsClient.connect(ws(nodeA), alice);
             WsClient bobOnB = WsClient.connect(ws(nodeB), bob);
             WsClient watcherOnA = WsClient.connect(ws(nodeA), bob)) {
            for (int n = 0; n < 20; n++) {
                aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "a" + n, "client_id", "a" + n));
                bobOnB.send(Map.of("type", "send", "room_uuid", room, "content", "b" + n, "client_id", "b" + n));
            }
            List<Long> seen = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                seen.add(watcherOnA.await("message").get("message").get("seq").asLong());
            }
            assertThat(seen).isSorted().doesNotHaveDuplicates().hasSize(40);
        }
    }

    @Test
    void messageActionsOnOneNodeReachMembersOnTheOtherInSeqOrderAmongTheMessages() {
        Api api = api(nodeA);
        Api.User alice = api.register("xa");
        Api.User bob = api.register("xb");
        UUID room = api.room(alice, bob);
        try (WsClient aliceOnA = WsClient.connect(ws(nodeA), alice);
             WsClient bobOnB = WsClient.connect(ws(nodeB), bob)) {
            aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "typo", "client_id", "x1"));
            long seq = aliceOnA.await("ack").get("message").get("seq").asLong();
            aliceOnA.send(Map.of("type", "edit", "room_uuid", room, "seq", seq, "content", "fixed", "client_id", "x2"));
            aliceOnA.send(Map.of("type", "react", "room_uuid", room, "seq", seq, "emoji", "👍", "client_id", "x3"));
            aliceOnA.send(Map.of("type", "send", "room_uuid", room, "content", "after", "client_id", "x4"));
            aliceOnA.send(Map.of("type", "delete", "room_uuid", room, "seq", seq, "client_id", "x5"));

            List<String> seen = new ArrayList<>();
            List<Long> seqs = new ArrayList<>();
            while (seen.size() < 5) {
                JsonNode frame = bobOnB.await(f -> List.of("message", "update").contains(f.path("type").asText()),
                        "message or update");
                boolean update = frame.get("type").asText().equals("update");
                // A message read back from the database on node B shows as it is then: "typo" may already be "fixed".
                String content = update ? null : frame.get("message").get("content").asText();
                seen.add(update ? frame.get("action").asText() : content.equals("fixed") ? "typo" : content);
                seqs.add(update ? frame.get("seq").asLong() : frame.get("message").get("seq").asLong());
            }
            // Sends go through the group-commit writer, actions commit at once: "after" may take its seq before or
            // after the delete; the other node delivers whatever the order is, in seq order.
            assertThat(seen).containsExactlyInAnyOrder("typo", "edit", "react", "after", "delete");
            assertThat(seen.subList(0, 3)).containsExactly("typo", "edit", "react");
            assertThat(seqs).containsExactly(seq, seq + 1, seq + 2, seq + 3, seq + 4);
            JsonNode last = api(nodeB).get("/api/messages/?room_uuid=" + room, bob.token()).json();
            assertThat(last.get(0).get("deleted").asBoolean()).isTrue();
            assertThat(last.get(1).get("content").asText()).isEqualTo("after");
            assertThat(last).hasSize(2);
        }
    }

    @Test
    void aGroupWhoseMembersAreSpreadOverTwoNodesGetsEveryEventOnceAndInOrder() throws Exception {
        Api a = api(nodeA);
        Api b = api(nodeB);
        Api.User alice = a.register("ga");
        Api.User bob = a.register("gb");
        Api.User carol = a.register("gc");
        Api.User dave = a.register("gd");
        UUID group = a.group(alice, "Spread", bob, carol, dave);
        List<Api.User> people = List.of(alice, bob, carol, dave);
        List<WsClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < people.size(); i++) {
                WsClient socket = WsClient.connect(ws(i % 2 == 0 ? nodeA : nodeB), people.get(i));
                socket.send(Map.of("type", "sync", "since", Map.of(group.toString(), 1)));
                socket.await("synced");
                sockets.add(socket);
            }
            for (int i = 0; i < 30; i++) {
                Api.User from = people.get(i % people.size());
                (i % 3 == 0 ? b : a).post("/api/messages/", from.token(),
                        Map.of("room", group.toString(), "content", "m" + i));
            }
            for (WsClient socket : sockets) {
                List<Long> seen = new ArrayList<>();
                while (seen.size() < 30) {
                    seen.add(socket.await("message").get("message").get("seq").asLong());
                }
                assertThat(seen).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, 31).boxed().toList());
                socket.roundTrip();
                assertThat(socket.drain(Duration.ofMillis(200))).noneMatch(f -> f.path("type").asText().equals("message"));
            }
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    @Test
    void aMemberRemovedOnOneNodeStopsReceivingOnTheOtherAndOneAddedThereIsAnnouncedAndFollowsLive() {
        Api a = api(nodeA);
        Api.User alice = a.register("gra");
        Api.User carol = a.register("grc");
        Api.User dave = a.register("grd");
        Api.User erin = a.register("gre");
        UUID group = a.group(alice, "Moves", carol, dave);
        try (WsClient carolOnB = WsClient.connect(ws(nodeB), carol);
             WsClient daveOnB = WsClient.connect(ws(nodeB), dave);
             WsClient erinOnB = WsClient.connect(ws(nodeB), erin)) {
            for (WsClient socket : List.of(carolOnB, daveOnB, erinOnB)) {
                socket.roundTrip();
            }
            assertThat(a.delete("/api/rooms/" + group + "/members/" + dave.username() + "/", alice.token()).status())
                    .isEqualTo(204);
            JsonNode removal = daveOnB.await("message").get("message");
            assertThat(removal.get("event").get("action").asText()).isEqualTo("removed");
            assertThat(a.post("/api/rooms/" + group + "/members/", alice.token(),
                    Map.of("users", List.of(erin.username()))).status()).isEqualTo(200);
            a.post("/api/messages/", alice.token(), Map.of("room", group.toString(), "content", "after the moves"));

            assertThat(erinOnB.await("room").get("room").get("room_uuid").asText()).isEqualTo(group.toString());
            assertThat(erinOnB.await("message").get("message").get("event").get("action").asText()).isEqualTo("added");
            assertThat(erinOnB.await("message").get("message").get("content").asText()).isEqualTo("after the moves");
            List<String> carolSaw = new ArrayList<>();
            while (carolSaw.size() < 3) {
                JsonNode message = carolOnB.await("message").get("message");
                carolSaw.add(message.path("event").path("action").asText(message.get("content").asText()));
            }
            assertThat(carolSaw).containsExactly("removed", "added", "after the moves");
            daveOnB.roundTrip();
            assertThat(daveOnB.drain(Duration.ofMillis(300))).noneMatch(f -> f.path("type").asText().equals("message"));
        }
    }

    @Test
    void aGroupsTicksReachTheSenderOnTheOtherNode() {
        Api a = api(nodeA);
        Api.User alice = a.register("gta");
        Api.User bob = a.register("gtb");
        Api.User carol = a.register("gtc");
        UUID group = a.group(alice, "Ticks", bob, carol);
        try (WsClient aliceOnA = WsClient.connect(ws(nodeA), alice);
             WsClient bobOnB = WsClient.connect(ws(nodeB), bob);
             WsClient carolOnB = WsClient.connect(ws(nodeB), carol)) {
            for (WsClient socket : List.of(aliceOnA, bobOnB, carolOnB)) {
                socket.send(Map.of("type", "sync", "since", Map.of(group.toString(), 1)));
                socket.await("synced");
            }
            aliceOnA.send(Map.of("type", "send", "room_uuid", group, "content", "ticks?", "client_id", "gt1"));
            long seq = aliceOnA.await("ack").get("message").get("seq").asLong();
            aliceOnA.await(f -> f.path("type").asText().equals("ticks") && f.path("delivered_seq").asLong() >= seq,
                    "delivered to everyone");
            bobOnB.send(Map.of("type", "read", "room_uuid", group, "seq", seq));
            carolOnB.send(Map.of("type", "read", "room_uuid", group, "seq", seq));
            aliceOnA.await(f -> f.path("type").asText().equals("ticks") && f.path("read_seq").asLong() >= seq,
                    "read by everyone");
        }
    }

    private static boolean online(Api api, Api.User viewer, Api.User other) {
        for (JsonNode member : api.get("/api/rooms/", viewer.token()).json().get(0).get("members")) {
            if (member.get("username").asText().equals(other.username())) {
                return member.get("online").asBoolean();
            }
        }
        throw new AssertionError("no member " + other.username());
    }

    static Api api(Parley node) {
        return new Api(URI.create("http://127.0.0.1:" + node.server().port()));
    }

    static URI ws(Parley node) {
        return URI.create("ws://127.0.0.1:" + node.server().port() + "/ws");
    }
}

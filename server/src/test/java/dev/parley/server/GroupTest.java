package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Groups on the room event log: creation, membership changes and their rules, visibility, unread and ticks. */
class GroupTest {

    private final Api api = Api.shared();

    @Test
    void creatingAGroupMakesTheCallerOwnerAndAnnouncesItToEveryMemberWithItsCreatedEvent() {
        Api.User alice = api.register("grp");
        Api.User bob = api.register("grpb");
        Api.User carol = api.register("grpc");
        try (WsClient bobSocket = WsClient.connect(bob)) {
            bobSocket.roundTrip();
            Api.Response created = api.post("/api/rooms/", alice.token(), Map.of("name", "  Trip 2027 ",
                    "members", List.of(bob.username(), carol.username().toUpperCase(), bob.username(),
                            alice.username())));

            assertThat(created.status()).isEqualTo(201);
            JsonNode room = created.json();
            assertThat(room.get("kind").asText()).isEqualTo("group");
            assertThat(room.get("room_name").asText()).isEqualTo("Trip 2027");
            assertThat(room.get("member").asBoolean()).isTrue();
            assertThat(names(room.get("users"))).containsExactlyInAnyOrder(alice.username(), bob.username(),
                    carol.username());
            assertThat(roles(room)).containsEntry(alice.username(), "owner").containsEntry(bob.username(), "member")
                    .containsEntry(carol.username(), "member");
            assertThat(room.get("last_seq").asLong()).isEqualTo(1);
            assertThat(room.get("unread_count").asLong()).isZero();

            JsonNode announced = bobSocket.await("room").get("room");
            assertThat(announced.get("room_uuid")).isEqualTo(room.get("room_uuid"));
            JsonNode event = bobSocket.await("message").get("message");
            assertThat(event.get("kind").asText()).isEqualTo("event");
            assertThat(event.get("seq").asLong()).isEqualTo(1);
            assertThat(event.get("event").get("action").asText()).isEqualTo("created");
            assertThat(event.get("event").get("name").asText()).isEqualTo("Trip 2027");
            assertThat(names(event.get("event").get("users"))).containsExactly(bob.username(), carol.username());
            assertThat(event.get("content").asText()).isEqualTo(alice.username() + " created the group \"Trip 2027\"");
        }
    }

    @Test
    void badGroupRequestsAreRefusedAndCreateNothing() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.groups.max-members", "3"))) {
            Api small = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User alice = small.register("grpbad");
            Api.User bob = small.register("grpbadb");
            Api.User carol = small.register("grpbadc");
            Api.User dave = small.register("grpbadd");

            assertThat(small.post("/api/rooms/", alice.token(), Map.of("members", List.of(bob.username())))
                    .status()).isEqualTo(400);
            assertThat(small.post("/api/rooms/", alice.token(), Map.of("name", "  ", "members", List.of()))
                    .status()).isEqualTo(400);
            assertThat(small.post("/api/rooms/", alice.token(), Map.of("name", "x".repeat(101), "members", List.of()))
                    .status()).isEqualTo(400);
            assertThat(small.post("/api/rooms/", alice.token(), Map.of("name", "ok")).status()).isEqualTo(400);
            Api.Response unknown = small.post("/api/rooms/", alice.token(), Map.of("name", "ok",
                    "members", List.of(bob.username(), "nobody_here", "nor-this")));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("message").asText()).contains("nobody_here").contains("nor-this");
            Api.Response tooMany = small.post("/api/rooms/", alice.token(), Map.of("name", "big",
                    "members", List.of(bob.username(), carol.username(), dave.username())));
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.json().get("message").asText()).contains("at most 3");

            assertThat(small.get("/api/rooms/", alice.token()).json()).isEmpty();
            assertThat(small.get("/api/rooms/", bob.token()).json()).isEmpty();

            UUID group = small.group(alice, "full", bob, carol);
            Api.Response overfill = small.post("/api/rooms/" + group + "/members/", alice.token(),
                    Map.of("users", List.of(dave.username())));
            assertThat(overfill.status()).isEqualTo(400);
            assertThat(names(small.get("/api/rooms/" + group + "/", alice.token()).json().get("users"))).hasSize(3);
        }
    }

    @Test
    void onlyAdminsAndTheOwnerChangeAGroupAndOnlyTheOwnerDemotesAnAdmin() {
        Api.User alice = api.register("adm");
        Api.User bob = api.register("admb");
        Api.User carol = api.register("admc");
        Api.User dave = api.register("admd");
        Api.User stranger = api.register("admx");
        UUID group = api.group(alice, "Admins", bob, carol);
        String base = "/api/rooms/" + group + "/";

        assertThat(api.post(base + "members/", bob.token(), Map.of("users", List.of(dave.username()))).status())
                .isEqualTo(403);
        assertThat(api.patch(base, bob.token(), Map.of("name", "mine")).status()).isEqualTo(403);
        assertThat(api.delete(base + "members/" + carol.username() + "/", bob.token()).status()).isEqualTo(403);
        assertThat(api.patch(base + "members/" + carol.username() + "/", bob.token(), Map.of("role", "admin"))
                .status()).isEqualTo(403);
        assertThat(api.post(base + "members/", stranger.token(), Map.of("users", List.of(dave.username())))
                .status()).isEqualTo(404);

        assertThat(api.patch(base + "members/" + bob.username() + "/", alice.token(), Map.of("role", "admin"))
                .status()).isEqualTo(200);
        assertThat(api.post(base + "members/", bob.token(), Map.of("users", List.of(dave.username()))).status())
                .isEqualTo(200);
        assertThat(api.patch(base + "members/" + carol.username() + "/", bob.token(), Map.of("role", "admin"))
                .status()).isEqualTo(200);
        // An admin cannot demote another admin, nor touch the owner.
        assertThat(api.patch(base + "members/" + carol.username() + "/", bob.token(), Map.of("role", "member"))
                .status()).isEqualTo(403);
        assertThat(api.delete(base + "members/" + alice.username() + "/", bob.token()).status()).isEqualTo(403);
        assertThat(api.patch(base + "members/" + alice.username() + "/", bob.token(), Map.of("role", "member"))
                .status()).isEqualTo(403);
        assertThat(api.patch(base + "members/" + carol.username() + "/", alice.token(), Map.of("role", "owner"))
                .status()).isEqualTo(400);
        assertThat(api.patch(base + "members/" + carol.username() + "/", alice.token(), Map.of("role", "member"))
                .status()).isEqualTo(200);

        JsonNode room = api.get(base, alice.token()).json();
        assertThat(roles(room)).containsEntry(alice.username(), "owner").containsEntry(bob.username(), "admin")
                .containsEntry(carol.username(), "member").containsEntry(dave.username(), "member");
        assertThat(actions(api.get("/api/messages/?room_uuid=" + group, alice.token()).json()))
                .containsExactly("created", "role_changed", "added", "role_changed", "role_changed");
    }

    @Test
    void aDirectChatRefusesMemberChanges() {
        Api.User alice = api.register("dirx");
        Api.User bob = api.register("dirxb");
        Api.User carol = api.register("dirxc");
        UUID room = api.room(alice, bob);

        assertThat(api.post("/api/rooms/" + room + "/members/", alice.token(),
                Map.of("users", List.of(carol.username()))).status()).isEqualTo(400);
        assertThat(api.delete("/api/rooms/" + room + "/members/" + bob.username() + "/", alice.token()).status())
                .isEqualTo(400);
        assertThat(api.delete("/api/rooms/" + room + "/members/" + alice.username() + "/", alice.token()).status())
                .isEqualTo(400);
        assertThat(api.patch("/api/rooms/" + room + "/", alice.token(), Map.of("name", "x")).status())
                .isEqualTo(400);
        JsonNode view = api.get("/api/rooms/" + room + "/", alice.token()).json();
        assertThat(view.get("kind").asText()).isEqualTo("direct");
        assertThat(view.get("members").get(0).has("role")).isFalse();
    }

    @Test
    void aNewMemberSeesOnlyWhatFollowsTheirJoinAndCountsOnlyLaterMessagesAsUnread() {
        Api.User alice = api.register("late");
        Api.User bob = api.register("lateb");
        Api.User dave = api.register("lated");
        UUID group = api.group(alice, "Before dave", bob);
        for (int i = 0; i < 3; i++) {
            send(alice, group, "before " + i);
        }
        try (WsClient daveSocket = WsClient.connect(dave)) {
            daveSocket.roundTrip();
            api.post("/api/rooms/" + group + "/members/", alice.token(), Map.of("users", List.of(dave.username())));

            JsonNode announced = daveSocket.await("room").get("room");
            assertThat(announced.get("unread_count").asLong()).isZero();
            JsonNode added = daveSocket.await("message").get("message");
            assertThat(added.get("seq").asLong()).isEqualTo(5);
            assertThat(added.get("event").get("action").asText()).isEqualTo("added");

            send(bob, group, "after");
            assertThat(daveSocket.await("message").get("message").get("content").asText()).isEqualTo("after");
        }
        JsonNode page = api.get("/api/messages/?room_uuid=" + group, dave.token()).json();
        assertThat(page).extracting(m -> m.get("seq").asLong()).containsExactly(5L, 6L);
        assertThat(api.get("/api/messages/?room_uuid=" + group + "&before=5", dave.token()).json()).isEmpty();
        assertThat(api.get("/api/messages/?room_uuid=" + group + "&after=0", dave.token()).json())
                .extracting(m -> m.get("seq").asLong()).containsExactly(5L, 6L);
        assertThat(unread(dave, group)).isEqualTo(1);
        try (WsClient daveSocket = WsClient.connect(dave)) {
            daveSocket.send(Map.of("type", "sync", "since", Map.of(group.toString(), 0)));
            JsonNode first = daveSocket.await("message").get("message");
            JsonNode second = daveSocket.await("message").get("message");
            daveSocket.await("synced");
            assertThat(List.of(first.get("seq").asLong(), second.get("seq").asLong())).containsExactly(5L, 6L);
        }
    }

    @Test
    void aRemovedMembersOpenConnectionGetsTheRemovalThenNothingAndEveryFrameOfTheirsIsRefused() {
        Api.User alice = api.register("rem");
        Api.User bob = api.register("remb");
        Api.User carol = api.register("remc");
        UUID group = api.group(alice, "Removal", bob, carol);
        send(alice, group, "while bob is in");
        try (WsClient bobSocket = WsClient.connect(bob); WsClient carolSocket = WsClient.connect(carol)) {
            bobSocket.roundTrip();
            assertThat(api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", alice.token())
                    .status()).isEqualTo(204);

            JsonNode removal = bobSocket.await("message").get("message");
            assertThat(removal.get("event").get("action").asText()).isEqualTo("removed");
            assertThat(names(removal.get("event").get("users"))).containsExactly(bob.username());
            assertThat(carolSocket.await("message").get("message").get("seq")).isEqualTo(removal.get("seq"));

            send(alice, group, "after bob left");
            carolSocket.await(f -> f.path("message").path("content").asText().equals("after bob left"), "later");
            bobSocket.send(Map.of("type", "send", "room_uuid", group, "content", "let me in", "client_id", "r1"));
            JsonNode refused = bobSocket.await("error");
            assertThat(refused.get("code").asText()).isEqualTo("forbidden");
            assertThat(refused.get("client_id").asText()).isEqualTo("r1");
            bobSocket.send(Map.of("type", "typing", "room_uuid", group));
            assertThat(bobSocket.await("error").get("code").asText()).isEqualTo("forbidden");
            bobSocket.send(Map.of("type", "read", "room_uuid", group, "seq", 1));
            assertThat(bobSocket.await("error").get("code").asText()).isEqualTo("forbidden");
            bobSocket.roundTrip();
            assertThat(bobSocket.drain(Duration.ofMillis(300)))
                    .noneMatch(f -> f.path("type").asText().equals("message"))
                    .noneMatch(f -> f.path("type").asText().equals("typing"));
            assertThat(carolSocket.drain(Duration.ofMillis(100)))
                    .noneMatch(f -> f.path("message").path("content").asText().equals("let me in"));
        }
        long removedAt = 3;
        assertThat(api.get("/api/messages/?room_uuid=" + group, bob.token()).json())
                .extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, removedAt);
        assertThat(api.get("/api/messages/?room_uuid=" + group + "&after=" + removedAt, bob.token()).json())
                .isEmpty();
        assertThat(api.post("/api/messages/", bob.token(), Map.of("room", group.toString(), "content", "x"))
                .status()).isEqualTo(403);
        JsonNode bobsView = api.get("/api/rooms/" + group + "/", bob.token()).json();
        assertThat(bobsView.get("member").asBoolean()).isFalse();
        assertThat(bobsView.get("last_seq").asLong()).isEqualTo(removedAt);
        assertThat(names(bobsView.get("users"))).doesNotContain(bob.username());
        assertThat(api.get("/api/messages/?room_uuid=" + group, alice.token()).json()).hasSize(4);
        try (WsClient bobSocket = WsClient.connect(bob)) {
            bobSocket.send(Map.of("type", "sync", "since", Map.of(group.toString(), 1)));
            assertThat(bobSocket.await("message").get("message").get("seq").asLong()).isEqualTo(2);
            assertThat(bobSocket.await("message").get("message").get("seq").asLong()).isEqualTo(removedAt);
            bobSocket.await("synced");
            assertThat(bobSocket.drain(Duration.ofMillis(200))).isEmpty();
        }
    }

    @Test
    void aFormerMemberSeesTheGroupAsItWasWhenTheyLeftNotItsLaterNameMembersOrPresence() {
        Api.User alice = api.register("frz");
        Api.User bob = api.register("frzb");
        Api.User carol = api.register("frzc");
        UUID group = api.group(alice, "Before", bob, carol);
        api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", alice.token());
        api.patch("/api/rooms/" + group + "/", alice.token(), Map.of("name", "Secret new name"));
        send(alice, group, "after bob");

        JsonNode seenByBob = api.get("/api/rooms/" + group + "/", bob.token()).json();
        JsonNode listedForBob = api.get("/api/rooms/", bob.token()).json().get(0);
        JsonNode bobsHistory = api.get("/api/messages/?room_uuid=" + group, bob.token()).json();

        assertThat(seenByBob.get("room_name").asText()).isEqualTo("Before");
        assertThat(seenByBob.get("users")).isEmpty();
        assertThat(seenByBob.get("members")).isEmpty();
        assertThat(listedForBob).isEqualTo(seenByBob);
        assertThat(bobsHistory.toString()).doesNotContain("Secret new name").doesNotContain("after bob");
        assertThat(bobsHistory).allSatisfy(m -> assertThat(m.get("room").asText()).isEqualTo("Before"));
        assertThat(api.get("/api/rooms/" + group + "/", alice.token()).json().get("room_name").asText())
                .isEqualTo("Secret new name");
    }

    @Test
    void unreadCountsMessagesFromOthersButNotMembershipEvents() {
        Api.User alice = api.register("unr");
        Api.User bob = api.register("unrb");
        Api.User carol = api.register("unrc");
        UUID group = api.group(alice, "Unread", bob);
        send(alice, group, "one");
        api.post("/api/rooms/" + group + "/members/", alice.token(), Map.of("users", List.of(carol.username())));
        api.patch("/api/rooms/" + group + "/", alice.token(), Map.of("name", "Unread 2"));
        send(carol, group, "two");

        assertThat(unread(bob, group)).isEqualTo(2);
        assertThat(unread(alice, group)).isEqualTo(1);
        assertThat(unread(carol, group)).isZero();
        send(bob, group, "mine"); // answering reads what came before, as in a direct chat
        assertThat(unread(bob, group)).isZero();
        assertThat(unread(alice, group)).isEqualTo(2);
        JsonNode bobs = api.get("/api/rooms/" + group + "/", bob.token()).json();
        assertThat(bobs.get("room_name").asText()).isEqualTo("Unread 2");
        assertThat(bobs.get("last_message").get("content").asText()).isEqualTo("mine");
    }

    @Test
    void whenTheOnlyMemberWhoHasNotReadLeavesTheSendersTicksTurnBlueAtOnce() {
        Api.User alice = api.register("tkl");
        Api.User bob = api.register("tklb");
        Api.User carol = api.register("tklc");
        UUID group = api.group(alice, "Slow reader", bob, carol);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            for (WsClient socket : List.of(aliceSocket, bobSocket)) {
                socket.send(Map.of("type", "sync", "since", Map.of(group.toString(), 1)));
                socket.await("synced");
            }
            aliceSocket.send(Map.of("type", "send", "room_uuid", group, "content", "read it?", "client_id", "sl"));
            long seq = aliceSocket.await("ack").get("message").get("seq").asLong();
            bobSocket.await("message");
            bobSocket.send(Map.of("type", "read", "room_uuid", group, "seq", seq));
            bobSocket.roundTrip();
            aliceSocket.roundTrip();
            assertThat(aliceSocket.drain(Duration.ofMillis(300)))
                    .noneMatch(f -> f.path("type").asText().equals("ticks") && f.path("read_seq").asLong() >= seq);

            assertThat(api.delete("/api/rooms/" + group + "/members/" + carol.username() + "/", carol.token())
                    .status()).isEqualTo(204);

            aliceSocket.await(f -> f.path("type").asText().equals("ticks") && f.path("read_seq").asLong() >= seq,
                    "ticks: read by everyone still in the group");
        }
    }

    @Test
    void theSenderGetsGroupTicksOnlyWhenEveryMemberHasItAndAMembersReadGoesToTheirOwnDevicesOnly() {
        Api.User alice = api.register("tck");
        Api.User bob = api.register("tckb");
        Api.User carol = api.register("tckc");
        UUID group = api.group(alice, "Ticks", bob, carol);
        try (WsClient aliceSocket = WsClient.connect(alice);
             WsClient bobSocket = WsClient.connect(bob);
             WsClient bobTablet = WsClient.connect(bob);
             WsClient carolSocket = WsClient.connect(carol)) {
            for (WsClient socket : List.of(aliceSocket, bobSocket, bobTablet, carolSocket)) {
                socket.send(Map.of("type", "sync", "since", Map.of(group.toString(), 1)));
                socket.await("synced");
            }
            aliceSocket.send(Map.of("type", "send", "room_uuid", group, "content", "who read this?", "client_id", "t"));
            long seq = aliceSocket.await("ack").get("message").get("seq").asLong();
            JsonNode delivered = aliceSocket.await(f -> f.path("type").asText().equals("ticks")
                    && f.path("delivered_seq").asLong() >= seq, "ticks: delivered to everyone");
            assertThat(delivered.get("room_uuid").asText()).isEqualTo(group.toString());
            assertThat(delivered.get("read_seq").asLong()).isLessThan(seq);

            bobSocket.send(Map.of("type", "read", "room_uuid", group, "seq", seq));
            JsonNode bobsRead = bobTablet.await(f -> f.path("type").asText().equals("receipt"), "bob's read on his tablet");
            assertThat(bobsRead.get("user").asText()).isEqualTo(bob.username());
            assertThat(bobsRead.get("kind").asText()).isEqualTo("read");
            bobSocket.roundTrip();
            aliceSocket.roundTrip();
            assertThat(aliceSocket.drain(Duration.ofMillis(200)))
                    .noneMatch(f -> f.path("type").asText().equals("ticks") && f.path("read_seq").asLong() >= seq)
                    .noneMatch(f -> f.path("type").asText().equals("receipt"));

            carolSocket.send(Map.of("type", "read", "room_uuid", group, "seq", seq));
            aliceSocket.await(f -> f.path("type").asText().equals("ticks") && f.path("read_seq").asLong() >= seq,
                    "ticks: read by everyone");
            carolSocket.roundTrip();
            // Carol sent nothing: no ticks, and nobody else's receipts, reached her.
            assertThat(carolSocket.drain(Duration.ofMillis(200)))
                    .noneMatch(f -> f.path("type").asText().equals("ticks"))
                    .noneMatch(f -> f.path("type").asText().equals("receipt")
                            && !f.path("user").asText().equals(carol.username()));
        }
        JsonNode room = api.get("/api/rooms/" + group + "/", alice.token()).json();
        for (JsonNode member : room.get("members")) {
            assertThat(member.get("read_seq").asLong()).as(member.get("username").asText()).isEqualTo(2);
        }
        // How far the ticks got stays with the room when those who read leave.
        api.delete("/api/rooms/" + group + "/members/" + carol.username() + "/", alice.token());
        api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", bob.token());
        JsonNode after = api.get("/api/rooms/" + group + "/", alice.token()).json();
        assertThat(after.get("users")).hasSize(1);
        assertThat(after.get("ticks_read_seq").asLong()).isEqualTo(2);
        assertThat(after.get("ticks_delivered_seq").asLong()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theOwnerLeavingHandsTheGroupToTheLongestStandingAdminAndTheLastOneOutLeavesItsHistory() {
        Api.User alice = api.register("own");
        Api.User bob = api.register("ownb");
        Api.User carol = api.register("ownc");
        UUID group = api.group(alice, "Owners", bob);
        String base = "/api/rooms/" + group + "/";
        api.post(base + "members/", alice.token(), Map.of("users", List.of(carol.username())));
        api.patch(base + "members/" + carol.username() + "/", alice.token(), Map.of("role", "admin"));

        assertThat(api.delete(base + "members/" + alice.username() + "/", alice.token()).status()).isEqualTo(204);

        JsonNode room = api.get(base, carol.token()).json();
        assertThat(roles(room)).containsEntry(carol.username(), "owner").containsEntry(bob.username(), "member")
                .doesNotContainKey(alice.username());
        JsonNode events = api.get("/api/messages/?room_uuid=" + group, bob.token()).json();
        JsonNode handOver = events.get(events.size() - 1).get("event");
        assertThat(handOver.get("action").asText()).isEqualTo("role_changed");
        assertThat(handOver.get("role").asText()).isEqualTo("owner");
        assertThat(names(handOver.get("users"))).containsExactly(carol.username());
        assertThat(events.get(events.size() - 2).get("event").get("action").asText()).isEqualTo("left");

        api.delete(base + "members/" + bob.username() + "/", bob.token());
        api.delete(base + "members/" + carol.username() + "/", carol.token());
        JsonNode empty = api.get(base, carol.token()).json();
        assertThat(empty.get("users")).isEmpty();
        assertThat(empty.get("member").asBoolean()).isFalse();
        assertThat(api.get("/api/messages/?room_uuid=" + group, alice.token()).json()).isNotEmpty();
    }

    @Test
    void addingSomeoneAgainStartsANewVisibleRangeAndTheGapStaysHidden() {
        Api.User alice = api.register("again");
        Api.User bob = api.register("againb");
        UUID group = api.group(alice, "Again", bob);
        send(alice, group, "first visit");                                                   // 2
        api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", alice.token()); // 3
        send(alice, group, "while away");                                                    // 4
        api.post("/api/rooms/" + group + "/members/", alice.token(), Map.of("users", List.of(bob.username()))); // 5
        send(alice, group, "second visit");                                                  // 6

        assertThat(api.get("/api/messages/?room_uuid=" + group, bob.token()).json())
                .extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L, 5L, 6L);
        assertThat(api.get("/api/messages/?room_uuid=" + group + "&limit=2", bob.token()).json())
                .extracting(m -> m.get("seq").asLong()).containsExactly(5L, 6L);
        assertThat(api.get("/api/messages/?room_uuid=" + group + "&before=5&limit=2", bob.token()).json())
                .extracting(m -> m.get("seq").asLong()).containsExactly(2L, 3L);
        assertThat(api.get("/api/messages/?room_uuid=" + group + "&after=2", bob.token()).json())
                .extracting(m -> m.get("seq").asLong()).containsExactly(3L, 5L, 6L);
        assertThat(unread(bob, group)).isEqualTo(1);
    }

    @Test
    void aGroupReadByAMemberListsWhoLeftWhileTheyWereThereWithTheWatermarksTheyLeftWith() {
        Api.User alice = api.register("fmr");
        Api.User bob = api.register("fmrb");
        Api.User carol = api.register("fmrc");
        Api.User dave = api.register("fmrd");
        UUID group = api.group(alice, "Former", bob, carol);                                       // 1
        api.delete("/api/rooms/" + group + "/members/" + carol.username() + "/", carol.token());  // 2
        api.post("/api/rooms/" + group + "/members/", alice.token(), Map.of("users", List.of(dave.username()))); // 3
        send(alice, group, "did you read this?");                                                 // 4
        try (WsClient bobSocket = WsClient.connect(bob)) {
            bobSocket.send(Map.of("type", "read", "room_uuid", group, "seq", 4));
            bobSocket.roundTrip();
        }
        api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", alice.token());    // 5
        send(alice, group, "after bob");                                                          // 6

        JsonNode alicesGroup = api.get("/api/rooms/" + group + "/", alice.token()).json();
        JsonNode davesGroup = api.get("/api/rooms/" + group + "/", dave.token()).json();
        JsonNode alicesList = api.get("/api/rooms/", alice.token()).json().get(0);
        JsonNode bobsGroup = api.get("/api/rooms/" + group + "/", bob.token()).json();

        assertThat(alicesGroup.get("former_members")).isEqualTo(Json.mapper().valueToTree(List.of(
                former(bob.username(), 4, 4, 1, 5), former(carol.username(), 0, 0, 1, 2))));
        // dave came after carol had gone: her leaving is not his to see.
        assertThat(davesGroup.get("former_members")).extracting(m -> m.get("username").asText())
                .containsExactly(bob.username());
        // The list and a former member's own view stay as they were.
        assertThat(alicesList.has("former_members")).isFalse();
        assertThat(bobsGroup.has("former_members")).isFalse();
        assertThat(names(alicesGroup.get("users"))).containsExactly(alice.username(), dave.username());
    }

    @Test
    void aMemberAddedAgainSeesWhoLeftDuringTheirEarlierVisitButNotWhileTheyWereAway() {
        Api.User alice = api.register("fmra");
        Api.User bob = api.register("fmrab");
        Api.User carol = api.register("fmrac");
        Api.User dave = api.register("fmrad");
        UUID group = api.group(alice, "Back again", bob, carol, dave);                             // 1
        api.delete("/api/rooms/" + group + "/members/" + dave.username() + "/", dave.token());    // 2
        api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", alice.token());    // 3
        api.delete("/api/rooms/" + group + "/members/" + carol.username() + "/", carol.token());  // 4
        api.post("/api/rooms/" + group + "/members/", alice.token(), Map.of("users", List.of(bob.username()))); // 5

        assertThat(api.get("/api/rooms/" + group + "/", bob.token()).json().get("former_members"))
                .extracting(m -> m.get("username").asText()).containsExactly(dave.username());
        assertThat(api.get("/api/rooms/" + group + "/", alice.token()).json().get("former_members"))
                .extracting(m -> m.get("username").asText()).containsExactly(carol.username(), dave.username());
    }

    @Test
    void concurrentAddsAndRemovesLoseNoMemberDuplicateNoneAndLeaveNoGapInTheLog() throws Exception {
        Api.User alice = api.register("conc");
        List<Api.User> people = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            people.add(api.register("concm"));
        }
        UUID group = api.group(alice, "Busy", people.subList(0, 6).toArray(Api.User[]::new));
        String base = "/api/rooms/" + group + "/members/";
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Api.User leaving = people.get(i);
            Api.User joining = people.get(6 + i);
            calls.add(() -> api.delete(base + leaving.username() + "/", alice.token()).status());
            calls.add(() -> api.post(base, alice.token(), Map.of("users", List.of(joining.username()))).status());
            calls.add(() -> api.post("/api/messages/", alice.token(),
                    Map.of("room", group.toString(), "content", "during " + leaving.username())).status());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> result : pool.invokeAll(calls)) {
                statuses.add(result.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(statuses).allMatch(status -> status == 200 || status == 201 || status == 204);
        JsonNode room = api.get("/api/rooms/" + group + "/", alice.token()).json();
        List<String> expected = new ArrayList<>(List.of(alice.username()));
        people.subList(6, 12).forEach(p -> expected.add(p.username()));
        assertThat(names(room.get("users"))).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode log = api.get("/api/messages/?room_uuid=" + group + "&limit=200", alice.token()).json();
        assertThat(log).extracting(m -> m.get("seq").asLong())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 19).boxed().toList());
        assertThat(room.get("last_seq").asLong()).isEqualTo(19);
    }

    @Test
    void presenceGoesLiveToDirectChatPartnersOnlyAndGroupMembersSeeItWhenTheyLook() {
        Api.User alice = api.register("prs");
        Api.User bob = api.register("prsb");
        Api.User carol = api.register("prsc");
        UUID group = api.group(alice, "Presence", bob, carol);
        api.room(bob, carol);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient carolSocket = WsClient.connect(carol)) {
            aliceSocket.roundTrip();
            carolSocket.roundTrip();
            try (WsClient bobSocket = WsClient.connect(bob)) {
                bobSocket.roundTrip();
                JsonNode seen = carolSocket.await(f -> f.path("type").asText().equals("presence")
                        && f.path("user").asText().equals(bob.username()), "bob's presence");
                assertThat(seen.get("online").asBoolean()).isTrue();
                JsonNode room = api.get("/api/rooms/" + group + "/", alice.token()).json();
                for (JsonNode member : room.get("members")) {
                    if (member.get("username").asText().equals(bob.username())) {
                        assertThat(member.get("online").asBoolean()).isTrue();
                    }
                }
            }
            aliceSocket.roundTrip();
            assertThat(aliceSocket.drain(Duration.ofMillis(300)))
                    .noneMatch(f -> f.path("type").asText().equals("presence"));
        }
    }

    private static java.util.function.Predicate<JsonNode> receipt(Api.User who, String kind, long seq) {
        return f -> f.path("type").asText().equals("receipt") && f.path("user").asText().equals(who.username())
                && f.path("kind").asText().equals(kind) && f.path("seq").asLong() >= seq;
    }

    private void send(Api.User from, UUID room, String content) {
        Api.Response sent = api.post("/api/messages/", from.token(), Map.of("room", room.toString(), "content", content));
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    }

    private long unread(Api.User user, UUID room) {
        return api.get("/api/rooms/" + room + "/", user.token()).json().get("unread_count").asLong();
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static Map<String, String> roles(JsonNode room) {
        Map<String, String> roles = new java.util.HashMap<>();
        room.get("members").forEach(m -> roles.put(m.get("username").asText(), m.get("role").asText()));
        return roles;
    }

    private static List<String> actions(JsonNode page) {
        return StreamSupport.stream(page.spliterator(), false)
                .map(m -> m.path("event").path("action").asText("message")).toList();
    }

    /** A former member as message info lists them (no profile set). */
    private static Map<String, Object> former(String username, int delivered, int read, int joined, int left) {
        Map<String, Object> member = new java.util.LinkedHashMap<>();
        member.put("username", username);
        member.put("display_name", null);
        member.put("about", null);
        member.putAll(Map.of("delivered_seq", delivered, "read_seq", read, "joined_seq", joined, "left_seq", left));
        return member;
    }
}

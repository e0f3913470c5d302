package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Blocking (the hostile-users issue): a blocked user cannot start a chat with, message, type to or send receipts and
 * presence to the blocker, and sees the blocker offline with no last seen; the blocker must unblock to send.
 */
class BlockingTest {

    private final Api api = Api.shared();

    private int block(Api.User who, Api.User whom) {
        return api.post("/api/users/" + whom.username() + "/block", who.token(), "").status();
    }

    private int unblock(Api.User who, Api.User whom) {
        return api.send(api.request("/api/users/" + whom.username() + "/block", who.token()).DELETE()).status();
    }

    private Api.Response send(Api.User who, UUID room, String content) {
        return api.post("/api/messages/", who.token(), Map.of("room", room.toString(), "content", content));
    }

    private List<String> history(Api.User who, UUID room) {
        return api.get("/api/messages/?room_uuid=" + room, who.token()).json().findValuesAsText("content");
    }

    private static Predicate<JsonNode> presenceOf(Api.User user) {
        return f -> f.path("type").asText().equals("presence") && f.path("user").asText().equals(user.username());
    }

    @Test
    void blockingIsIdempotentAndListsTheBlockedUser() {
        Api.User alice = api.register("bl");
        Api.User bob = api.register("blb");

        assertThat(block(alice, bob)).isEqualTo(204);
        assertThat(block(alice, bob)).isEqualTo(204);

        JsonNode blocked = api.get("/api/users/blocked/", alice.token()).json();
        assertThat(blocked).hasSize(1);
        assertThat(blocked.get(0).get("username").asText()).isEqualTo(bob.username());
        assertThat(blocked.get(0).hasNonNull("blocked_at")).isTrue();
        assertThat(api.get("/api/users/blocked/", bob.token()).json()).isEmpty();
    }

    @Test
    void everyDeviceOfTheBlockerIsToldOfABlockAndAnUnblockAndTheBlockedUserIsNot() {
        Api.User alice = api.register("bd");
        Api.User bob = api.register("bdb");
        api.room(alice, bob);
        try (WsClient phone = WsClient.connect(alice); WsClient laptop = WsClient.connect(alice);
             WsClient bobs = WsClient.connect(bob)) {
            assertThat(block(alice, bob)).isEqualTo(204);
            for (WsClient device : List.of(phone, laptop)) {
                JsonNode told = device.await("block");
                assertThat(told.get("user").asText()).isEqualTo(bob.username());
                assertThat(told.get("blocked").asBoolean()).isTrue();
            }

            assertThat(unblock(alice, bob)).isEqualTo(204);
            for (WsClient device : List.of(phone, laptop)) {
                assertThat(device.await("block").get("blocked").asBoolean()).isFalse();
            }
            // Bob learns nothing of it but what presence already says.
            bobs.roundTrip();
            assertThat(bobs.drain(java.time.Duration.ZERO)).noneMatch(f -> f.path("type").asText().equals("block"));
        }
    }

    @Test
    void unblockingIsIdempotentAndEmptiesTheList() {
        Api.User alice = api.register("ub");
        Api.User bob = api.register("ubb");
        block(alice, bob);

        assertThat(unblock(alice, bob)).isEqualTo(204);
        assertThat(unblock(alice, bob)).isEqualTo(204);

        assertThat(api.get("/api/users/blocked/", alice.token()).json()).isEmpty();
    }

    @Test
    void blockingOrUnblockingAnUnknownUserIsNotFound() {
        Api.User alice = api.register("bu");

        Api.Response response = api.post("/api/users/nobody_" + UUID.randomUUID().toString().substring(0, 8) + "/block",
                alice.token(), "");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asText()).isEqualTo("not_found");
        assertThat(api.send(api.request("/api/users/no%20such%20name/block", alice.token()).DELETE()).status())
                .isEqualTo(404);
    }

    @Test
    void blockingYourselfIsABadRequest() {
        Api.User alice = api.register("bs");

        Api.Response response = api.post("/api/users/" + alice.username().toUpperCase() + "/block", alice.token(), "");

        assertThat(response.status()).isEqualTo(400);
        assertThat(api.get("/api/users/blocked/", alice.token()).json()).isEmpty();
    }

    @Test
    void aBlockedUserCannotStartAChatWithTheBlocker() {
        Api.User alice = api.register("bo");
        Api.User bob = api.register("bob");
        block(alice, bob);

        Api.Response response = api.post("/api/rooms/", bob.token(), Map.of("user", alice.username()));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(response.json().get("message").asText()).isEqualTo("you can't message this person");
        assertThat(api.get("/api/rooms/", alice.token()).json()).isEmpty();
        assertThat(api.get("/api/rooms/", bob.token()).json()).isEmpty();
    }

    @Test
    void theBlockerIsToldToUnblockBeforeStartingAChat() {
        Api.User alice = api.register("bn");
        Api.User bob = api.register("bnb");
        block(alice, bob);

        Api.Response response = api.post("/api/rooms/", alice.token(), Map.of("user", bob.username()));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("message").asText())
                .isEqualTo("you blocked " + bob.username() + ": unblock them to send a message");
        assertThat(api.get("/api/rooms/", bob.token()).json()).isEmpty();
    }

    @Test
    void anExistingRoomStillOpensAcrossABlock() {
        Api.User alice = api.register("be");
        Api.User bob = api.register("beb");
        UUID room = api.room(alice, bob);
        block(alice, bob);

        assertThat(api.room(bob, alice)).isEqualTo(room);
    }

    @Test
    void aBlockedUsersRestSendIsRefusedAndNothingIsStored() {
        Api.User alice = api.register("br");
        Api.User bob = api.register("brb");
        UUID room = api.room(alice, bob);
        send(bob, room, "before");
        block(alice, bob);

        Api.Response response = send(bob, room, "after");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("message").asText()).isEqualTo("you can't message this person");
        assertThat(history(alice, room)).containsExactly("before");
    }

    @Test
    void aBlockedUsersWebSocketSendIsRefusedAndNeverReachesTheBlocker() {
        Api.User alice = api.register("bw");
        Api.User bob = api.register("bwb");
        UUID room = api.room(alice, bob);
        block(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            bobSocket.send(Map.of("type", "send", "room_uuid", room, "content", "let me in", "client_id", "w1"));

            JsonNode error = bobSocket.await("error");

            assertThat(error.get("code").asText()).isEqualTo("forbidden");
            assertThat(error.get("message").asText()).isEqualTo("you can't message this person");
            assertThat(error.get("client_id").asText()).isEqualTo("w1");
            aliceSocket.roundTrip();
            assertThat(aliceSocket.drain(Duration.ZERO)).noneMatch(f -> f.path("type").asText().equals("message"));
            assertThat(history(alice, room)).isEmpty();
        }
    }

    @Test
    void theBlockerMustUnblockToSend() {
        Api.User alice = api.register("bm");
        Api.User bob = api.register("bmb");
        UUID room = api.room(alice, bob);
        block(alice, bob);

        Api.Response response = send(alice, room, "still here?");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("message").asText())
                .isEqualTo("you blocked " + bob.username() + ": unblock them to send a message");
        assertThat(history(bob, room)).isEmpty();
    }

    @Test
    void theBlockerStillReadsTheHistory() {
        Api.User alice = api.register("bh");
        Api.User bob = api.register("bhb");
        UUID room = api.room(alice, bob);
        send(bob, room, "old news");
        block(alice, bob);

        assertThat(history(alice, room)).containsExactly("old news");
    }

    @Test
    void afterUnblockingMessagesFlowBothWaysAgain() {
        Api.User alice = api.register("ba");
        Api.User bob = api.register("bab");
        UUID room = api.room(alice, bob);
        block(alice, bob);
        unblock(alice, bob);

        assertThat(send(bob, room, "sorry").status()).isEqualTo(201);
        assertThat(send(alice, room, "ok").status()).isEqualTo(201);
        assertThat(history(alice, room)).containsExactly("sorry", "ok");
    }

    @Test
    void aBlockedUsersTypingDoesNotReachTheBlocker() {
        Api.User alice = api.register("bt");
        Api.User bob = api.register("btb");
        UUID room = api.room(alice, bob);
        block(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            bobSocket.send(Map.of("type", "typing", "room_uuid", room));
            bobSocket.roundTrip(); // the typing frame was handled (and would be queued for alice) before the pong
            aliceSocket.roundTrip();

            assertThat(aliceSocket.drain(Duration.ZERO)).noneMatch(f -> f.path("type").asText().equals("typing"));
        }
    }

    @Test
    void theBlockerReceivesNoPresenceFromTheBlockedUser() {
        Api.User alice = api.register("bp");
        Api.User bob = api.register("bpb");
        Api.User carol = api.register("bpc");
        api.room(alice, bob);
        api.room(carol, bob);
        block(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient carolSocket = WsClient.connect(carol)) {
            WsClient bobSocket = WsClient.connect(bob);
            carolSocket.await(presenceOf(bob), "bob's presence"); // sent to alice in the same call, if at all
            bobSocket.close();
            carolSocket.await(presenceOf(bob), "bob's offline presence");
            aliceSocket.roundTrip();

            assertThat(aliceSocket.drain(Duration.ZERO)).noneMatch(presenceOf(bob));
        }
    }

    @Test
    void theBlockedUserReceivesNoPresenceFromTheBlocker() {
        Api.User alice = api.register("bq");
        Api.User bob = api.register("bqb");
        Api.User carol = api.register("bqc");
        api.room(alice, bob);
        api.room(alice, carol);
        block(alice, bob);
        try (WsClient bobSocket = WsClient.connect(bob); WsClient carolSocket = WsClient.connect(carol)) {
            WsClient aliceSocket = WsClient.connect(alice);
            carolSocket.await(presenceOf(alice), "alice's presence");
            aliceSocket.close();
            carolSocket.await(presenceOf(alice), "alice's offline presence");
            bobSocket.roundTrip();

            assertThat(bobSocket.drain(Duration.ZERO)).noneMatch(presenceOf(alice));
        }
    }

    @Test
    void theBlockedUserSeesTheBlockerOfflineWithNoLastSeenInRoomsAndSearch() {
        Api.User alice = api.register("bv");
        Api.User bob = api.register("bvb");
        api.room(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice)) {
            aliceSocket.roundTrip();
            assertThat(member(bob, alice).get("online").asBoolean()).isTrue();
            block(alice, bob);

            assertThat(member(bob, alice).get("online").asBoolean()).isFalse();
            assertThat(member(bob, alice).get("last_seen").isNull()).isTrue();
            JsonNode found = api.get("/api/users/?q=" + alice.username(), bob.token()).json().get(0);
            assertThat(found.get("online").asBoolean()).isFalse();
            assertThat(found.get("last_seen").isNull()).isTrue();
        }
    }

    @Test
    void blockingTellsTheBlockedUserTheBlockerIsOfflineAndUnblockingTellsTheTruth() {
        Api.User alice = api.register("bx");
        Api.User bob = api.register("bxb");
        api.room(alice, bob);
        try (WsClient bobSocket = WsClient.connect(bob); WsClient aliceSocket = WsClient.connect(alice)) {
            bobSocket.await(f -> presenceOf(alice).test(f) && f.get("online").asBoolean(), "alice online");

            block(alice, bob);
            JsonNode hidden = bobSocket.await(presenceOf(alice), "alice hidden");
            unblock(alice, bob);
            JsonNode shown = bobSocket.await(presenceOf(alice), "alice shown again");

            assertThat(hidden.get("online").asBoolean()).isFalse();
            assertThat(hidden.get("last_seen").isNull()).isTrue();
            assertThat(shown.get("online").asBoolean()).isTrue();
            assertThat(shown.get("last_seen").isNull()).isFalse();
        }
    }

    @Test
    void theBlockedUserGetsNoReadReceiptFromTheBlocker() {
        Api.User alice = api.register("bk");
        Api.User bob = api.register("bkb");
        UUID room = api.room(alice, bob);
        long seq = send(bob, room, "read me").json().get("seq").asLong();
        block(alice, bob);
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            aliceSocket.send(Map.of("type", "read", "room_uuid", room, "seq", seq));
            aliceSocket.roundTrip(); // the read was handled (and its receipt queued for bob, if any) before the pong
            bobSocket.roundTrip();

            assertThat(bobSocket.drain(Duration.ZERO)).noneMatch(f -> f.path("type").asText().equals("receipt"));
        }
    }

    private JsonNode member(Api.User viewer, Api.User member) {
        for (JsonNode m : api.get("/api/rooms/", viewer.token()).json().get(0).get("members")) {
            if (m.get("username").asText().equals(member.username())) {
                return m;
            }
        }
        throw new AssertionError(member.username() + " not in " + viewer.username() + "'s first room");
    }
}

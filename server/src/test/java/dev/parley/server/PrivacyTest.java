package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Privacy settings (issue 17), enforced by the server: a last seen shown to nobody is null and online false in every
 * user view and presence frame the others get; with read receipts off, no read receipt of a direct chat reaches the
 * other member either way and its watermark shows 0, while groups keep their ticks and unread counts still work.
 */
class PrivacyTest {

    private final Api api = Api.shared();

    private JsonNode settings(Api.User user) {
        return api.get("/api/me/settings/", user.token()).json();
    }

    private Api.Response change(Api.User user, Map<String, ?> fields) {
        return api.patch("/api/me/settings/", user.token(), fields);
    }

    private Api.Response changeRaw(Api.User user, String body) {
        return api.send(api.request("/api/me/settings/", user.token())
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    /** {@code whom} as {@code viewer} sees them among the members of their room. */
    private JsonNode memberAsSeenBy(Api.User viewer, UUID room, Api.User whom) {
        JsonNode members = api.get("/api/rooms/" + room + "/", viewer.token()).json().get("members");
        return StreamSupport.stream(members.spliterator(), false)
                .filter(m -> m.path("username").asText().equals(whom.username())).findFirst().orElseThrow();
    }

    private JsonNode foundBy(Api.User viewer, Api.User whom) {
        return api.get("/api/users/?q=" + whom.username(), viewer.token()).json().get(0);
    }

    private static Predicate<JsonNode> presenceOf(Api.User user, boolean online) {
        return f -> f.path("type").asText().equals("presence") && f.path("user").asText().equals(user.username())
                && f.path("online").asBoolean() == online;
    }

    private static Predicate<JsonNode> readReceiptOf(Api.User user) {
        return f -> f.path("type").asText().equals("receipt") && f.path("kind").asText().equals("read")
                && f.path("user").asText().equals(user.username());
    }

    private long seqOf(Api.User sender, UUID room, String content) {
        return api.post("/api/messages/", sender.token(), Map.of("room", room.toString(), "content", content)).json()
                .get("seq").asLong();
    }

    @Test
    void settingsStartAsContactsWithReadReceiptsAndChangeByAnySubset() {
        Api.User alice = api.register("pv");

        assertThat(settings(alice).toString()).isEqualTo("{\"last_seen\":\"contacts\",\"read_receipts\":true}");

        assertThat(change(alice, Map.of("read_receipts", false)).json().toString())
                .isEqualTo("{\"last_seen\":\"contacts\",\"read_receipts\":false}");
        assertThat(change(alice, Map.of("last_seen", "nobody")).status()).isEqualTo(200);
        assertThat(settings(alice).toString()).isEqualTo("{\"last_seen\":\"nobody\",\"read_receipts\":false}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"last_seen\": \"everyone\"}",
            "{\"last_seen\": null}",
            "{\"last_seen\": 1}",
            "{\"read_receipts\": \"false\"}",
            "{\"read_receipts\": null}",
            "{\"read_receipts\": false, \"theme\": \"dark\"}",
            "[]",
            "{\"read_receipts\": false,}",
    })
    void aBadSettingsBodyIsA400AndChangesNothing(String body) {
        Api.User alice = api.register("pvb");

        Api.Response response = changeRaw(alice, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(settings(alice).toString()).isEqualTo("{\"last_seen\":\"contacts\",\"read_receipts\":true}");
    }

    @Test
    void aLastSeenShownToNobodyIsNullAndOfflineInEveryViewAndPresenceFrame() {
        Api.User alice = api.register("pvl");
        Api.User bob = api.register("pvlb");
        UUID room = api.room(alice, bob);
        try (WsClient bobSocket = WsClient.connect(bob)) {
            try (WsClient aliceSocket = WsClient.connect(alice)) {
                bobSocket.await(presenceOf(alice, true), "alice online");
                assertThat(memberAsSeenBy(bob, room, alice).path("online").asBoolean()).isTrue();

                assertThat(change(alice, Map.of("last_seen", "nobody")).status()).isEqualTo(200);

                JsonNode hidden = bobSocket.await(presenceOf(alice, false), "alice hidden");
                assertThat(hidden.get("last_seen").isNull()).isTrue();
                for (JsonNode view : new JsonNode[] {memberAsSeenBy(bob, room, alice), foundBy(bob, alice)}) {
                    assertThat(view.path("online").asBoolean()).isFalse();
                    assertThat(view.get("last_seen").isNull()).isTrue();
                }
                // her own view may be sent to others (a new room's frame): it hides her as well
                assertThat(memberAsSeenBy(alice, room, alice).get("last_seen").isNull()).isTrue();
            }
            // coming and going says nothing more: every presence frame about her is offline with no last seen
            try (WsClient aliceAgain = WsClient.connect(alice)) {
                aliceAgain.roundTrip();
            }
            assertThat(bobSocket.drain(Duration.ofMillis(500))).filteredOn(f -> f.path("type").asText()
                    .equals("presence")).allMatch(f -> !f.path("online").asBoolean() && f.get("last_seen").isNull());

            try (WsClient aliceSocket = WsClient.connect(alice)) {
                change(alice, Map.of("last_seen", "contacts"));

                bobSocket.await(presenceOf(alice, true), "alice shown again");
                assertThat(memberAsSeenBy(bob, room, alice).hasNonNull("last_seen")).isTrue();
            }
        }
    }

    @Test
    void withReadReceiptsOffNoReadReceiptLeavesADirectChatEitherWayButUnreadCountsStillWork() {
        Api.User alice = api.register("pvr");
        Api.User bob = api.register("pvrb");
        UUID room = api.room(alice, bob);
        change(alice, Map.of("read_receipts", false));
        long bobsMessage = seqOf(bob, room, "did you read this?");
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient aliceOther = WsClient.connect(alice);
             WsClient bobSocket = WsClient.connect(bob)) {

            aliceSocket.send(Map.of("type", "read", "room_uuid", room, "seq", bobsMessage));

            // her own other device learns it (its unread count follows), bob does not
            assertThat(aliceOther.await(readReceiptOf(alice), "alice's read on her other device").get("seq").asLong())
                    .isEqualTo(bobsMessage);
            bobSocket.roundTrip();
            assertThat(bobSocket.drain(Duration.ofMillis(300))).noneMatch(readReceiptOf(alice));
            assertThat(memberAsSeenBy(bob, room, alice).path("read_seq").asLong()).isZero();
            assertThat(api.get("/api/rooms/" + room + "/", alice.token()).json().path("unread_count").asLong())
                    .isZero();

            // and she sees none from bob
            long alicesMessage = seqOf(alice, room, "no blue ticks for you");
            bobSocket.send(Map.of("type", "read", "room_uuid", room, "seq", alicesMessage));
            bobSocket.await(readReceiptOf(bob), "bob's read on his own device");
            aliceSocket.roundTrip();
            assertThat(aliceSocket.drain(Duration.ofMillis(300))).noneMatch(readReceiptOf(bob));
            assertThat(memberAsSeenBy(alice, room, bob).path("read_seq").asLong()).isZero();
            assertThat(memberAsSeenBy(bob, room, bob).path("read_seq").asLong()).isEqualTo(alicesMessage);
        }
    }

    @Test
    void withReadReceiptsOffAReadStillTellsTheSenderTheMessageWasDelivered() {
        Api.User alice = api.register("pvd");
        Api.User bob = api.register("pvdb");
        UUID room = api.room(alice, bob);
        change(alice, Map.of("read_receipts", false));
        long bobsMessage = seqOf(bob, room, "got it?");
        try (WsClient bobSocket = WsClient.connect(bob); WsClient aliceSocket = WsClient.connect(alice)) {

            // read before any delivery was recorded (her socket never synced): the read raised her delivered watermark
            aliceSocket.send(Map.of("type", "read", "room_uuid", room, "seq", bobsMessage));

            JsonNode delivered = bobSocket.await(f -> f.path("type").asText().equals("receipt")
                    && f.path("kind").asText().equals("delivered") && f.path("user").asText().equals(alice.username()),
                    "alice's delivered receipt");
            assertThat(delivered.get("seq").asLong()).isEqualTo(bobsMessage);
            assertThat(bobSocket.drain(Duration.ofMillis(300))).noneMatch(readReceiptOf(alice));
        }
    }

    @Test
    void readReceiptsTurnedBackOnShowTheReadPositionAgain() {
        Api.User alice = api.register("pvo");
        Api.User bob = api.register("pvob");
        UUID room = api.room(alice, bob);
        change(alice, Map.of("read_receipts", false));
        long seq = seqOf(bob, room, "hello");
        try (WsClient aliceSocket = WsClient.connect(alice)) {
            aliceSocket.send(Map.of("type", "read", "room_uuid", room, "seq", seq));
            aliceSocket.await(readReceiptOf(alice), "her read");
        }

        change(alice, Map.of("read_receipts", true));

        assertThat(memberAsSeenBy(bob, room, alice).path("read_seq").asLong()).isEqualTo(seq);
    }

    @Test
    void groupsKeepTheirTicksWhenAMemberTurnedReadReceiptsOff() {
        Api.User alice = api.register("pvg");
        Api.User bob = api.register("pvgb");
        UUID group = api.group(bob, "Receipts " + UUID.randomUUID(), alice);
        change(alice, Map.of("read_receipts", false));
        long seq = seqOf(bob, group, "read me");
        try (WsClient aliceSocket = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob)) {
            aliceSocket.send(Map.of("type", "read", "room_uuid", group, "seq", seq));

            bobSocket.await(f -> f.path("type").asText().equals("ticks") && f.path("read_seq").asLong() >= seq,
                    "the group's blue ticks");
            assertThat(memberAsSeenBy(bob, group, alice).path("read_seq").asLong()).isEqualTo(seq);
        }
    }
}

package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code PATCH /api/rooms/{room_uuid}/settings/}: a user's own pin, mute, archive, unread mark and cleared history. */
class ChatSettingsTest {

    private final Api api = Api.shared();

    private Api.Response settings(Api.User user, UUID room, Map<String, Object> body) {
        return api.patch("/api/rooms/" + room + "/settings/", user.token(), body);
    }

    private JsonNode listed(Api.User user, UUID room) {
        for (JsonNode each : api.get("/api/rooms/", user.token()).json()) {
            if (each.get("room_uuid").asText().equals(room.toString())) {
                return each;
            }
        }
        throw new AssertionError("room " + room + " not listed for " + user.username());
    }

    private long send(Api.User user, UUID room, String text) {
        return api.post("/api/messages/", user.token(), Map.of("room", room.toString(), "content", text))
                .json().get("seq").asLong();
    }

    private static Map<String, Object> nullMute() {
        Map<String, Object> body = new HashMap<>();
        body.put("muted_until", null);
        return body;
    }

    @Test
    void aNewChatHasNoSettings() {
        Api.User alice = api.register("csn");
        UUID room = api.room(alice, api.register("csnb"));

        JsonNode listed = listed(alice, room);

        assertThat(listed.get("pinned").asBoolean()).isFalse();
        assertThat(listed.get("muted_until").isNull()).isTrue();
        assertThat(listed.get("archived").asBoolean()).isFalse();
        assertThat(listed.get("marked_unread").asBoolean()).isFalse();
        assertThat(listed.get("cleared_seq").asLong()).isZero();
    }

    @Test
    void settingsAreTheCallersOwnAndListedWithTheRoom() {
        Api.User alice = api.register("cso");
        Api.User bob = api.register("csob");
        UUID room = api.room(alice, bob);

        Api.Response changed = settings(alice, room, Map.of("pinned", true, "muted_until", "forever",
                "marked_unread", true));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("pinned").asBoolean()).isTrue();
        JsonNode mine = listed(alice, room);
        assertThat(mine.get("pinned").asBoolean()).isTrue();
        assertThat(mine.get("muted_until").asText()).isEqualTo("forever");
        assertThat(mine.get("marked_unread").asBoolean()).isTrue();
        JsonNode bobs = listed(bob, room);
        assertThat(bobs.get("pinned").asBoolean()).isFalse();
        assertThat(bobs.get("muted_until").isNull()).isTrue();
        assertThat(bobs.get("marked_unread").asBoolean()).isFalse();
    }

    @Test
    void aFourthPinIsRefusedAndChangesNothing() {
        Api.User alice = api.register("csp");
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rooms.add(api.room(alice, api.register("cspb" + i)));
        }
        for (int i = 0; i < 3; i++) {
            assertThat(settings(alice, rooms.get(i), Map.of("pinned", true)).status()).isEqualTo(200);
        }

        Api.Response fourth = settings(alice, rooms.get(3), Map.of("pinned", true, "marked_unread", true));

        assertThat(fourth.status()).isEqualTo(409);
        assertThat(fourth.json().get("message").asText()).contains("up to 3 chats");
        assertThat(listed(alice, rooms.get(3)).get("pinned").asBoolean()).isFalse();
        assertThat(listed(alice, rooms.get(3)).get("marked_unread").asBoolean()).isFalse();
        assertThat(settings(alice, rooms.get(0), Map.of("pinned", true)).status()).isEqualTo(200); // again: still 3
        assertThat(settings(alice, rooms.get(0), Map.of("pinned", false)).status()).isEqualTo(200);
        assertThat(settings(alice, rooms.get(3), Map.of("pinned", true)).status()).isEqualTo(200);
    }

    @Test
    void aMuteEndsAtItsTimeAndNullUnmutes() {
        Api.User alice = api.register("csm");
        UUID room = api.room(alice, api.register("csmb"));
        Instant inEightHours = Instant.now().plus(Duration.ofHours(8)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        settings(alice, room, Map.of("muted_until", inEightHours.toString()));
        String muted = listed(alice, room).get("muted_until").asText();
        Api.Response unmuted = settings(alice, room, nullMute());

        assertThat(Instant.parse(muted)).isEqualTo(inEightHours);
        assertThat(unmuted.status()).isEqualTo(200);
        assertThat(listed(alice, room).get("muted_until").isNull()).isTrue();
    }

    @Test
    void aMessageFromSomeoneElseBringsAnArchivedChatBackButNotOnesOwn() {
        Api.User alice = api.register("csa");
        Api.User bob = api.register("csab");
        UUID room = api.room(alice, bob);
        send(bob, room, "before");

        settings(alice, room, Map.of("archived", true));
        boolean archivedAtFirst = listed(alice, room).get("archived").asBoolean();
        send(alice, room, "my own");
        boolean afterMyOwn = listed(alice, room).get("archived").asBoolean();
        send(bob, room, "are you there?");

        assertThat(archivedAtFirst).isTrue();
        assertThat(afterMyOwn).isTrue();
        assertThat(listed(alice, room).get("archived").asBoolean()).isFalse();
    }

    @Test
    void mutingAChatThatAMessageBroughtBackFromTheArchiveKeepsItInTheList() {
        Api.User alice = api.register("csw");
        Api.User bob = api.register("cswb");
        UUID room = api.room(alice, bob);
        settings(alice, room, Map.of("archived", true));
        send(bob, room, "back from the archive");
        boolean backAfterTheMessage = !listed(alice, room).get("archived").asBoolean();

        settings(alice, room, Map.of("muted_until", "forever"));

        assertThat(backAfterTheMessage).isTrue();
        assertThat(listed(alice, room).get("archived").asBoolean()).as("archived again by muting").isFalse();
        send(bob, room, "while muted");
        assertThat(listed(alice, room).get("archived").asBoolean()).isFalse();
    }

    @Test
    void aMutedArchivedChatStaysArchivedWhenMessagesArrive() {
        Api.User alice = api.register("csq");
        Api.User bob = api.register("csqb");
        UUID room = api.room(alice, bob);

        settings(alice, room, Map.of("archived", true, "muted_until", "forever"));
        send(bob, room, "noise");
        boolean whileMuted = listed(alice, room).get("archived").asBoolean();
        settings(alice, room, nullMute());
        boolean afterUnmuting = listed(alice, room).get("archived").asBoolean();
        send(bob, room, "now it counts");

        assertThat(whileMuted).isTrue();
        assertThat(afterUnmuting).isTrue(); // what came while muted does not bring it back later
        assertThat(listed(alice, room).get("archived").asBoolean()).isFalse();
    }

    @Test
    void archivingUnpinsAndPinningUnarchives() {
        Api.User alice = api.register("csu");
        UUID room = api.room(alice, api.register("csub"));

        settings(alice, room, Map.of("pinned", true));
        JsonNode archived = settings(alice, room, Map.of("archived", true)).json();
        JsonNode pinned = settings(alice, room, Map.of("pinned", true)).json();

        assertThat(archived.get("pinned").asBoolean()).isFalse();
        assertThat(pinned.get("archived").asBoolean()).isFalse();
    }

    @Test
    void readingAChatClearsItsUnreadMarkOnEveryDevice() {
        Api.User alice = api.register("csr");
        Api.User bob = api.register("csrb");
        UUID room = api.room(alice, bob);
        long seq = send(bob, room, "hello");
        settings(alice, room, Map.of("marked_unread", true));

        try (WsClient phone = WsClient.connect(alice); WsClient laptop = WsClient.connect(alice)) {
            phone.roundTrip();
            laptop.roundTrip();
            phone.send(Map.of("type", "read", "room_uuid", room.toString(), "seq", seq));

            JsonNode frame = laptop.await(f -> f.get("type").asText().equals("room")
                    && !f.get("room").get("marked_unread").asBoolean(), "room frame with marked_unread false");
            assertThat(frame.get("room").get("room_uuid").asText()).isEqualTo(room.toString());
        }
        assertThat(listed(alice, room).get("marked_unread").asBoolean()).isFalse();
    }

    @Test
    void aChangeReachesTheUsersOtherConnectionsAsARoomFrame() {
        Api.User alice = api.register("csf");
        Api.User bob = api.register("csfb");
        UUID room = api.room(alice, bob);

        try (WsClient laptop = WsClient.connect(alice); WsClient bobs = WsClient.connect(bob)) {
            laptop.roundTrip();
            bobs.roundTrip();
            settings(alice, room, Map.of("pinned", true));

            JsonNode frame = laptop.await("room");
            assertThat(frame.get("room").get("room_uuid").asText()).isEqualTo(room.toString());
            assertThat(frame.get("room").get("pinned").asBoolean()).isTrue();
            assertThat(bobs.drain(Duration.ofMillis(300))).noneMatch(f -> f.get("type").asText().equals("room"));
        }
    }

    @Test
    void aClearedChatStillSaysWhenItsLastMessageWasWrittenSoListsKeepItInPlace() {
        Api.User alice = api.register("csa");
        Api.User bob = api.register("csab");
        UUID room = api.room(alice, bob);
        long cleared = send(bob, room, "see you at nine");
        String writtenAt = listed(alice, room).get("last_message").get("created_at").asText();

        JsonNode answer = settings(alice, room, Map.of("cleared_seq", cleared)).json();

        assertThat(answer.get("last_message").isNull()).isTrue();
        assertThat(answer.get("last_activity_at").asText()).isEqualTo(writtenAt);
        assertThat(listed(alice, room).get("last_activity_at").asText()).isEqualTo(writtenAt);
        assertThat(listed(bob, room).get("last_activity_at").asText()).isEqualTo(writtenAt);
    }

    @Test
    void clearingAChatHidesItsHistoryFromTheCallerOnly() {
        Api.User alice = api.register("csc");
        Api.User bob = api.register("cscb");
        UUID room = api.room(alice, bob);
        String tag = "clr" + UUID.randomUUID().toString().substring(0, 8);
        send(bob, room, "old secret " + tag);
        long cleared = send(alice, room, "old reply " + tag);

        assertThat(settings(alice, room, Map.of("cleared_seq", cleared)).status()).isEqualTo(200);
        send(bob, room, "new news " + tag);

        assertThat(texts(api.get("/api/messages/?room_uuid=" + room, alice.token()).json()))
                .containsExactly("new news " + tag);
        assertThat(texts(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()))
                .containsExactly("old secret " + tag, "old reply " + tag, "new news " + tag);
        JsonNode listed = listed(alice, room);
        assertThat(listed.get("cleared_seq").asLong()).isEqualTo(cleared);
        assertThat(listed.get("last_message").get("content").asText()).isEqualTo("new news " + tag);
        Eventually.await(Duration.ofSeconds(15), "bob finds all three", () ->
                api.get("/api/search/?q=" + tag, bob.token()).json().get("results").size() == 3);
        JsonNode found = api.get("/api/search/?q=" + tag, alice.token()).json().get("results");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("message").get("content").asText()).isEqualTo("new news " + tag);
    }

    @Test
    void aSyncAfterClearingReplaysOnlyWhatCameAfter() {
        Api.User alice = api.register("css");
        Api.User bob = api.register("cssb");
        UUID room = api.room(alice, bob);
        send(bob, room, "before clearing");
        long cleared = send(bob, room, "also before");
        settings(alice, room, Map.of("cleared_seq", cleared));
        send(bob, room, "after clearing");

        try (WsClient ws = WsClient.connect(alice)) {
            ws.send(Map.of("type", "sync", "since", Map.of(room.toString(), 0)));
            ws.await("synced");

            List<String> replayed = ws.drain(Duration.ZERO).stream()
                    .filter(frame -> frame.get("type").asText().equals("message"))
                    .map(frame -> frame.get("message").get("content").asText()).toList();
            assertThat(replayed).containsExactly("after clearing");
        }
    }

    @Test
    void aClearBeyondTheNewestMessageOrBackwardsIsRefusedAndChangesNothing() {
        Api.User alice = api.register("csx");
        Api.User bob = api.register("csxb");
        UUID room = api.room(alice, bob);
        long seq = send(bob, room, "one");
        settings(alice, room, Map.of("cleared_seq", seq));

        Api.Response beyond = settings(alice, room, Map.of("cleared_seq", seq + 1, "pinned", true));
        Api.Response backwards = settings(alice, room, Map.of("cleared_seq", 0));

        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.json().get("message").asText()).contains("beyond the newest message");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(listed(alice, room).get("pinned").asBoolean()).isFalse();
        assertThat(listed(alice, room).get("cleared_seq").asLong()).isEqualTo(seq);
    }

    @Test
    void badSettingsAreRefusedWithAClearMessage() {
        Api.User alice = api.register("csv");
        UUID room = api.room(alice, api.register("csvb"));

        assertThat(message(settings(alice, room, Map.of()))).contains("nothing to change");
        assertThat(message(settings(alice, room, Map.of("muted_until", "tomorrow")))).contains("ISO time");
        assertThat(message(settings(alice, room, Map.of("muted_until", "2020-01-01T00:00:00Z"))))
                .contains("in the future");
        assertThat(message(settings(alice, room, Map.of("muted_until", "9999-01-01T00:00:00Z"))))
                .contains("forever");
        assertThat(message(settings(alice, room, Map.of("pinned", "yes")))).contains("pinned");
        assertThat(message(settings(alice, room, Map.of("cleared_seq", -1)))).contains("negative");
        assertThat(message(settings(alice, room, Map.of("pinned", true, "archived", true)))).contains("not both");
        JsonNode listed = listed(alice, room);
        assertThat(listed.get("pinned").asBoolean()).isFalse();
        assertThat(listed.get("archived").asBoolean()).isFalse();
        assertThat(listed.get("muted_until").isNull()).isTrue();
    }

    @Test
    void aFormerGroupMemberStillManagesTheirOldChat() {
        Api.User alice = api.register("csg");
        Api.User bob = api.register("csgb");
        UUID group = api.group(alice, "Book club", bob);
        api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", alice.token());

        Api.Response changed = settings(bob, group, Map.of("archived", true, "muted_until", "forever"));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("member").asBoolean()).isFalse();
        assertThat(changed.json().get("archived").asBoolean()).isTrue();
    }

    private static String message(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().get("message").asText();
    }

    private static List<String> texts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        messages.forEach(m -> {
            if (m.get("kind").asText().equals("message")) {
                texts.add(m.get("content").asText());
            }
        });
        return texts;
    }
}

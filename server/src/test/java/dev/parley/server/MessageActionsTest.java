package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientFrame;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Reply, edit, delete for everyone and reactions, against a real node and database: each action is an event that
 * takes the room's next seq, reaches every member as an {@code update}, is replayed by sync in order, and leaves
 * history showing every message as it is now; every rule refuses what it must and then changes nothing.
 */
class MessageActionsTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private final Api api = Api.shared();

    // --- reply ---

    @Test
    void aReplyQuotesTheOriginalAsItIsNowInItsAckItsLiveFrameSyncAndHistory() {
        Api.User alice = api.register("rpl");
        Api.User bob = api.register("rplb");
        UUID room = api.room(alice, bob);
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob)) {
            long where = send(a, room, "Where do we meet?").get("seq").asLong();
            b.await("message");

            JsonNode ack = ack(b, new ClientFrame.Send(room, "At the station", id(), where));
            JsonNode live = a.await("message").get("message");

            for (JsonNode view : List.of(ack, live)) {
                assertThat(view.get("reply_to").get("seq").asLong()).isEqualTo(where);
                assertThat(view.get("reply_to").get("user").asText()).isEqualTo(alice.username());
                assertThat(view.get("reply_to").get("content").asText()).isEqualTo("Where do we meet?");
                assertThat(view.get("reply_to").get("deleted").asBoolean()).isFalse();
            }
            // The original changes: every later view of the reply quotes it as it is now.
            act(a, new ClientFrame.Edit(room, where, "Where do we meet on Friday?", id()));
            JsonNode reply = last(history(alice, room));
            assertThat(reply.get("reply_to").get("content").asText()).isEqualTo("Where do we meet on Friday?");
            act(a, new ClientFrame.Delete(room, where, id()));
            reply = last(history(bob, room));
            assertThat(reply.get("reply_to").get("deleted").asBoolean()).isTrue();
            assertThat(reply.get("reply_to").get("content").asText()).isEmpty();
            assertThat(reply.get("content").asText()).isEqualTo("At the station");
        }
    }

    @Test
    void aQuoteCarriesAtMost200CharactersOfTheOriginal() {
        Api.User alice = api.register("rpll");
        Api.User bob = api.register("rpllb");
        UUID room = api.room(alice, bob);
        try (WsClient a = WsClient.connect(alice)) {
            String longText = "😀".repeat(150) + "x".repeat(150);
            long original = send(a, room, longText).get("seq").asLong();

            JsonNode reply = ack(a, new ClientFrame.Send(room, "ok", id(), original));

            assertThat(reply.get("reply_to").get("content").asText()).isEqualTo("😀".repeat(150) + "x".repeat(50));
        }
    }

    @Test
    void aReplyMustNameAVisibleMessageOfTheSameRoomThatIsNotDeleted() {
        Api.User alice = api.register("rplbad");
        Api.User bob = api.register("rplbadb");
        Api.User carol = api.register("rplbadc");
        UUID room = api.room(alice, bob);
        UUID other = api.room(alice, carol);
        UUID group = api.group(alice, "Later", bob);
        try (WsClient a = WsClient.connect(alice); WsClient c = WsClient.connect(carol)) {
            long mine = send(a, room, "hello").get("seq").asLong();
            long elsewhere = send(a, other, "hi carol").get("seq").asLong();
            long deleted = send(a, room, "oops").get("seq").asLong();
            act(a, new ClientFrame.Delete(room, deleted, id()));
            long before = lastSeq(alice, room);

            assertThat(error(a, new ClientFrame.Send(room, "re", id(), 999L)).get("code").asText()).isEqualTo("not_found");
            assertThat(error(a, new ClientFrame.Send(room, "re", id(), 0L)).get("code").asText()).isEqualTo("not_found");
            assertThat(error(a, new ClientFrame.Send(room, "re", id(), deleted)).get("code").asText())
                    .isEqualTo("conflict");
            // A seq of another room names that room's message, which this one does not have.
            assertThat(error(a, new ClientFrame.Send(room, "re", id(), elsewhere + 50)).get("code").asText())
                    .isEqualTo("not_found");
            assertThat(error(a, new ClientFrame.Send(group, "re", id(), 1L)).get("code").asText())
                    .isEqualTo("validation"); // the group's "created" event is not a message
            assertThat(lastSeq(alice, room)).isEqualTo(before);
            assertThat(mine).isPositive();
            // REST takes reply_to as well.
            Api.Response posted = api.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                    "content", "re via REST", "reply_to", mine));
            assertThat(posted.status()).isEqualTo(201);
            assertThat(posted.json().get("reply_to").get("content").asText()).isEqualTo("hello");
        }
    }

    // --- edit ---

    @Test
    void anEditReachesEveryMemberAsAnUpdateOnTheSeqAndHistoryShowsTheLatestTextMarkedEdited() throws SQLException {
        Api.User alice = api.register("edt");
        Api.User bob = api.register("edtb");
        UUID room = api.room(alice, bob);
        try (WsClient a = WsClient.connect(alice); WsClient a2 = WsClient.connect(alice);
             WsClient b = WsClient.connect(bob)) {
            long seq = send(a, room, "see you at 8").get("seq").asLong();
            b.await("message");
            a2.await("message");

            JsonNode acked = act(a, new ClientFrame.Edit(room, seq, "see you at 9", id()));
            JsonNode own = a.await("update");
            JsonNode otherDevice = a2.await("update");
            JsonNode peer = b.await("update");

            assertThat(acked.get("content").asText()).isEqualTo("see you at 9");
            assertThat(acked.get("edited_at").isNull()).isFalse();
            for (JsonNode update : List.of(own, otherDevice, peer)) {
                assertThat(update.get("action").asText()).isEqualTo("edit");
                assertThat(update.get("user").asText()).isEqualTo(alice.username());
                assertThat(update.get("seq").asLong()).isEqualTo(seq + 1);
                assertThat(update.get("message").get("seq").asLong()).isEqualTo(seq);
                assertThat(update.get("message").get("content").asText()).isEqualTo("see you at 9");
            }
            act(a, new ClientFrame.Edit(room, seq, "see you at 9:30", id()));
            assertThat(b.await("update").get("seq").asLong()).isEqualTo(seq + 2);

            List<JsonNode> history = history(bob, room);
            assertThat(history).hasSize(1); // the edits are events, not messages
            assertThat(history.getFirst().get("content").asText()).isEqualTo("see you at 9:30");
            assertThat(history.getFirst().get("edited_at").isNull()).isFalse();
            assertThat(lastSeq(bob, room)).isEqualTo(seq + 2);
            // The earlier versions stay in the database, for nobody's view.
            assertThat(strings("SELECT content FROM message_versions v JOIN rooms r ON r.id = v.room_id "
                    + "WHERE r.room_uuid = ? ORDER BY edit_seq", room)).containsExactly("see you at 8", "see you at 9");
        }
    }

    @Test
    void editsAreRefusedForOthersMessagesEventsDeletedOrOldMessagesAndBadTextAndChangeNothing() throws SQLException {
        Api.User alice = api.register("edtno");
        Api.User bob = api.register("edtnob");
        UUID room = api.room(alice, bob);
        UUID group = api.group(alice, "Edits", bob);
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob)) {
            long mine = send(a, room, "mine").get("seq").asLong();
            long old = send(a, room, "old").get("seq").asLong();
            long gone = send(a, room, "gone").get("seq").asLong();
            act(a, new ClientFrame.Delete(room, gone, id()));
            b.await("update");
            age(room, old, Duration.ofMinutes(16));
            long before = lastSeq(alice, room);

            assertThat(code(b, new ClientFrame.Edit(room, mine, "not yours", id()))).isEqualTo("forbidden");
            assertThat(code(a, new ClientFrame.Edit(room, old, "too late", id()))).isEqualTo("forbidden");
            assertThat(code(a, new ClientFrame.Edit(room, gone, "back", id()))).isEqualTo("conflict");
            assertThat(code(a, new ClientFrame.Edit(room, 999, "none", id()))).isEqualTo("not_found");
            assertThat(code(a, new ClientFrame.Edit(room, mine, "   ", id()))).isEqualTo("validation");
            assertThat(code(a, new ClientFrame.Edit(room, mine, "x".repeat(12_001), id()))).isEqualTo("validation");
            assertThat(code(a, new ClientFrame.Edit(group, 1, "renamed?", id()))).isEqualTo("validation");

            assertThat(lastSeq(alice, room)).isEqualTo(before);
            assertThat(history(alice, room)).extracting(m -> m.get("content").asText()).containsExactly("mine", "old", "");
            assertThat(b.drain(Duration.ofMillis(200))).noneMatch(f -> f.get("type").asText().equals("update"));
        }
    }

    @Test
    void aNodeServesItsConfiguredWindowsAndItsSendRateLimitCoversActions() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.messages.edit-window-seconds", "60", "parley.messages.delete-window-seconds", "120",
                "parley.limits.send-burst", "3", "parley.limits.send-per-second", "1"))) {
            Api small = new Api(java.net.URI.create("http://127.0.0.1:" + node.server().port()));
            JsonNode limits = small.get("/api/limits/", null).json();
            assertThat(limits.get("edit_window_seconds").asLong()).isEqualTo(60);
            assertThat(limits.get("delete_window_seconds").asLong()).isEqualTo(120);
            assertThat(limits.get("max_content_length").asInt()).isEqualTo(12_000);
            assertThat(api.get("/api/limits/", null).json().get("edit_window_seconds").asLong()).isEqualTo(900);

            Api.User alice = small.register("lim");
            Api.User bob = small.register("limb");
            UUID room = small.room(alice, bob);
            try (WsClient a = WsClient.connect(java.net.URI.create("ws://127.0.0.1:" + node.server().port() + "/ws"),
                    alice)) {
                long seq = send(a, room, "one").get("seq").asLong();
                act(a, new ClientFrame.React(room, seq, "👍", id()));
                act(a, new ClientFrame.Edit(room, seq, "one!", id()));
                JsonNode refused = error(a, new ClientFrame.React(room, seq, "😂", id()));

                assertThat(refused.get("code").asText()).isEqualTo("rate_limited");
                assertThat(refused.get("retry_after_ms").asLong()).isPositive();
            }
        }
    }

    // --- delete ---

    @Test
    void deleteForEveryoneLeavesATombstoneAndRemovesTextVersionsAndReactionsFromTheDatabase() throws SQLException {
        Api.User alice = api.register("del");
        Api.User bob = api.register("delb");
        UUID room = api.room(alice, bob);
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob)) {
            long seq = send(a, room, "wrong chat, sorry").get("seq").asLong();
            act(a, new ClientFrame.Edit(room, seq, "wrong chat!", id()));
            act(b, new ClientFrame.React(room, seq, "😮", id()));
            long reply = ack(b, new ClientFrame.Send(room, "what?", id(), seq)).get("seq").asLong();

            JsonNode acked = act(a, new ClientFrame.Delete(room, seq, id()));
            JsonNode update = b.await(f -> f.path("type").asText().equals("update")
                    && f.get("action").asText().equals("delete"), "delete update");

            for (JsonNode view : List.of(acked, update.get("message"))) {
                assertThat(view.get("deleted").asBoolean()).isTrue();
                assertThat(view.get("content").asText()).isEmpty();
                assertThat(view.get("reactions")).isEmpty();
                assertThat(view.get("edited_at").isNull()).isTrue();
            }
            assertThat(strings("SELECT content FROM messages m JOIN rooms r ON r.id = m.room_id "
                    + "WHERE r.room_uuid = ? AND m.content LIKE 'wrong chat%'", room)).isEmpty();
            assertThat(strings("SELECT content FROM message_versions v JOIN rooms r ON r.id = v.room_id "
                    + "WHERE r.room_uuid = ?", room)).isEmpty();
            assertThat(strings("SELECT emoji FROM message_reactions x JOIN rooms r ON r.id = x.room_id "
                    + "WHERE r.room_uuid = ?", room)).isEmpty();
            JsonNode replyNow = history(alice, room).stream().filter(m -> m.get("seq").asLong() == reply)
                    .findFirst().orElseThrow();
            assertThat(replyNow.get("reply_to").get("deleted").asBoolean()).isTrue();
            // Final: it cannot be deleted again, edited or reacted to.
            assertThat(code(a, new ClientFrame.Delete(room, seq, id()))).isEqualTo("conflict");
            assertThat(code(b, new ClientFrame.React(room, seq, "👍", id()))).isEqualTo("conflict");
        }
    }

    @Test
    void onlyTheSenderWithinTheWindowOrAGroupAdminAtAnyTimeMayDeleteForEveryone() {
        Api.User alice = api.register("delwho");
        Api.User bob = api.register("delwhob");
        Api.User carol = api.register("delwhoc");
        UUID direct = api.room(alice, bob);
        UUID group = api.group(alice, "Admins", bob, carol);
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob);
             WsClient c = WsClient.connect(carol)) {
            long alices = send(a, direct, "mine").get("seq").asLong();
            long old = send(b, direct, "from long ago").get("seq").asLong();
            age(direct, old, Duration.ofHours(49));
            long bobs = send(b, group, "bob in the group").get("seq").asLong();
            long carols = send(c, group, "carol in the group").get("seq").asLong();
            age(group, carols, Duration.ofDays(30));

            assertThat(code(b, new ClientFrame.Delete(direct, alices, id()))).isEqualTo("forbidden");
            assertThat(code(b, new ClientFrame.Delete(direct, old, id()))).isEqualTo("forbidden");
            assertThat(code(c, new ClientFrame.Delete(group, bobs, id()))).isEqualTo("forbidden");
            // The owner (an admin) deletes anyone's message, however old; and makes bob an admin, who may too.
            JsonNode byAdmin = act(a, new ClientFrame.Delete(group, carols, id()));
            assertThat(byAdmin.get("deleted").asBoolean()).isTrue();
            assertThat(byAdmin.get("user").asText()).isEqualTo(carol.username());
            assertThat(byAdmin.get("deleted_by").asText()).isEqualTo(alice.username()); // "deleted by an admin"
            assertThat(api.patch("/api/rooms/" + group + "/members/" + bob.username() + "/", alice.token(),
                    Map.of("role", "admin")).status()).isEqualTo(200);
            long alicesInGroup = send(a, group, "alice in the group").get("seq").asLong();
            assertThat(act(b, new ClientFrame.Delete(group, alicesInGroup, id())).get("deleted").asBoolean()).isTrue();
        }
    }

    // --- reactions ---

    @Test
    void eachMemberHasOneReactionThatANewEmojiReplacesAndNullRemoves() {
        Api.User alice = api.register("rct");
        Api.User bob = api.register("rctb");
        Api.User carol = api.register("rctc");
        UUID group = api.group(alice, "Reactions", bob, carol);
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob);
             WsClient c = WsClient.connect(carol)) {
            long seq = send(a, group, "Trip booked!").get("seq").asLong();

            act(b, new ClientFrame.React(group, seq, "👍", id()));
            act(c, new ClientFrame.React(group, seq, "👍", id()));
            JsonNode both = act(a, new ClientFrame.React(group, seq, "❤️", id()));
            assertThat(both.get("reactions")).hasSize(2);
            assertThat(both.get("reactions").get(0).get("emoji").asText()).isEqualTo("👍");
            assertThat(both.get("reactions").get(0).get("count").asInt()).isEqualTo(2);
            assertThat(names(both.get("reactions").get(0).get("users"))).containsExactly(bob.username(), carol.username());
            assertThat(both.get("reactions").get(1).get("emoji").asText()).isEqualTo("❤️");

            JsonNode replaced = act(b, new ClientFrame.React(group, seq, "😂", id()));
            assertThat(reactions(replaced)).containsExactly(Map.entry("👍", List.of(carol.username())),
                    Map.entry("❤️", List.of(alice.username())), Map.entry("😂", List.of(bob.username())));
            JsonNode removed = act(c, new ClientFrame.React(group, seq, null, id()));
            assertThat(reactions(removed)).containsExactly(Map.entry("❤️", List.of(alice.username())),
                    Map.entry("😂", List.of(bob.username())));
            assertThat(reactions(last(history(carol, group)))).isEqualTo(reactions(removed));
            // Reacting as before, or removing none, changes nothing and is no event.
            long before = lastSeq(alice, group);
            act(a, new ClientFrame.React(group, seq, "❤️", id()));
            act(c, new ClientFrame.React(group, seq, null, id()));
            assertThat(lastSeq(alice, group)).isEqualTo(before);
        }
    }

    @Test
    void aReactionIsExactlyOneEmojiOfTheUnicodeSet() {
        Api.User alice = api.register("emo");
        Api.User bob = api.register("emob");
        UUID room = api.room(alice, bob);
        try (WsClient a = WsClient.connect(alice)) {
            long seq = send(a, room, "react to me").get("seq").asLong();
            long before = lastSeq(alice, room);

            for (String bad : List.of("", "a", "1", "ok", "👍👍", "👍 ", " 👍", ":+1:", "<b>", "\u200d", "🏽")) {
                assertThat(code(a, new ClientFrame.React(room, seq, bad, id()))).as(bad).isEqualTo("validation");
            }
            assertThat(lastSeq(alice, room)).isEqualTo(before);
            for (String good : List.of("👍", "❤️", "👍🏽", "🇫🇷", "👨‍👩‍👧", "1️⃣", "🏳️‍🌈")) {
                assertThat(act(a, new ClientFrame.React(room, seq, good, id())).get("reactions").get(0).get("emoji")
                        .asText()).isEqualTo(good);
            }
        }
    }

    // --- the rules every action shares ---

    @Test
    void retryingAnActionWithItsClientIdActsOnceAndAnswersWithTheMessageAsItIsNow() {
        Api.User alice = api.register("idem");
        Api.User bob = api.register("idemb");
        UUID room = api.room(alice, bob);
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob)) {
            long seq = send(a, room, "first").get("seq").asLong();
            String edit = id();
            String react = id();
            act(a, new ClientFrame.Edit(room, seq, "second", edit));
            act(b, new ClientFrame.React(room, seq, "👍", react));
            long after = lastSeq(alice, room);
            a.drain(Duration.ofMillis(100));

            JsonNode retriedEdit = act(a, new ClientFrame.Edit(room, seq, "second", edit));
            JsonNode retriedReact = act(b, new ClientFrame.React(room, seq, "👍", react));
            String delete = id();
            act(a, new ClientFrame.Delete(room, seq, delete));
            JsonNode retriedDelete = act(a, new ClientFrame.Delete(room, seq, delete));

            assertThat(retriedEdit.get("content").asText()).isEqualTo("second");
            assertThat(retriedReact.get("reactions").get(0).get("count").asInt()).isEqualTo(1);
            assertThat(retriedDelete.get("deleted").asBoolean()).isTrue();
            assertThat(lastSeq(alice, room)).isEqualTo(after + 1); // the delete only
            // A client_id names one action or message: used for anything else, it is refused.
            assertThat(code(a, new ClientFrame.React(room, seq - 0, "😂", edit))).isEqualTo("conflict");
            assertThat(code(a, new ClientFrame.Send(room, "new message", edit))).isEqualTo("conflict");
            assertThat(lastSeq(alice, room)).isEqualTo(after + 1);
        }
    }

    @Test
    void actionsDoNotCountAsUnreadNorMoveTheChatUpButThePreviewShowsTheLastMessageAsItIsNow() {
        Api.User alice = api.register("prv");
        Api.User bob = api.register("prvb");
        Api.User carol = api.register("prvc");
        UUID older = api.room(alice, bob);
        UUID newer = api.room(alice, carol);
        try (WsClient a = WsClient.connect(alice)) {
            long seq = send(a, older, "typo hree").get("seq").asLong();
            send(a, newer, "hello carol");

            act(a, new ClientFrame.Edit(older, seq, "typo here", id()));
            act(a, new ClientFrame.React(older, seq, "👍", id()));

            JsonNode rooms = api.get("/api/rooms/", bob.token()).json();
            JsonNode bobs = rooms.get(0);
            assertThat(bobs.get("unread_count").asLong()).isEqualTo(1);
            assertThat(bobs.get("last_seq").asLong()).isEqualTo(seq + 2);
            assertThat(bobs.get("last_message").get("seq").asLong()).isEqualTo(seq);
            assertThat(bobs.get("last_message").get("content").asText()).isEqualTo("typo here");
            assertThat(bobs.get("last_message").get("reactions").get(0).get("emoji").asText()).isEqualTo("👍");
            JsonNode alices = api.get("/api/rooms/", alice.token()).json();
            assertThat(alices.get(0).get("room_uuid").asText()).isEqualTo(newer.toString()); // not moved up

            act(a, new ClientFrame.Delete(older, seq, id()));
            JsonNode preview = api.get("/api/rooms/" + older + "/", bob.token()).json().get("last_message");
            assertThat(preview.get("deleted").asBoolean()).isTrue();
            assertThat(preview.get("content").asText()).isEmpty();
        }
    }

    @Test
    void actionsOverRestWorkOnTheMessageUuidAndStrangersLearnNothing() {
        Api.User alice = api.register("rest");
        Api.User bob = api.register("restb");
        Api.User mallory = api.register("restm");
        UUID room = api.room(alice, bob);
        try (WsClient b = WsClient.connect(bob)) {
            JsonNode sent = api.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                    "content", "via rest")).json();
            String path = "/api/messages/" + sent.get("message_uuid").asText() + "/";
            b.await("message");

            Api.Response edited = api.patch(path, alice.token(), Map.of("content", "via REST", "client_id", "r-1"));
            assertThat(edited.status()).isEqualTo(200);
            assertThat(edited.json().get("content").asText()).isEqualTo("via REST");
            assertThat(b.await("update").get("action").asText()).isEqualTo("edit");
            assertThat(api.patch(path, alice.token(), Map.of("content", "via REST", "client_id", "r-1")).status())
                    .isEqualTo(200);

            Api.Response reacted = api.put(path + "reaction/", bob.token(), Map.of("emoji", "🎉"));
            assertThat(reacted.status()).isEqualTo(200);
            assertThat(reacted.json().get("reactions").get(0).get("emoji").asText()).isEqualTo("🎉");
            assertThat(api.put(path + "reaction/", bob.token(), Map.of("emoji", "nope")).status()).isEqualTo(400);
            assertThat(api.delete(path + "reaction/", bob.token()).json().get("reactions")).isEmpty();

            for (Api.Response refused : List.of(api.patch(path, mallory.token(), Map.of("content", "x")),
                    api.delete(path, mallory.token()), api.put(path + "reaction/", mallory.token(),
                            Map.of("emoji", "👍")), api.delete(path + "reaction/", mallory.token()))) {
                assertThat(refused.status()).isEqualTo(404);
            }
            assertThat(api.patch(path, bob.token(), Map.of("content", "x")).status()).isEqualTo(403);
            assertThat(api.patch("/api/messages/" + UUID.randomUUID() + "/", alice.token(), Map.of("content", "x"))
                    .status()).isEqualTo(404);
            assertThat(api.patch("/api/messages/not-a-uuid/", alice.token(), Map.of("content", "x")).status())
                    .isEqualTo(400);
            assertThat(api.patch(path, null, Map.of("content", "x")).status()).isEqualTo(401);

            Api.Response deleted = api.delete(path, alice.token());
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
            assertThat(api.delete(path, alice.token()).status()).isEqualTo(409);
        }
    }

    // --- groups: who sees what ---

    @Test
    void aLaterMemberGetsNoUpdatesOfMessagesFromBeforeTheyJoinedAndQuotesOfThemWithoutText() {
        Api.User alice = api.register("vis");
        Api.User bob = api.register("visb");
        Api.User carol = api.register("visc");
        UUID group = api.group(alice, "Visibility", bob);
        try (WsClient a = WsClient.connect(alice); WsClient c = WsClient.connect(carol)) {
            long secret = send(a, group, "before carol").get("seq").asLong();
            assertThat(api.post("/api/rooms/" + group + "/members/", alice.token(),
                    Map.of("users", List.of(carol.username()))).status()).isEqualTo(200);
            c.await("room");
            c.await("message"); // "alice added carol"

            act(a, new ClientFrame.React(group, secret, "👍", id()));
            JsonNode reply = ack(a, new ClientFrame.Send(group, "as I said", id(), secret));
            JsonNode carols = c.await("message").get("message");

            assertThat(reply.get("reply_to").get("content").asText()).isEqualTo("before carol");
            assertThat(carols.get("reply_to").get("seq").asLong()).isEqualTo(secret);
            assertThat(carols.get("reply_to").get("content").isNull()).isTrue();
            assertThat(c.drain(Duration.ofMillis(200))).noneMatch(f -> f.get("type").asText().equals("update"));
            assertThat(last(history(carol, group)).get("reply_to").get("content").isNull()).isTrue();
            // Deleted later: carol, who gets no update of it, is not told through the quote's flag either.
            act(a, new ClientFrame.Delete(group, secret, id()));
            JsonNode quoteNow = last(history(carol, group)).get("reply_to");
            assertThat(quoteNow.get("content").isNull()).isTrue();
            assertThat(quoteNow.get("deleted").asBoolean()).isFalse();
            assertThat(last(history(alice, group)).get("reply_to").get("deleted").asBoolean()).isTrue();
            assertThat(code(c, new ClientFrame.React(group, secret, "👍", id()))).isEqualTo("not_found");
            assertThat(code(c, new ClientFrame.Send(group, "re", id(), secret))).isEqualTo("not_found");
            // Sync from before the reaction: carol gets the reply, not the reaction to what she cannot see.
            try (WsClient later = WsClient.connect(carol)) {
                later.send(new ClientFrame.Sync(Map.of(group, 0L)));
                List<JsonNode> replayed = untilSynced(later);
                assertThat(replayed).noneMatch(f -> f.get("type").asText().equals("update"));
                assertThat(replayed).anyMatch(f -> f.get("message").get("content").asText().equals("as I said")
                        && f.get("message").get("reply_to").get("content").isNull());
            }
        }
    }

    @Test
    void someoneWhoLeftSeesTheTextsAndReactionsAsTheyWereWhenTheyLeft() {
        Api.User alice = api.register("gone");
        Api.User bob = api.register("goneb");
        Api.User mallory = api.register("gonem");
        UUID group = api.group(alice, "Plans", bob, mallory);
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob)) {
            long plan = send(a, group, "meet at the old mill").get("seq").asLong();
            act(b, new ClientFrame.React(group, plan, "👍", id()));
            long quoted = ack(b, new ClientFrame.Send(group, "ok", id(), plan)).get("seq").asLong();
            assertThat(api.delete("/api/rooms/" + group + "/members/" + mallory.username() + "/", alice.token())
                    .status()).isEqualTo(204);

            act(a, new ClientFrame.Edit(group, plan, "meet at the new bridge", id()));
            act(a, new ClientFrame.React(group, plan, "🎉", id()));
            act(b, new ClientFrame.React(group, plan, "😂", id()));

            List<JsonNode> seen = history(mallory, group);
            JsonNode planThen = seen.stream().filter(m -> m.get("seq").asLong() == plan).findFirst().orElseThrow();
            assertThat(planThen.get("content").asText()).isEqualTo("meet at the old mill");
            assertThat(planThen.get("edited_at").isNull()).isTrue();
            assertThat(planThen.get("reactions")).isEmpty(); // bob's 👍 became 😂 after she left: neither shows
            JsonNode replyThen = seen.stream().filter(m -> m.get("seq").asLong() == quoted).findFirst().orElseThrow();
            assertThat(replyThen.get("reply_to").get("content").asText()).isEqualTo("meet at the old mill");
            JsonNode planNow = history(bob, group).stream().filter(m -> m.get("seq").asLong() == plan).findFirst()
                    .orElseThrow();
            assertThat(planNow.get("content").asText()).isEqualTo("meet at the new bridge");
            assertThat(reactions(planNow)).containsExactly(Map.entry("🎉", List.of(alice.username())),
                    Map.entry("😂", List.of(bob.username())));
        }
    }

    @Test
    void aReplyRacingTheDeleteOfWhatItQuotesShowsItDeletedInItsAckAndLiveFrame() {
        // Batches start at most every 1.5 s here: the reply waits in the writer's queue while the delete commits.
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.db.commit-interval-ms", "1500"))) {
            Api slow = new Api(java.net.URI.create("http://127.0.0.1:" + node.server().port()));
            java.net.URI ws = java.net.URI.create("ws://127.0.0.1:" + node.server().port() + "/ws");
            Api.User alice = slow.register("race");
            Api.User bob = slow.register("raceb");
            UUID room = slow.room(alice, bob);
            try (WsClient a = WsClient.connect(ws, alice); WsClient b = WsClient.connect(ws, bob)) {
                JsonNode original = send(a, room, "secret text");
                b.await("message");
                String replyId = id();
                b.send(new ClientFrame.Send(room, "what secret?", replyId, original.get("seq").asLong()));
                assertThat(slow.delete("/api/messages/" + original.get("message_uuid").asText() + "/",
                        alice.token()).status()).isEqualTo(200);

                JsonNode ack = b.await(f -> replyId.equals(f.path("client_id").asText()), "the reply's answer");
                JsonNode live = a.await(f -> f.path("type").asText().equals("message"), "the reply").get("message");

                assertThat(ack.get("type").asText()).isEqualTo("ack");
                assertThat(ack.get("message").get("seq").asLong()).isGreaterThan(original.get("seq").asLong() + 1);
                for (JsonNode reply : List.of(ack.get("message"), live)) {
                    assertThat(reply.get("reply_to").get("deleted").asBoolean()).isTrue();
                    assertThat(reply.get("reply_to").get("content").asText()).isEmpty();
                }
            }
        }
    }

    @Test
    void aFormerMemberCanNoLongerActOnTheGroup() {
        Api.User alice = api.register("frm");
        Api.User bob = api.register("frmb");
        UUID group = api.group(alice, "Former", bob);
        try (WsClient b = WsClient.connect(bob)) {
            long seq = send(b, group, "bye").get("seq").asLong();
            assertThat(api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", alice.token()).status())
                    .isEqualTo(204);

            assertThat(code(b, new ClientFrame.Edit(group, seq, "changed", id()))).isEqualTo("forbidden");
            assertThat(code(b, new ClientFrame.Delete(group, seq, id()))).isEqualTo("forbidden");
            assertThat(code(b, new ClientFrame.React(group, seq, "👍", id()))).isEqualTo("forbidden");
        }
    }

    // --- convergence ---

    @Test
    void aClientThatAppliesSyncFromAnySeqEndsWithWhatHistoryShows() {
        Api.User alice = api.register("conv");
        Api.User bob = api.register("convb");
        Api.User carol = api.register("convc");
        UUID group = api.group(alice, "Converge", bob, carol);
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob);
             WsClient c = WsClient.connect(carol); WsClient watcher = WsClient.connect(bob)) {
            watcher.roundTrip();
            long one = send(a, group, "one").get("seq").asLong();
            long two = send(b, group, "two").get("seq").asLong();
            act(c, new ClientFrame.React(group, one, "👍", id()));
            ack(c, new ClientFrame.Send(group, "three", id(), two));
            act(b, new ClientFrame.Edit(group, two, "two, edited", id()));
            act(a, new ClientFrame.React(group, two, "😂", id()));
            act(c, new ClientFrame.React(group, one, "❤️", id()));
            act(b, new ClientFrame.Delete(group, two, id()));
            act(a, new ClientFrame.Edit(group, one, "one, edited", id()));
            send(c, group, "four");
            long end = lastSeq(bob, group);
            // What bob's other device saw live, in order: what a client held at any seq of the room.
            List<JsonNode> live = new ArrayList<>();
            while (live.isEmpty() || seqOf(live.getLast()) < end) {
                live.add(watcher.await(f -> List.of("message", "update").contains(f.get("type").asText()), "live"));
            }
            Map<Long, JsonNode> expected = bySeq(historyAll(bob, group));

            for (long since = 0; since <= end; since++) {
                Map<Long, JsonNode> state = new TreeMap<>();
                if (since >= 1) {
                    state.put(1L, expected.get(1L)); // "created", before the watcher connected; it never changes
                }
                for (JsonNode frame : live) {
                    if (seqOf(frame) <= since) {
                        apply(state, frame);
                    }
                }
                try (WsClient fresh = WsClient.connect(bob)) { // a connection's replay skips what it delivered live
                    fresh.send(new ClientFrame.Sync(Map.of(group, since)));
                    for (JsonNode frame : untilSynced(fresh)) {
                        apply(state, frame);
                    }
                }
                assertThat(state).as("after a sync from seq %d", since).isEqualTo(expected);
            }
        }
    }

    // --- helpers ---

    private static String id() {
        return "act-" + IDS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode send(WsClient socket, UUID room, String text) {
        return ack(socket, new ClientFrame.Send(room, text, id()));
    }

    /** Sends a frame and returns the message of its ack (failing on an error frame). */
    private static JsonNode ack(WsClient socket, ClientFrame frame) {
        JsonNode answer = answer(socket, frame);
        assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("ack");
        return answer.get("message");
    }

    private static JsonNode act(WsClient socket, ClientFrame frame) {
        return ack(socket, frame);
    }

    private static JsonNode error(WsClient socket, ClientFrame frame) {
        JsonNode answer = answer(socket, frame);
        assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("error");
        return answer;
    }

    private static String code(WsClient socket, ClientFrame frame) {
        return error(socket, frame).get("code").asText();
    }

    private static JsonNode answer(WsClient socket, ClientFrame frame) {
        String clientId = switch (frame) {
            case ClientFrame.Send send -> send.clientId();
            case ClientFrame.Action action -> action.clientId();
            default -> throw new IllegalArgumentException(frame.toString());
        };
        socket.send(frame);
        return socket.await(f -> clientId.equals(f.path("client_id").asText())
                && (f.get("type").asText().equals("ack") || f.get("type").asText().equals("error")), "answer");
    }

    private List<JsonNode> history(Api.User user, UUID room) {
        JsonNode page = api.get("/api/messages/?room_uuid=" + room + "&limit=200", user.token()).json();
        return StreamSupport.stream(page.spliterator(), false).filter(m -> m.get("kind").asText().equals("message"))
                .toList();
    }

    /** Every message and membership event of the room's history, oldest first. */
    private List<JsonNode> historyAll(Api.User user, UUID room) {
        JsonNode page = api.get("/api/messages/?room_uuid=" + room + "&limit=200", user.token()).json();
        return StreamSupport.stream(page.spliterator(), false).toList();
    }

    /** The seq a live frame brings the room to: a message's own, an update's event seq. */
    private static long seqOf(JsonNode frame) {
        return frame.get("type").asText().equals("update") ? frame.get("seq").asLong()
                : frame.get("message").get("seq").asLong();
    }

    /**
     * What a client does with a frame: the message it carries replaces what it had at that seq; after an update,
     * the quotes of the replies it holds to that message are refreshed from it (the README's rule for clients).
     */
    private static void apply(Map<Long, JsonNode> state, JsonNode frame) {
        JsonNode message = frame.get("message");
        long seq = message.get("seq").asLong();
        state.put(seq, message);
        if (!frame.get("type").asText().equals("update")) {
            return;
        }
        state.replaceAll((at, held) -> {
            JsonNode quote = held.get("reply_to");
            if (quote == null || quote.isNull() || quote.get("seq").asLong() != seq) {
                return held;
            }
            com.fasterxml.jackson.databind.node.ObjectNode refreshed = held.deepCopy();
            com.fasterxml.jackson.databind.node.ObjectNode newQuote = quote.deepCopy();
            String text = message.get("content").asText();
            if (!quote.get("content").isNull()) {
                newQuote.put("content", text.codePointCount(0, text.length()) <= 200 ? text
                        : text.substring(0, text.offsetByCodePoints(0, 200)));
            }
            newQuote.put("deleted", message.get("deleted").asBoolean());
            refreshed.set("reply_to", newQuote);
            return refreshed;
        });
    }

    private static JsonNode last(List<JsonNode> messages) {
        return messages.getLast();
    }

    private static Map<Long, JsonNode> bySeq(List<JsonNode> messages) {
        Map<Long, JsonNode> map = new TreeMap<>();
        messages.forEach(m -> map.put(m.get("seq").asLong(), m));
        return map;
    }

    private long lastSeq(Api.User user, UUID room) {
        return api.get("/api/rooms/" + room + "/", user.token()).json().get("last_seq").asLong();
    }

    private static List<JsonNode> untilSynced(WsClient socket) {
        List<JsonNode> frames = new ArrayList<>();
        while (true) {
            JsonNode frame = socket.await(f -> List.of("message", "update", "synced").contains(f.get("type").asText()),
                    "replay");
            if (frame.get("type").asText().equals("synced")) {
                return frames;
            }
            frames.add(frame);
        }
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<Map.Entry<String, List<String>>> reactions(JsonNode message) {
        List<Map.Entry<String, List<String>>> grouped = new ArrayList<>();
        for (JsonNode reaction : message.get("reactions")) {
            assertThat(reaction.get("count").asInt()).isEqualTo(reaction.get("users").size());
            grouped.add(Map.entry(reaction.get("emoji").asText(), names(reaction.get("users"))));
        }
        return grouped;
    }

    /** Makes a message look sent {@code ago} earlier, as if that much time had passed. */
    private static void age(UUID room, long seq, Duration ago) {
        try (Connection db = TestServer.dataSource().getConnection();
             PreparedStatement update = db.prepareStatement("UPDATE messages SET created_at = created_at - "
                     + "make_interval(secs => ?) WHERE seq = ? AND room_id = (SELECT id FROM rooms WHERE room_uuid = ?)")) {
            update.setDouble(1, ago.toSeconds());
            update.setLong(2, seq);
            update.setObject(3, room);
            assertThat(update.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(String sql, UUID room) throws SQLException {
        try (Connection db = TestServer.dataSource().getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, room);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> frame(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}

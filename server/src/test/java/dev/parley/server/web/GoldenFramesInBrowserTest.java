package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Feeds the protocol's golden server frames (the ones the Java records are checked against) to the web client's own
 * frame handler, {@code applyFrame} from {@code /js/store.js}, in a real browser: a renamed field or a new frame type
 * breaks this test instead of the chat. Each frame is applied to a small state (one room, one pending send) from the
 * point of view of the person who would receive it; the tests compare what changed with the golden values.
 */
class GoldenFramesInBrowserTest {

    private static final long NOW = 1_795_000_000_000L;
    /** Who receives each frame: alice sent the golden message, so acks, receipts and errors are hers. */
    private static final Map<String, String> RECEIVER = Map.of("ack", "alice", "receipt", "alice",
            "presence", "alice", "error", "alice");

    private static final String APPLY_EVERY_FRAME = """
            const [cases, baseRoom, now, done] = arguments;
            const snapshot = (state) => JSON.parse(JSON.stringify({
              rooms: [...state.rooms.values()],
              history: Object.fromEntries([...state.history].map(([uuid, h]) => [uuid, h.messages])),
              outbox: state.outbox,
              typing: Object.fromEntries(state.typing),
              blocked: [...state.blocked],
            }));
            import('/js/store.js').then(({ createState, applyFrame }) => {
              const results = {};
              for (const { name, me, frame, pendingClientId } of JSON.parse(cases)) {
                const state = createState();
                state.me = { username: me };
                const room = JSON.parse(baseRoom);
                if (name !== 'room') {
                  applyFrame(state, { type: 'room', room }, now);
                  state.history.set(room.room_uuid, { messages: [], loading: false, hasOlder: false });
                }
                state.outbox = [{ client_id: pendingClientId, room_uuid: room.room_uuid, content: 'pending',
                  created_at: new Date(now).toISOString(), failed: false, error: null }];
                const before = snapshot(state);
                const effects = applyFrame(state, frame, now);
                results[name] = { before, after: snapshot(state), effects: JSON.parse(JSON.stringify(effects)) };
              }
              done(JSON.stringify(results));
            }).catch((error) => done(JSON.stringify({ failure: String(error) })));
            """;

    private static Map<String, JsonNode> golden;
    private static JsonNode results;

    @BeforeAll
    static void applyEveryGoldenServerFrameInTheBrowser() throws IOException {
        golden = new LinkedHashMap<>();
        for (String type : frameTypes()) {
            golden.put(type, read("/golden/server/" + type + ".json"));
        }
        ArrayNode cases = Json.mapper().createArrayNode();
        golden.forEach((type, frame) -> cases.addObject()
                .put("name", type)
                .put("me", RECEIVER.getOrDefault(type, "bob"))
                .put("pendingClientId", frame.path("client_id").asText("c-unrelated"))
                .set("frame", frame));
        ChromeDriver browser = Chrome.start();
        try {
            browser.get(TestServer.http() + "/");
            String answer = (String) browser.executeAsyncScript(APPLY_EVERY_FRAME,
                    Json.write(cases), Json.write(baseRoom()), NOW);
            results = Json.mapper().readTree(answer);
        } finally {
            browser.quit();
        }
        assertThat(results.path("failure").asText("")).isEmpty();
    }

    @Test
    void everyServerFrameTypeOfTheProtocolWasAppliedByTheClient() {
        assertThat(results.properties()).extracting(Map.Entry::getKey).containsExactlyElementsOf(frameTypes());
    }

    @Test
    void roomFrameAddsTheRoomAsTheServerDescribesIt() {
        JsonNode room = golden.get("room").get("room");
        ObjectNode added = (ObjectNode) after("room").get("rooms").get(0).deepCopy();
        long knownSeq = added.remove("known_seq").asLong();

        assertThat(after("room").get("rooms")).hasSize(1);
        assertThat(added).isEqualTo(room);
        assertThat(knownSeq).isEqualTo(member(room, "bob").get("delivered_seq").asLong());
    }

    @Test
    void messageFrameAppendsTheMessageCountsItUnreadAndAnnouncesIt() {
        JsonNode message = golden.get("message").get("message");
        JsonNode room = after("message").get("rooms").get(0);

        assertThat(after("message").get("history").get(roomUuid())).containsExactly(message);
        assertThat(room.get("last_message")).isEqualTo(message);
        assertThat(room.get("last_seq").asLong()).isEqualTo(message.get("seq").asLong());
        assertThat(room.get("known_seq").asLong()).isEqualTo(message.get("seq").asLong());
        assertThat(room.get("unread_count").asInt()).isEqualTo(1);
        assertThat(effects("message")).containsExactly(
                Json.mapper().createObjectNode().put("type", "incoming").set("message", message));
    }

    @Test
    void ackFrameTurnsMyPendingSendIntoTheStoredMessage() {
        JsonNode message = golden.get("ack").get("message");
        JsonNode room = after("ack").get("rooms").get(0);

        assertThat(before("ack").get("outbox")).hasSize(1);
        assertThat(after("ack").get("outbox")).isEmpty();
        assertThat(after("ack").get("history").get(roomUuid())).containsExactly(message);
        assertThat(room.get("last_seq").asLong()).isEqualTo(message.get("seq").asLong());
        assertThat(room.get("unread_count").asInt()).isZero();
        assertThat(member(room, "alice").get("read_seq").asLong()).isEqualTo(message.get("seq").asLong());
        assertThat(effects("ack")).isEmpty();
    }

    @Test
    void typingFrameShowsWhoTypesForFiveSeconds() {
        JsonNode frame = golden.get("typing");
        ArrayNode typists = Json.mapper().createArrayNode();
        typists.addObject().put("user", frame.get("user").asText()).put("until", NOW + 5_000);

        assertThat(after("typing").get("typing").get(frame.get("room_uuid").asText())).isEqualTo(typists);
        assertThat(effects("typing")).isEmpty();
    }

    @Test
    void receiptFrameMovesTheReadersWatermarks() {
        JsonNode frame = golden.get("receipt");
        JsonNode reader = member(after("receipt").get("rooms").get(0), frame.get("user").asText());

        assertThat(frame.get("kind").asText()).isEqualTo("read");
        assertThat(reader.get("read_seq").asLong()).isEqualTo(frame.get("seq").asLong());
        assertThat(reader.get("delivered_seq").asLong()).isEqualTo(frame.get("seq").asLong());
        assertThat(effects("receipt")).isEmpty();
    }

    @Test
    void blockFrameMarksThePersonBlockedOnEveryDevice() {
        JsonNode frame = golden.get("block");

        assertThat(before("block").get("blocked")).isEmpty();
        assertThat(after("block").get("blocked")).containsExactly(frame.get("user"));
    }

    @Test
    void presenceFrameUpdatesThePersonEverywhereTheyAppear() {
        JsonNode frame = golden.get("presence");
        JsonNode person = member(after("presence").get("rooms").get(0), frame.get("user").asText());

        assertThat(member(before("presence").get("rooms").get(0), frame.get("user").asText()).get("online").asBoolean())
                .isNotEqualTo(frame.get("online").asBoolean());
        assertThat(person.get("online")).isEqualTo(frame.get("online"));
        assertThat(person.get("last_seen")).isEqualTo(frame.get("last_seen"));
    }

    @Test
    void syncedFrameHandsTheRoomsWithMoreHistoryToTheStore() {
        assertThat(effects("synced")).containsExactly(Json.mapper().createObjectNode().put("type", "synced")
                .set("hasMore", golden.get("synced").get("has_more")));
    }

    @Test
    void aRateLimitedErrorForMySendKeepsItWaitingAndAsksForAResendAfterTheHint() {
        JsonNode frame = golden.get("error");
        JsonNode pending = after("error").get("outbox").get(0);

        assertThat(frame.get("code").asText()).isEqualTo("rate_limited");
        assertThat(pending.get("client_id")).isEqualTo(frame.get("client_id"));
        assertThat(pending.get("failed").asBoolean()).isFalse();
        assertThat(pending.get("waiting").asBoolean()).isTrue();
        assertThat(effects("error")).hasSize(1);
        assertThat(effects("error").get(0).get("type").asText()).isEqualTo("resend-later");
        assertThat(effects("error").get(0).get("afterMs")).isEqualTo(frame.get("retry_after_ms"));
    }

    @Test
    void updateFrameMovesTheRoomPositionPastItsSeqWithoutCountingItUnread() {
        JsonNode frame = golden.get("update");
        ObjectNode expected = (ObjectNode) before("update").get("rooms").get(0).deepCopy();
        expected.set("known_seq", frame.get("seq"));
        expected.set("last_seq", frame.get("seq"));

        assertThat(after("update").get("rooms")).containsExactly(expected);
        assertThat(after("update").get("history")).isEqualTo(before("update").get("history"));
        // The golden update is four seqs past what bob holds: the client asks for what lies between.
        assertThat(effects("update")).containsExactly(Json.mapper().createObjectNode().put("type", "gap")
                .put("roomUuid", roomUuid()).set("since", before("update").at("/rooms/0/known_seq")));
    }

    @Test
    void pongFrameChangesNothing() {
        assertThat(after("pong")).isEqualTo(before("pong"));
        assertThat(effects("pong")).isEmpty();
    }

    // --- helpers ---

    /** The frame types the protocol declares, in its order: the same list the protocol's golden test walks. */
    private static List<String> frameTypes() {
        return Arrays.stream(ServerFrame.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name).toList();
    }

    /**
     * The golden room one seq before the golden message (so that message is news and the next one bob expects, and
     * alice's watermarks are below it) with bob shown online (so the golden presence frame, bob going offline, is a
     * change).
     */
    private static JsonNode baseRoom() {
        long previous = golden.get("message").at("/message/seq").asLong() - 1;
        ObjectNode room = golden.get("room").get("room").deepCopy();
        room.put("last_seq", previous);
        room.putNull("last_message");
        room.put("unread_count", 0);
        ((ObjectNode) member(room, "alice")).put("delivered_seq", previous).put("read_seq", previous);
        // Bob (the one reading) has been sent everything before the golden message: it is the next one, not a gap.
        ((ObjectNode) member(room, "bob")).put("online", true).put("delivered_seq", previous);
        return room;
    }

    private static String roomUuid() {
        return golden.get("room").at("/room/room_uuid").asText();
    }

    private static JsonNode member(JsonNode room, String username) {
        for (JsonNode member : room.get("members")) {
            if (member.get("username").asText().equals(username)) {
                return member;
            }
        }
        throw new AssertionError("no member " + username + " in " + room);
    }

    private static JsonNode before(String type) {
        return results.get(type).get("before");
    }

    private static JsonNode after(String type) {
        return results.get(type).get("after");
    }

    private static JsonNode effects(String type) {
        return results.get(type).get("effects");
    }

    private static JsonNode read(String resource) {
        try (InputStream in = GoldenFramesInBrowserTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("golden example " + resource).isNotNull();
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message action (and a reply) by every kind of caller, in a direct room and a group, over REST and over the
 * WebSocket: who may do what to a message. Each case acts on a fresh message of the sender, so no case depends on
 * another; a refused one must leave the room's seq where it was.
 */
class MessageActionsAuthorizationTest {

    enum Caller { ANONYMOUS, FORGED_TOKEN, NON_MEMBER, FORMER_MEMBER, OTHER_MEMBER, SENDER, ADMIN }

    enum Action { EDIT, DELETE, REACT, UNREACT, REPLY }

    /** A node of its own: the sender posts a fresh message for every case, far past the shared node's send limit. */
    private static Parley node;
    private static Api API;
    private static Api.User owner;
    private static Api.User sender;
    private static Api.User other;
    private static Api.User former;
    private static Api.User outsider;
    private static UUID direct;
    private static UUID group;
    /** A message of the sender from while the former member was in the group: they still see it. */
    private static JsonNode seenByFormer;

    @BeforeAll
    static void setUp() {
        node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.limits.send-burst", "100000",
                "parley.limits.send-per-second", "100000"));
        API = new Api(java.net.URI.create("http://127.0.0.1:" + node.server().port()));
        owner = API.register("axo");
        sender = API.register("axs");
        other = API.register("axm");
        former = API.register("axf");
        outsider = API.register("axn");
        direct = API.room(sender, other);
        group = API.group(owner, "Matrix", sender, other, former);
        seenByFormer = API.post("/api/messages/", sender.token(), Map.of("room", group.toString(),
                "content", "before the former member left")).json();
        API.delete("/api/rooms/" + group + "/members/" + former.username() + "/", owner.token());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean inGroup : new boolean[] {false, true}) {
            for (Caller caller : Caller.values()) {
                if (!inGroup && (caller == Caller.FORMER_MEMBER || caller == Caller.ADMIN)) {
                    continue; // a direct room has neither
                }
                for (Action action : Action.values()) {
                    cases.add(Arguments.of(inGroup ? "group" : "direct", caller, action));
                }
            }
        }
        return cases.stream();
    }

    /** What REST answers: the status code. */
    private static int expectedStatus(Caller caller, Action action) {
        return switch (caller) {
            case ANONYMOUS, FORGED_TOKEN -> 401;
            case NON_MEMBER -> 404;
            case FORMER_MEMBER -> 403;
            case OTHER_MEMBER -> action == Action.EDIT || action == Action.DELETE ? 403 : okStatus(action);
            case ADMIN -> action == Action.EDIT ? 403 : okStatus(action);
            case SENDER -> okStatus(action);
        };
    }

    private static int okStatus(Action action) {
        return action == Action.REPLY ? 201 : 200;
    }

    @ParameterizedTest(name = "{0}: {1} {2} over REST")
    @MethodSource("cases")
    void overRest(String kind, Caller caller, Action action) {
        UUID room = kind.equals("group") ? group : direct;
        JsonNode message = target(room, caller, "target of " + caller + " " + action);
        String path = "/api/messages/" + message.get("message_uuid").asText() + "/";
        long before = lastSeq(room);
        String token = token(caller);
        if (action == Action.UNREACT && caller == Caller.SENDER) {
            API.put(path + "reaction/", sender.token(), Map.of("emoji", "👍"));
            before = lastSeq(room);
        }

        Api.Response response = switch (action) {
            case EDIT -> API.patch(path, token, Map.of("content", "changed"));
            case DELETE -> API.delete(path, token);
            case REACT -> API.put(path + "reaction/", token, Map.of("emoji", "👍"));
            case UNREACT -> API.delete(path + "reaction/", token);
            case REPLY -> API.post("/api/messages/", token, Map.of("room", room.toString(), "content", "re",
                    "reply_to", message.get("seq").asLong()));
        };

        int expected = expectedStatus(caller, action);
        assertThat(response.status()).as(response.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(lastSeq(room)).isEqualTo(before);
        }
    }

    @ParameterizedTest(name = "{0}: {1} {2} over the WebSocket")
    @MethodSource("cases")
    void overTheWebSocket(String kind, Caller caller, Action action) {
        if (caller == Caller.ANONYMOUS || caller == Caller.FORGED_TOKEN) {
            return; // no socket without a session: AuthorizationMatrixTest
        }
        UUID room = kind.equals("group") ? group : direct;
        JsonNode message = target(room, caller, "ws target of " + caller + " " + action);
        long seq = message.get("seq").asLong();
        String clientId = "mx-" + UUID.randomUUID();
        ClientFrame frame = switch (action) {
            case EDIT -> new ClientFrame.Edit(room, seq, "changed", clientId);
            case DELETE -> new ClientFrame.Delete(room, seq, clientId);
            case REACT -> new ClientFrame.React(room, seq, "👍", clientId);
            case UNREACT -> new ClientFrame.React(room, seq, null, clientId);
            case REPLY -> new ClientFrame.Send(room, "re", clientId, seq);
        };
        long before = lastSeq(room);
        try (WsClient socket = WsClient.connect(java.net.URI.create("ws://127.0.0.1:" + node.server().port() + "/ws"),
                user(caller))) {
            socket.send(frame);
            JsonNode answer = socket.await(f -> clientId.equals(f.path("client_id").asText()), "answer");

            int expected = expectedStatus(caller, action);
            if (expected < 400) {
                assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("ack");
            } else {
                assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("error");
                assertThat(answer.get("code").asText()).isEqualTo(expected == 404 ? "not_found" : "forbidden");
                assertThat(lastSeq(room)).isEqualTo(before);
            }
        }
    }

    /** A fresh message of the sender; for the former member, one they can still see (refused: nothing changes). */
    private static JsonNode target(UUID room, Caller caller, String text) {
        return caller == Caller.FORMER_MEMBER ? seenByFormer
                : API.post("/api/messages/", sender.token(), Map.of("room", room.toString(), "content", text)).json();
    }

    private static Api.User user(Caller caller) {
        return switch (caller) {
            case NON_MEMBER -> outsider;
            case FORMER_MEMBER -> former;
            case OTHER_MEMBER -> other;
            case SENDER -> sender;
            case ADMIN -> owner;
            default -> throw new IllegalArgumentException(caller.toString());
        };
    }

    private static String token(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case FORGED_TOKEN -> "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            default -> user(caller).token();
        };
    }

    private static long lastSeq(UUID room) {
        return API.get("/api/rooms/" + room + "/", sender.token()).json().get("last_seq").asLong();
    }
}

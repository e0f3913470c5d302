package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The three endpoints of the API Parley replaces, with their field names, plus what Parley adds to them. */
class RestApiTest {

    private final Api api = Api.shared();

    @Test
    void roomsListTheCallersRoomsWithTheSeedFieldsAndUnreadCounts() {
        Api.User alice = api.register("alice");
        Api.User bob = api.register("bob");
        Api.User carol = api.register("carol");
        UUID room = api.room(alice, bob);
        api.room(carol, alice);
        send(alice, room, "hello bob");
        send(alice, room, "are you there?");

        JsonNode rooms = api.get("/api/rooms/", bob.token()).json();

        assertThat(rooms).hasSize(1);
        JsonNode first = rooms.get(0);
        assertThat(fieldNames(first)).contains("room_uuid", "users", "room_name", "created_at",
                "last_seq", "unread_count", "last_message", "members");
        assertThat(first.get("room_uuid").asText()).isEqualTo(room.toString());
        assertThat(texts(first.get("users"))).containsExactlyInAnyOrder(alice.username(), bob.username());
        assertThat(first.get("last_seq").asLong()).isEqualTo(2);
        assertThat(first.get("unread_count").asLong()).isEqualTo(2);
        assertThat(first.get("last_message").get("content").asText()).isEqualTo("are you there?");
        assertThat(api.get("/api/rooms/", alice.token()).json()).hasSize(2);
    }

    @Test
    void roomsAreOrderedByMostRecentActivity() {
        Api.User me = api.register("order");
        Api.User a = api.register("ordera");
        Api.User b = api.register("orderb");
        UUID older = api.room(me, a);
        UUID newer = api.room(me, b);
        send(a, older, "bump");

        JsonNode rooms = api.get("/api/rooms/", me.token()).json();

        assertThat(rooms.get(0).get("room_uuid").asText()).isEqualTo(older.toString());
        assertThat(rooms.get(1).get("room_uuid").asText()).isEqualTo(newer.toString());
    }

    @Test
    void postingAMessageAnswersTheSeedShapeWithTheRoomNameAndSender() {
        Api.User alice = api.register("post");
        Api.User bob = api.register("postb");
        UUID room = api.room(alice, bob);

        Api.Response response = api.post("/api/messages/", alice.token(),
                Map.of("room", room.toString(), "content", "hi", "user", alice.username()));

        assertThat(response.status()).isEqualTo(201);
        JsonNode message = response.json();
        assertThat(fieldNames(message)).contains("message_uuid", "content", "room", "room_uuid", "user", "created_at", "seq");
        assertThat(message.get("room").asText()).isEqualTo(api.get("/api/rooms/", alice.token()).json().get(0).get("room_name").asText());
        assertThat(message.get("user").asText()).isEqualTo(alice.username());
        assertThat(message.get("seq").asLong()).isEqualTo(1);
        assertThat(message.get("created_at").asText()).endsWith("Z");
    }

    @Test
    void postingAsSomeoneElseIsForbiddenAndStoresNothing() {
        Api.User alice = api.register("imp");
        Api.User bob = api.register("impb");
        UUID room = api.room(alice, bob);

        Api.Response response = api.post("/api/messages/", alice.token(),
                Map.of("room", room.toString(), "content", "I am bob", "user", bob.username()));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).isEmpty();
    }

    @Test
    void nonMembersCannotReadPostOrLearnThatARoomExists() {
        Api.User alice = api.register("priv");
        Api.User bob = api.register("privb");
        Api.User mallory = api.register("mallory");
        UUID room = api.room(alice, bob);
        send(alice, room, "secret");

        Api.Response read = api.get("/api/messages/?room_uuid=" + room, mallory.token());
        Api.Response post = api.post("/api/messages/", mallory.token(), Map.of("room", room.toString(), "content", "hi"));
        Api.Response unknown = api.get("/api/messages/?room_uuid=" + UUID.randomUUID(), mallory.token());

        assertThat(read.status()).isEqualTo(404);
        assertThat(post.status()).isEqualTo(404);
        assertThat(read.json().get("error").asText()).isEqualTo("not_found");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(read.json().get("message").asText()).isEqualTo("no room " + room);
        assertThat(api.get("/api/rooms/", mallory.token()).json()).isEmpty();
        assertThat(api.get("/api/messages/?room_uuid=" + room, alice.token()).json()).hasSize(1);
    }

    @Test
    void historyPagesByKeysetInAscendingSeqOrder() {
        Api.User alice = api.register("page");
        Api.User bob = api.register("pageb");
        UUID room = api.room(alice, bob);
        for (int i = 1; i <= 12; i++) {
            send(i % 2 == 0 ? alice : bob, room, "m" + i);
        }

        List<Long> newest = seqs(api.get("/api/messages/?room_uuid=" + room + "&limit=5", alice.token()).json());
        List<Long> before = seqs(api.get("/api/messages/?room_uuid=" + room + "&before=8&limit=5", alice.token()).json());
        List<Long> after = seqs(api.get("/api/messages/?room_uuid=" + room + "&after=10", alice.token()).json());
        List<Long> all = seqs(api.get("/api/messages/?room_uuid=" + room, alice.token()).json());

        assertThat(newest).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(before).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(after).containsExactly(11L, 12L);
        assertThat(all).hasSize(12).isSorted();
    }

    @Test
    void badPagingParametersAreValidationErrors() {
        Api.User alice = api.register("badp");
        Api.User bob = api.register("badpb");
        UUID room = api.room(alice, bob);

        for (String query : new String[] {"", "?room_uuid=not-a-uuid", "?room_uuid=" + room + "&limit=0",
                "?room_uuid=" + room + "&limit=201", "?room_uuid=" + room + "&before=x",
                "?room_uuid=" + room + "&before=3&after=1", "?room_uuid=" + room + "&after=-1"}) {
            Api.Response response = api.get("/api/messages/" + query, alice.token());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().get("error").asText()).as(query).isEqualTo("validation");
        }
    }

    @Test
    void resendingTheSameClientIdOverRestReturnsTheOriginalMessage() {
        Api.User alice = api.register("idem");
        Api.User bob = api.register("idemb");
        UUID room = api.room(alice, bob);
        Map<String, String> body = Map.of("room", room.toString(), "content", "once", "client_id", "c-42");

        Api.Response first = api.post("/api/messages/", alice.token(), body);
        Api.Response second = api.post("/api/messages/", alice.token(), body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).hasSize(1);
    }

    @Test
    void reusingAClientIdForAnotherRoomIsAConflict() {
        Api.User alice = api.register("reuse");
        UUID first = api.room(alice, api.register("reuseb"));
        UUID second = api.room(alice, api.register("reusec"));
        api.post("/api/messages/", alice.token(), Map.of("room", first.toString(), "content", "one", "client_id", "same-id"));

        Api.Response reused = api.post("/api/messages/", alice.token(),
                Map.of("room", second.toString(), "content", "two", "client_id", "same-id"));

        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.json().get("error").asText()).isEqualTo("conflict");
        assertThat(api.get("/api/messages/?room_uuid=" + second, alice.token()).json()).isEmpty();
    }

    @Test
    void userSearchFindsOthersByPrefixWithPresence() {
        Api.User me = api.register("srch");
        Api.User other = api.register("srchother");

        JsonNode found = api.get("/api/users/?q=" + other.username().substring(0, 8), me.token()).json();

        assertThat(texts(found, "username")).contains(other.username()).doesNotContain(me.username());
        JsonNode entry = StreamSupport.stream(found.spliterator(), false)
                .filter(u -> u.get("username").asText().equals(other.username())).findFirst().orElseThrow();
        assertThat(fieldNames(entry)).containsExactlyInAnyOrder("username", "display_name", "about", "online",
                "last_seen");
        assertThat(api.get("/api/users/?q=%25", me.token()).json()).isEmpty();
    }

    private void send(Api.User user, UUID room, String content) {
        Api.Response response = api.post("/api/messages/", user.token(), Map.of("room", room.toString(), "content", content));
        assertThat(response.status()).isEqualTo(201);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }

    static List<Long> seqs(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("seq").asLong()).toList();
    }
}

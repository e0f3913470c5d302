package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RoomTest {

    private final Api api = Api.shared();

    @Test
    void startingMoreNewChatsThanTheHourlyLimitIsRefusedButOpeningAnExistingOneIsNot() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.limits.new-chats-per-hour", "2"))) {
            Api limited = new Api(java.net.URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User alice = limited.register("chatty");
            List<Api.User> others = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                others.add(limited.register("chattyp"));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Api.User other : others) {
                statuses.add(limited.post("/api/rooms/", alice.token(), Map.of("user", other.username())).status());
            }
            Api.Response again = limited.post("/api/rooms/", alice.token(), Map.of("user", others.get(0).username()));
            Api.Response theirs = limited.post("/api/rooms/", others.get(2).token(), Map.of("user", alice.username()));

            assertThat(statuses).containsExactly(201, 201, 429);
            assertThat(again.status()).isEqualTo(200);
            assertThat(theirs.status()).isEqualTo(201);
        }
    }

    @Test
    void openingARoomTwiceCreatesItOnceAndReturnsTheSameRoom() {
        Api.User alice = api.register("open");
        Api.User bob = api.register("openb");

        Api.Response created = api.post("/api/rooms/", alice.token(), Map.of("user", bob.username()));
        Api.Response existing = api.post("/api/rooms/", bob.token(), Map.of("user", alice.username()));

        assertThat(created.status()).isEqualTo(201);
        assertThat(existing.status()).isEqualTo(200);
        assertThat(existing.json().get("room_uuid")).isEqualTo(created.json().get("room_uuid"));
    }

    @Test
    void concurrentGetOrCreateFromBothSidesYieldsExactlyOneRoom() throws Exception {
        Api.User alice = api.register("race");
        Api.User bob = api.register("raceb");
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Api.User from = i % 2 == 0 ? alice : bob;
            Api.User to = i % 2 == 0 ? bob : alice;
            calls.add(() -> api.post("/api/rooms/", from.token(), Map.of("user", to.username())));
        }

        List<Api.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Api.Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
        }

        assertThat(responses).extracting(Api.Response::status).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(responses).extracting(r -> r.json().get("room_uuid").asText()).containsOnly(
                responses.get(0).json().get("room_uuid").asText());
        assertThat(api.get("/api/rooms/", alice.token()).json()).hasSize(1);
    }

    @Test
    void aChatWithYourselfOrWithNobodyIsRefused() {
        Api.User alice = api.register("self");

        Api.Response self = api.post("/api/rooms/", alice.token(), Map.of("user", alice.username()));
        Api.Response nobody = api.post("/api/rooms/", alice.token(), Map.of("user", "no_such_user_x"));
        Api.Response missing = api.post("/api/rooms/", alice.token(), Map.of());

        assertThat(self.status()).isEqualTo(400);
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("message").asText()).isEqualTo("missing field: user");
        assertThat(api.get("/api/rooms/", alice.token()).json()).isEmpty();
    }

    @Test
    void aNewRoomIsAnnouncedToTheOtherPersonsConnections() {
        Api.User alice = api.register("ann");
        Api.User bob = api.register("annb");
        try (WsClient bobSocket = WsClient.connect(bob)) {
            String roomUuid = api.room(alice, bob).toString();

            JsonNode frame = bobSocket.await("room");

            assertThat(frame.get("room").get("room_uuid").asText()).isEqualTo(roomUuid);
            assertThat(RestApiTest.texts(frame.get("room").get("users"))).contains(alice.username(), bob.username());
        }
    }
}

package dev.parley.server;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node follows only the rooms of the users connected to it: a room created while nobody of it is connected, or
 * whose last member here went away, is forgotten by the next catch-up (it would otherwise be followed, and read in
 * every catch-up query, for as long as the node runs). Observed through the operator's health details.
 */
class IdleRoomsTest {

    private static final String TOKEN = "observe-token-for-idle-rooms-test";

    @Test
    void roomsNobodyHereIsInAreForgottenAndFollowedAgainWhenAMemberConnects() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.observe.token", TOKEN,
                "parley.cluster.catch-up-seconds", "1"))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User alice = api.register("idle");
            Api.User bob = api.register("idleb");
            for (int i = 0; i < 3; i++) {
                Api.User other = api.register("idlec");
                api.post("/api/rooms/", alice.token(), Map.of("user", other.username()));
            }
            api.post("/api/rooms/", alice.token(), Map.of("user", bob.username()));
            awaitRoomsFollowed(api, 0, "rooms created over REST, nobody connected: forgotten");

            try (WsClient bobsPhone = WsClient.connect(URI.create("ws://127.0.0.1:" + node.server().port() + "/ws"),
                    bob)) {
                bobsPhone.roundTrip();
                awaitRoomsFollowed(api, 1, "bob connected: his one room followed, and kept while he is");
            }
            awaitRoomsFollowed(api, 0, "bob gone: forgotten again");
        }
    }

    private static void awaitRoomsFollowed(Api api, int expected, String what) {
        Eventually.await(Duration.ofSeconds(20), what, () -> {
            Api.Response health = api.get("/observe/health", TOKEN);
            return health.status() == 200 && health.json().findValue("rooms-followed") != null
                    && health.json().findValue("rooms-followed").asInt() == expected;
        });
    }
}

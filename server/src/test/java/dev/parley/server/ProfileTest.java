package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profiles (issue 17): {@code PATCH /api/me} sets a display name and an About, every user view carries them, and a
 * change reaches those who share a room with the user, and the user's other devices, as a {@code profile} frame.
 */
class ProfileTest {

    private final Api api = Api.shared();

    private Api.Response patchRaw(Api.User user, String body) {
        return api.send(api.request("/api/me", user.token()).method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    private JsonNode me(Api.User user) {
        return api.get("/api/me", user.token()).json();
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> map = new HashMap<>(); // Map.of refuses the nulls that clear a field
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static JsonNode person(JsonNode list, Api.User user) {
        return StreamSupport.stream(list.spliterator(), false)
                .filter(p -> p.path("username").asText().equals(user.username())).findFirst().orElseThrow();
    }

    private static List<String> profile(JsonNode person) {
        return List.of(person.path("display_name").asText(), person.path("about").asText());
    }

    private static Predicate<JsonNode> profileOf(Api.User user) {
        return f -> f.path("type").asText().equals("profile") && f.path("user").asText().equals(user.username());
    }

    @Test
    void aProfileIsSavedTrimmedAndShownByGetMe() {
        Api.User alice = api.register("pf");

        Api.Response response = api.patch("/api/me", alice.token(),
                Map.of("display_name", "  Alice Liddell ", "about", " At the tea party  "));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("display_name").asText()).isEqualTo("Alice Liddell");
        assertThat(response.json().path("about").asText()).isEqualTo("At the tea party");
        JsonNode me = me(alice);
        assertThat(me.path("username").asText()).isEqualTo(alice.username());
        assertThat(me.path("display_name").asText()).isEqualTo("Alice Liddell");
        assertThat(me.path("about").asText()).isEqualTo("At the tea party");
    }

    @Test
    void aNewUserHasNoProfileAndBothFieldsAreNull() {
        Api.User alice = api.register("pn");

        JsonNode me = me(alice);

        assertThat(me.has("display_name")).isTrue();
        assertThat(me.get("display_name").isNull()).isTrue();
        assertThat(me.get("about").isNull()).isTrue();
    }

    @Test
    void aFieldLeftOutStaysAsItIsAndNullOrEmptyClearsOne() {
        Api.User alice = api.register("pc");
        api.patch("/api/me", alice.token(), Map.of("display_name", "Alice", "about", "Busy"));

        assertThat(api.patch("/api/me", alice.token(), Map.of("about", "Free")).status()).isEqualTo(200);
        assertThat(me(alice).path("display_name").asText()).isEqualTo("Alice");
        assertThat(me(alice).path("about").asText()).isEqualTo("Free");

        assertThat(api.patch("/api/me", alice.token(), fields("display_name", null, "about", "")).status())
                .isEqualTo(200);
        assertThat(me(alice).get("display_name").isNull()).isTrue();
        assertThat(me(alice).get("about").isNull()).isTrue();

        assertThat(api.patch("/api/me", alice.token(), Map.of("display_name", "🫖".repeat(64), "about",
                "x".repeat(140))).status()).isEqualTo(200);
        assertThat(me(alice).path("display_name").asText()).isEqualTo("🫖".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"display_name\": \"Alice\", \"nickname\": \"Al\"}",       // an unknown field
            "{\"display_name\": 42}",                                     // wrong types
            "{\"display_name\": \"Alice\", \"about\": [\"x\"]}",
            "{\"about\": true}",
            "{\"display_name\": \"   \"}",                                // empty once trimmed (null clears)
            "{\"display_name\": \"\"}",
            "{\"about\": \"ok\", \"display_name\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
            "{\"display_name\": \"Alice\\nLiddell\"}",                    // control characters and line breaks
            "{\"display_name\": \"Alice\\u0000\"}",
            "{\"about\": \"tea\\u2028party\"}",
            "[\"display_name\"]",                                          // not an object
            "\"Alice\"",
            "{\"display_name\": \"Alice\",}",                              // malformed
    })
    void aBadBodyIsA400AndChangesNothing(String body) {
        Api.User alice = api.register("pb");
        api.patch("/api/me", alice.token(), Map.of("display_name", "Before", "about", "Unchanged"));

        Api.Response response = patchRaw(alice, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isIn("validation", "bad_request");
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(me(alice).path("display_name").asText()).isEqualTo("Before");
        assertThat(me(alice).path("about").asText()).isEqualTo("Unchanged");
    }

    @Test
    void anAboutLongerThan140CharactersIsRefused() {
        Api.User alice = api.register("pa");

        Api.Response response = api.patch("/api/me", alice.token(), Map.of("about", "x".repeat(141)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("message").asText()).isEqualTo("about must be at most 140 characters");
        assertThat(me(alice).get("about").isNull()).isTrue();
    }

    @Test
    void theProfileShowsWhereverTheUserAppears() {
        Api.User alice = api.register("pw");
        Api.User bob = api.register("pwb");
        Api.User carol = api.register("pwc");
        UUID direct = api.room(alice, bob);
        UUID group = api.group(bob, "Tea " + UUID.randomUUID(), alice, carol);
        api.patch("/api/me", alice.token(), Map.of("display_name", "Alice Liddell", "about", "At the tea party"));
        List<String> isAlice = List.of("Alice Liddell", "At the tea party");

        assertThat(profile(person(api.get("/api/users/?q=" + alice.username(), bob.token()).json(), alice)))
                .isEqualTo(isAlice);
        assertThat(profile(person(api.get("/api/rooms/" + direct + "/", bob.token()).json().get("members"), alice)))
                .isEqualTo(isAlice);
        JsonNode rooms = api.get("/api/rooms/", carol.token()).json();
        assertThat(profile(person(rooms.get(0).get("members"), alice))).isEqualTo(isAlice);
        JsonNode login = api.post("/api/auth/login", null, Map.of("username", alice.username(),
                "password", "password-" + alice.username())).json();
        assertThat(profile(login.get("user"))).isEqualTo(isAlice);
        // someone who left the group is listed for message info with their profile
        assertThat(api.delete("/api/rooms/" + group + "/members/" + alice.username() + "/", bob.token()).status())
                .isEqualTo(204);
        assertThat(profile(person(api.get("/api/rooms/" + group + "/", carol.token()).json().get("former_members"), alice)))
                .isEqualTo(isAlice);
        assertThat(api.post("/api/users/" + alice.username() + "/block", bob.token(), "").status()).isEqualTo(204);
        assertThat(profile(person(api.get("/api/users/blocked/", bob.token()).json(), alice)))
                .isEqualTo(isAlice);
    }

    @Test
    void theChatFilterFindsAChatByTheOtherPersonsDisplayName() {
        Api.User alice = api.register("pq");
        Api.User bob = api.register("pqb");
        UUID direct = api.room(alice, bob);
        String name = "Hatter " + UUID.randomUUID().toString().substring(0, 8);
        api.patch("/api/me", bob.token(), Map.of("display_name", name));

        JsonNode found = api.get("/api/rooms/?q=" + name.substring(7).toUpperCase(), alice.token()).json();

        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("room_uuid").asText()).isEqualTo(direct.toString());
    }

    @Test
    void aChangeReachesEveryoneWhoSharesARoomAndMyOtherDevicesButNoStranger() {
        Api.User alice = api.register("pl");
        Api.User bob = api.register("plb");
        Api.User carol = api.register("plc");
        Api.User dave = api.register("pld");
        api.room(alice, bob);
        api.group(carol, "Garden " + UUID.randomUUID(), alice);
        try (WsClient aliceOther = WsClient.connect(alice); WsClient bobSocket = WsClient.connect(bob);
             WsClient carolSocket = WsClient.connect(carol); WsClient daveSocket = WsClient.connect(dave)) {
            api.patch("/api/me", alice.token(), Map.of("display_name", "Alice Liddell", "about", "At the tea party"));

            JsonNode expected = Json.mapper().createObjectNode().put("type", "profile").put("user", alice.username())
                    .put("display_name", "Alice Liddell").put("about", "At the tea party");
            assertThat(bobSocket.await(profileOf(alice), "profile")).isEqualTo(expected);
            assertThat(carolSocket.await(profileOf(alice), "profile")).isEqualTo(expected);
            assertThat(aliceOther.await(profileOf(alice), "profile")).isEqualTo(expected);
            assertThat(daveSocket.drain(Duration.ofMillis(300))).noneMatch(profileOf(alice));
        }
    }

    @Test
    void clearingTheProfileIsToldAsNulls() {
        Api.User alice = api.register("pz");
        Api.User bob = api.register("pzb");
        api.room(alice, bob);
        api.patch("/api/me", alice.token(), Map.of("display_name", "Alice"));
        try (WsClient bobSocket = WsClient.connect(bob)) {
            api.patch("/api/me", alice.token(), fields("display_name", null));

            JsonNode frame = bobSocket.await(profileOf(alice), "profile");
            assertThat(frame.get("display_name").isNull()).isTrue();
            assertThat(frame.get("about").isNull()).isTrue();
        }
    }

    @Test
    void changingTheProfileTooOftenIsRefusedWithRetryAfterAndChangesNothing() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.limits.profile-changes-burst", "2", "parley.limits.profile-changes-per-hour", "1"))) {
            Api small = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User alice = small.register("pr");
            List<Integer> statuses = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                statuses.add(small.patch("/api/me", alice.token(), Map.of("display_name", "Alice " + i)).status());
            }

            assertThat(statuses).containsExactly(200, 200, 429);
            assertThat(small.get("/api/me", alice.token()).json().path("display_name").asText()).isEqualTo("Alice 2");
            Api.Response refused = small.patch("/api/me", alice.token(), Map.of("about", "x"));
            assertThat(refused.json().path("error").asText()).isEqualTo("rate_limited");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }
}

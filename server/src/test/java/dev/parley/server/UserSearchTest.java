package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Finding people by name: a prefix is required (no paging through everyone), and whether someone is online or when
 * they were last seen is shown only to people who share a room with them.
 */
class UserSearchTest {

    private final Api api = Api.shared();

    @Test
    void searchingWithoutAPrefixIsAValidationErrorNamingQ() {
        Api.User me = api.register("nopfx");

        for (String query : new String[] {"", "?q=", "?q=%20%20", "?q=%09"}) {
            Api.Response response = api.get("/api/users/" + query, me.token());

            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().get("error").asText()).as(query).isEqualTo("validation");
            assertThat(response.json().get("message").asText()).as(query)
                    .isEqualTo("q must be at least 1 character: type the start of a name");
        }
    }

    @Test
    void searchTrimsAndLowerCasesThePrefix() {
        Api.User me = api.register("trim");
        Api.User other = api.register("trimother");

        JsonNode found = api.get("/api/users/?q=%20" + other.username().substring(0, 8).toUpperCase() + "%20",
                me.token()).json();

        assertThat(usernames(found)).contains(other.username());
    }

    @Test
    void presenceIsShownOnlyToPeopleWhoShareARoom() {
        Api.User me = api.register("seer");
        Api.User friend = api.register("seerfriend");
        Api.User stranger = api.register("seerstranger");
        Api.User strangersFriend = api.register("seersf");
        api.room(me, friend);
        api.room(stranger, strangersFriend);
        try (WsClient onceOnline = WsClient.connect(stranger)) {
            onceOnline.roundTrip();
        }
        Eventually.await(Duration.ofSeconds(10), "the stranger's last_seen is recorded",
                () -> !entry(strangersFriend, stranger).get("last_seen").isNull());
        try (WsClient friendOnline = WsClient.connect(friend); WsClient strangerOnline = WsClient.connect(stranger)) {
            friendOnline.roundTrip();
            strangerOnline.roundTrip();
            Eventually.await(Duration.ofSeconds(10), "the stranger's friend sees the stranger online",
                    () -> entry(strangersFriend, stranger).get("online").asBoolean());
            Eventually.await(Duration.ofSeconds(10), "I see my friend online",
                    () -> entry(me, friend).get("online").asBoolean());

            JsonNode strangerAsISeeThem = entry(me, stranger);

            assertThat(strangerAsISeeThem.get("online").asBoolean()).isFalse();
            assertThat(strangerAsISeeThem.get("last_seen").isNull()).isTrue();
        }
    }

    private JsonNode entry(Api.User searcher, Api.User wanted) {
        JsonNode found = api.get("/api/users/?q=" + wanted.username(), searcher.token()).json();
        return StreamSupport.stream(found.spliterator(), false)
                .filter(u -> u.get("username").asText().equals(wanted.username())).findFirst().orElseThrow();
    }

    private static java.util.List<String> usernames(JsonNode found) {
        return StreamSupport.stream(found.spliterator(), false).map(u -> u.get("username").asText()).toList();
    }
}

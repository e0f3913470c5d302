package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is slowed down per network and per (username, network), counted before the password is checked,
 * and never locks the owner out from a network that was not guessing. Client addresses come from forwarding headers
 * only when a trusted proxy sent them.
 */
class LoginThrottleTest {

    @Test
    void repeatedFailedLoginsFromOneAddressAreThrottledAcrossUsernames() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.limits.logins-per-address", "5"))) {
            Api api = new Api(http(node));
            Api.User victim = api.register("victim");
            int[] statuses = new int[8];
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] = api.post("/api/auth/login", null,
                        Map.of("username", "guess_" + i, "password", "not-a-password")).status();
            }

            Api.Response right = api.post("/api/auth/login", null,
                    Map.of("username", victim.username(), "password", "password-" + victim.username()));

            assertThat(statuses).startsWith(401, 401, 401, 401, 401).endsWith(429, 429, 429);
            assertThat(right.status()).isEqualTo(429);
            assertThat(right.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(right.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void guessesFromOneNetworkNeverLockTheOwnerOutFromAnother() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.http.trusted-proxies", "127.0.0.1",
                "parley.limits.logins-per-user-and-address", "3"))) {
            Api api = new Api(http(node));
            Api.User owner = api.register("owner");
            List<Integer> guesses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                guesses.add(login(api, owner.username(), "guess-" + i, "203.0.113.7").status());
            }

            Api.Response fromHome = login(api, owner.username(), "password-" + owner.username(), "198.51.100.9");

            assertThat(guesses).containsExactly(401, 401, 401, 429, 429, 429);
            assertThat(fromHome.status()).isEqualTo(200);
        }
    }

    @Test
    void concurrentGuessesCannotSlipPastTheLimit() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.limits.logins-per-user-and-address", "3"));
             ExecutorService guessers = Executors.newVirtualThreadPerTaskExecutor()) {
            Api api = new Api(http(node));
            Api.User owner = api.register("rush");
            List<Future<Api.Response>> guesses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = "guess-" + i;
                guesses.add(guessers.submit(() -> api.post("/api/auth/login", null,
                        Map.of("username", owner.username(), "password", guess))));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Response> guess : guesses) {
                statuses.add(guess.get().status());
            }

            assertThat(statuses).filteredOn(status -> status == 401).hasSize(3);
            assertThat(statuses).filteredOn(status -> status == 429).hasSize(17);
        }
    }

    @Test
    void forwardingHeadersFromAPeerThatIsNoTrustedProxyAreIgnored() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.limits.logins-per-address", "3"))) {
            Api api = new Api(http(node));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(login(api, "nobody_" + i, "whatever-pw", "192.0.2." + (10 + i)).status());
            }

            assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
        }
    }

    private static Api.Response login(Api api, String username, String password, String forwardedFor) {
        return api.send(api.request("/api/auth/login", null)
                .POST(HttpRequest.BodyPublishers.ofString(dev.parley.protocol.Json.write(
                        Map.of("username", username, "password", password))))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor));
    }

    private static URI http(Parley node) {
        return URI.create("http://127.0.0.1:" + node.server().port());
    }
}

package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Password guessing from one address is slowed down even when every guess names another user. */
class LoginThrottleTest {

    @Test
    void repeatedFailedLoginsFromOneAddressAreThrottledAcrossUsernames() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.limits.failed-logins-per-address", "5"))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
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
        }
    }
}

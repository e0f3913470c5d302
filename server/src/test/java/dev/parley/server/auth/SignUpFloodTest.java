package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sign-ups and sign-ins cannot stall a node: password hashing waits on its own few threads behind a bounded queue,
 * and what does not fit is refused at once with 429 and a Retry-After; one network can only create so many accounts.
 */
class SignUpFloodTest {

    @Test
    void signUpsBeyondTheHashingQueueAreRefusedAtOnceWithRetryAfter() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.auth.hash-threads", "1", "parley.auth.hash-queue", "1"));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Api api = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            List<Future<Api.Response>> flood = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String name = Api.uniqueName("flood");
                flood.add(clients.submit(() -> api.post("/api/auth/register", null,
                        Map.of("username", name, "password", "password-" + name))));
            }
            List<Api.Response> answers = new ArrayList<>();
            for (Future<Api.Response> answer : flood) {
                answers.add(answer.get());
            }

            List<Api.Response> refused = answers.stream().filter(a -> a.status() == 429).toList();
            assertThat(answers).allMatch(a -> a.status() == 201 || a.status() == 429);
            assertThat(refused).isNotEmpty();
            assertThat(refused).allSatisfy(a -> {
                assertThat(a.json().get("error").asText()).isEqualTo("rate_limited");
                assertThat(a.headers().firstValue("Retry-After")).hasValue("2");
            });
            assertThat(answers).anyMatch(a -> a.status() == 201);
        }
    }

    @Test
    void oneNetworkCanOnlyCreateSoManyAccountsButItsUsersStillSignIn() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.limits.registrations-per-address-per-hour", "3"))) {
            Api api = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            Api.User first = api.register("net");
            api.register("net");
            api.register("net");

            String name = Api.uniqueName("net");
            Api.Response fourth = api.post("/api/auth/register", null, Map.of("username", name,
                    "password", "password-" + name));

            assertThat(fourth.status()).isEqualTo(429);
            assertThat(fourth.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(fourth.headers().firstValue("Retry-After").orElseThrow())).isPositive();
            assertThat(api.post("/api/auth/login", null, Map.of("username", first.username(),
                    "password", "password-" + first.username())).status()).isEqualTo(200);
        }
    }
}

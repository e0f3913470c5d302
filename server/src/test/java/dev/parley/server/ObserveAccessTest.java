package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /observe}: anyone may ask whether a node is up, but only an operator holding the configured token gets
 * metrics and health details; without a configured token they are not served at all.
 */
class ObserveAccessTest {

    private static final String TOKEN = "observe-token-for-tests-0123456789";

    private static Parley guarded;
    private static Api guardedApi;
    private final Api open = Api.shared();

    @BeforeAll
    static void startNodeWithAToken() {
        guarded = TestServer.start(TestServer.freshDataDir(), Map.of("parley.observe.token", TOKEN));
        guardedApi = new Api(java.net.URI.create("http://127.0.0.1:" + guarded.server().port()));
        // A node says DOWN until its cluster bus listens (a moment after it starts): these tests are about access.
        Eventually.await(java.time.Duration.ofSeconds(30), "both nodes ready",
                () -> Api.shared().get("/observe/health", null).status() == 200
                        && guardedApi.get("/observe/health", null).status() == 200);
    }

    @AfterAll
    static void stopNode() {
        if (guarded != null) {
            guarded.close();
        }
    }

    @Test
    void healthWithoutATokenAnswersOnlyTheStatus() {
        Api.Response shared = open.get("/observe/health", null);
        Api.Response anonymous = guardedApi.get("/observe/health", null);

        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void healthWithTheTokenAnswersTheDetails() {
        Api.Response response = guardedApi.get("/observe/health", TOKEN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"checks\"").contains("database").contains("cluster-bus");
    }

    @Test
    void metricsNeedTheConfiguredToken() {
        assertThat(guardedApi.get("/observe/metrics", null).status()).isEqualTo(401);
        assertThat(guardedApi.get("/observe/metrics", "wrong-" + TOKEN).status()).isEqualTo(401);
        assertThat(guardedApi.get("/observe/health", "wrong-" + TOKEN).status()).isEqualTo(401);
        Api.Response metrics = guardedApi.get("/observe/metrics", TOKEN);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("memory_usedHeap_bytes");
    }

    @Test
    void withoutAConfiguredTokenMetricsAndHealthDetailsAreNotServed() {
        for (String path : new String[] {"/observe/metrics", "/observe/metrics/", "/observe/metrics/base",
                "/observe/health/ready", "/observe/health/live", "/observe", "/observe/"}) {
            for (String token : new String[] {null, "anything", ""}) {
                Api.Response response = open.get(path, token);

                assertThat(response.status()).as(path + " " + token).isEqualTo(404);
                assertThat(response.body()).as(path).doesNotContain("memory").doesNotContain("checks");
            }
        }
    }

    @Test
    void guardedSubPathsNeedTheTokenToo() {
        for (String path : new String[] {"/observe/metrics/base", "/observe/health/ready", "/observe/health/live",
                "/observe/health/ready/database"}) {
            assertThat(guardedApi.get(path, null).status()).as(path).isEqualTo(401);
        }
    }
}

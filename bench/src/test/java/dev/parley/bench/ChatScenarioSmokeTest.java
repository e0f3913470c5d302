package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load generator end to end, briefly and slowly: the server jar started as a child JVM, a few users chatting
 * for a few seconds. Checks correctness only (nothing lost, duplicated or reordered, everything stored); speed is
 * never asserted in tests.
 */
class ChatScenarioSmokeTest {

    private static Server server;
    private static HttpClient http;

    @BeforeAll
    static void startServer() {
        server = Server.start(new Server.Launch(Server.findJar(), Path.of("target", "servers"), null, java.util.List.of(),
                Map.of()));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAckedMessageIsDeliveredOnceInOrderAndStored() {
        Options options = Options.parse("--users", "6", "--rate", "30", "--duration", "3", "--warmup", "0");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Context ctx = new Context(server, new Api(http, server.http()), http, options,
                new PrintStream(progress, true, StandardCharsets.UTF_8), Path.of("target", "results"));

        Report report = ChatScenario.run(ctx);

        assertThat(report.failures()).isEmpty();
        assertThat((long) report.get("acked")).isEqualTo((long) report.get("sent")).isPositive();
        assertThat((long) report.get("delivered")).isEqualTo((long) report.get("acked"));
        assertThat(server.database()).hasValueSatisfying(db -> {
            assertThat(db.messages()).isGreaterThanOrEqualTo((long) report.get("acked"));
            assertThat(db.bytes()).isPositive();
        });
    }

    @Test
    void everyMemberOfEveryGroupGetsEveryMessageOfTheirGroupOnceInOrderAndNothingElse() {
        Options options = Options.parse("--groups", "3", "--members", "5", "--rate", "30", "--duration", "3",
                "--warmup", "0");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Context ctx = new Context(server, new Api(http, server.http()), http, options,
                new PrintStream(progress, true, StandardCharsets.UTF_8), Path.of("target", "results"));

        Report report = GroupScenario.run(ctx);

        assertThat(report.failures()).isEmpty();
        assertThat((long) report.get("acked")).isEqualTo((long) report.get("sent")).isPositive();
        assertThat((long) report.get("deliveries")).isEqualTo(4 * (long) report.get("acked"));
        assertThat(report.get("verification").toString()).contains("ok=true");
    }

    @Test
    void filesMovedAlongsideChatArriveByteForByteWhileEveryChatMessageIsAcknowledged() {
        Options options = Options.parse("--clients", "2", "--sizes", "1", "--duration", "2", "--warmup", "1",
                "--chat-users", "4", "--chat-rate", "20");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Context ctx = new Context(server, new Api(http, server.http()), http, options,
                new PrintStream(progress, true, StandardCharsets.UTF_8), Path.of("target", "results"));

        Report report = UploadScenario.run(ctx);

        assertThat(report.failures()).isEmpty();
        assertThat((long) report.get("uploads")).isPositive();
        assertThat((long) report.get("downloads")).isEqualTo((long) report.get("uploads"));
        assertThat(report.get("errors")).isEqualTo(0L);
        assertThat((long) report.get("chat_messages_acked")).isPositive();
        assertThat(options.unused()).isEmpty();
    }

    @Test
    void aReturningUserReceivesExactlyWhatTheyMissedOnceInOrderOverSyncAndRestPages() {
        // 6 rooms x 450 missed: the sync replays 4 rooms whole, 200 of the fifth (the total cap) and none of the
        // sixth; the last two are paged over REST.
        Options options = Options.parse("--rooms", "6", "--missed", "2700", "--repeats", "1");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Context ctx = new Context(server, new Api(http, server.http()), http, options,
                new PrintStream(progress, true, StandardCharsets.UTF_8), Path.of("target", "results"));

        Report report = SyncScenario.run(ctx);

        assertThat(report.failures()).isEmpty();
        assertThat(report.get("received")).isEqualTo(2700L);
        assertThat(report.get("received_over_ws")).isEqualTo(2000L);
        assertThat(report.get("received_over_rest")).isEqualTo(700L);
    }

    @Test
    void historyReadersSignInAsPreloadedUsersAndReadTheirRooms() {
        // What the preload tool leaves behind, in small: users preload_<i> with one password, each in some rooms.
        Api api = new Api(http, server.http());
        List<Api.User> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(api.register(HistoryScenario.PRELOADED_PREFIX + i, HistoryScenario.PRELOADED_PASSWORD));
        }
        List<UUID> rooms = List.of(api.createRoom(users.get(0), users.get(1).name()).roomUuid(),
                api.createRoom(users.get(2), users.get(3).name()).roomUuid(),
                api.createGroup(users.get(0), "Preloaded", List.of(users.get(2).name(), users.get(3).name())).roomUuid());
        for (int n = 0; n < 60; n++) {
            api.sendMessage(users.get(n % 3 == 1 ? 2 : 0), rooms.get(n % 3), "preloaded " + n, null);
        }
        Options options = Options.parse("--preloaded-users", "4", "--readers-users", "3", "--concurrency", "2",
                "--duration", "1", "--warmup", "0");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Context ctx = new Context(server, api, http, options, new PrintStream(progress, true, StandardCharsets.UTF_8),
                Path.of("target", "results"));

        Report report = HistoryScenario.run(ctx);

        assertThat(report.failures()).isEmpty();
        assertThat(report.get("reader_users")).isEqualTo(3L);
        assertThat((long) report.get("requests")).isPositive();
        assertThat((long) report.get("messages_read")).isPositive();
        assertThat(options.unused()).isEmpty();
    }
}

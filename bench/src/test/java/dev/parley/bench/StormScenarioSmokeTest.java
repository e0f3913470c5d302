package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The storm end to end, small: a few dozen clients in direct rooms and groups, the server killed with SIGKILL and
 * restarted on its data directory, everyone back and every acknowledged message delivered once, in order, and stored.
 * Its own server (it is killed). Speed is never asserted.
 */
class StormScenarioSmokeTest {

    @Test
    void afterAKillAndARestartEveryClientIsBackAndNothingAckedIsLostOrDoubled() {
        try (Server server = Server.start(new Server.Launch(Server.findJar(), Path.of("target", "servers"), null,
                List.of(), Map.of()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Options options = Options.parse("--users", "40", "--groups", "2", "--group-size", "5", "--rate", "20",
                    "--before", "2", "--after", "2", "--connect-rate", "100");
            Context ctx = new Context(server, new Api(http, server.http()), http, options,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    Path.of("target", "results"));

            Report report = StormScenario.run(ctx);

            assertThat(report.failures()).isEmpty();
            assertThat(report.get("clients_synced")).isEqualTo(40);
            assertThat(report.get("rooms")).isEqualTo(22);
            assertThat(report.get("server_out_of_memory")).isEqualTo(false);
            assertThat((long) report.get("sent")).isPositive();
        }
    }
}

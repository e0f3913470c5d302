package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passwords and tokens never reach the log: with Parley's shipped logging configuration and every logger that
 * configuration does not pin turned up to the finest level.
 */
class SecretsInLogsTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureEverything() throws IOException {
        TestServer.get();
        try (InputStream shipped = SecretsInLogsTest.class.getResourceAsStream("/logging.properties")) {
            LogManager.getLogManager().readConfiguration(shipped);
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.setLevel(Level.ALL);
        Logger.getLogger("dev.parley").setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() throws IOException {
        Logger.getLogger("").removeHandler(capture);
        LogManager.getLogManager().readConfiguration();
    }

    @Test
    void passwordsAndTokensNeverAppearInTheLog() {
        Api api = Api.shared();
        String name = Api.uniqueName("secret");
        String password = "hunter2-" + UUID.randomUUID();
        String token = api.post("/api/auth/register", null, Map.of("username", name, "password", password))
                .json().get("token").asText();
        api.post("/api/auth/login", null, Map.of("username", name, "password", password + "-wrong"));
        api.post("/api/auth/login", null, Map.of("username", name, "password", password));
        api.post("/api/auth/register", null, Map.of("username", name, "password", password));
        api.postRaw("/api/auth/login", null, "{\"username\":\"" + name + "\",\"password\":" + "[\"" + password + "\"]}");
        api.get("/api/me", token);
        api.send(api.request("/api/me", null).header("Cookie", "parley_session=" + token).GET());
        Api.User bob = api.register("secretb");
        try (WsClient socket = WsClient.connect(TestServer.ws(), new Api.User(name, token))) {
            socket.send("{\"type\":\"send\",\"room_uuid\":\"" + api.room(new Api.User(name, token), bob)
                    + "\",\"content\":\"hello\",\"client_id\":\"s1\"}");
            socket.await("ack");
            socket.sendText("{\"type\":\"nonsense\",\"token\":\"" + token + "\"}");
            socket.await("error");
        }
        api.get("/observe/metrics", token);
        api.get("/observe/health", token);
        api.post("/api/auth/logout", token, "");
        api.post("/api/auth/logout", token, "");
        api.get("/api/me", token);

        assertThat(lines).isNotEmpty();
        assertThat(lines).noneMatch(line -> line.contains(password)).noneMatch(line -> line.contains(token));
    }

    @Test
    void theObserveTokenNeverAppearsInTheLog() {
        String observeToken = "observe-" + UUID.randomUUID();
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.observe.token", observeToken))) {
            Api api = new Api(java.net.URI.create("http://127.0.0.1:" + node.server().port()));

            assertThat(api.get("/observe/metrics", observeToken).status()).isEqualTo(200);
            assertThat(api.get("/observe/health", observeToken).status()).isEqualTo(200);
            assertThat(api.get("/observe/metrics", observeToken + "-wrong").status()).isEqualTo(401);
        }

        assertThat(lines).isNotEmpty();
        assertThat(lines).noneMatch(line -> line.contains(observeToken));
    }
}

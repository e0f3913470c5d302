package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A crowd reconnecting at once (a restarted node): handshakes beyond the bound are refused with 503 and Retry-After
 * before the database is asked anything, those admitted work, and a sync that cannot get its turn in time is closed
 * with 1013 and the wait. The database is held still with a table lock, so that exactly the admitted work is in
 * progress while the rest arrives.
 */
class AdmissionTest {

    private static final int AT_ONCE = 3;
    private static final int CROWD = 20;

    @Test
    void handshakesBeyondTheBoundAreRefusedWith503AndRetryAfterWhileTheAdmittedOnesWork() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.ws.handshakes-at-once", Integer.toString(AT_ONCE), "parley.search.indexing", "false"))) {
            URI http = URI.create("http://127.0.0.1:" + node.server().port());
            URI ws = URI.create("ws://127.0.0.1:" + node.server().port() + "/ws");
            Api api = new Api(http);
            Api.User host = api.register("host");
            List<Api.User> crowd = new ArrayList<>();
            List<UUID> rooms = new ArrayList<>();
            for (int i = 0; i < AT_ONCE + CROWD; i++) {
                Api.User user = api.register("crowd");
                crowd.add(user);
                rooms.add(api.room(host, user)); // the host's token only: the crowd's sessions are not cached yet
            }
            HttpClient client = HttpClient.newHttpClient();
            List<Socket> sockets = new ArrayList<>();
            try (Connection db = node.database().dataSource().getConnection(); Statement sql = db.createStatement()) {
                db.setAutoCommit(false);
                sql.execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE"); // every session lookup waits now
                for (Api.User user : crowd) {
                    sockets.add(Socket.open(client, ws, user));
                }
                Eventually.await(Duration.ofSeconds(15), "all but the admitted handshakes answered", () ->
                        sockets.stream().filter(s -> s.opening.isDone()).count() == CROWD);
                List<Socket> refused = sockets.stream().filter(s -> s.opening.isDone()).toList();
                for (Socket socket : refused) {
                    HttpResponse<?> response = socket.refusal();
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.headers().firstValueAsLong("Retry-After").orElse(0)).isBetween(1L, 10L);
                }
                // What a browser asks when its socket did not open (it cannot see the upgrade's status).
                HttpResponse<String> probe = client.send(HttpRequest.newBuilder(URI.create(http + "/ws"))
                        .header("Authorization", "Bearer " + crowd.getFirst().token()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(probe.statusCode()).isEqualTo(503);
                assertThat(probe.headers().firstValue("Retry-After")).isPresent();
                assertThat(Json.mapper().readTree(probe.body()).get("error").asText()).isEqualTo("unavailable");
                HttpResponse<String> browserProbe = client.send(HttpRequest.newBuilder(URI.create(http + "/ws"))
                        .header("Cookie", "parley_session=" + crowd.getFirst().token())
                        .header("Sec-Fetch-Site", "same-origin").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(browserProbe.statusCode()).isEqualTo(503);
                assertThat(browserProbe.headers().firstValue("Retry-After")).isPresent();
                db.commit();
            }

            List<Socket> admitted = sockets.stream().filter(s -> !s.refused()).toList();
            assertThat(admitted).hasSize(AT_ONCE);
            for (Socket socket : admitted) {
                int index = sockets.indexOf(socket);
                WebSocket open = socket.opening.get(15, TimeUnit.SECONDS);
                open.sendText(Json.write(Map.of("type", "sync", "since", Map.of(rooms.get(index).toString(), 0))), true);
                assertThat(socket.await("synced").get("has_more")).isEmpty();
                open.sendText(Json.write(Map.of("type", "send", "room_uuid", rooms.get(index), "content", "in",
                        "client_id", "in-" + index)), true);
                assertThat(socket.await("ack").get("message").get("content").asText()).isEqualTo("in");
                open.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            }
            assertThat(api.get("/observe/health", null).status()).isEqualTo(200);
            // Once the crowd is served, a latecomer is let in (the bound is on handshakes at once, not in all).
            Api.User late = crowd.get(sockets.indexOf(sockets.stream().filter(Socket::refused).findFirst().orElseThrow()));
            Eventually.await(Duration.ofSeconds(10), "a refused client admitted when it comes back", () -> {
                Socket again = Socket.open(client, ws, late);
                try {
                    again.opening.get(10, TimeUnit.SECONDS).sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aSyncThatCannotGetItsTurnInTimeIsClosedWithTryAgainLaterAndTheWait() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.ws.sync-reads-at-once", "1",
                "parley.ws.sync-wait-seconds", "1", "parley.search.indexing", "false",
                // Nothing else of the node reads messages meanwhile: the only waiter on the lock is the sync.
                "parley.cluster.catch-up-seconds", "3600"))) {
            URI http = URI.create("http://127.0.0.1:" + node.server().port());
            URI ws = URI.create("ws://127.0.0.1:" + node.server().port() + "/ws");
            Api api = new Api(http);
            Api.User alice = api.register("syncer");
            Api.User bob = api.register("syncee");
            UUID room = api.room(alice, bob);
            assertThat(api.post("/api/messages/", alice.token(), Map.of("room", room, "content", "missed",
                    "client_id", "m-1")).status()).isEqualTo(201);
            HttpClient client = HttpClient.newHttpClient();
            Socket first = Socket.open(client, ws, bob);
            Socket second = Socket.open(client, ws, bob);
            String sync = Json.write(Map.of("type", "sync", "since", Map.of(room.toString(), 0)));
            try (Connection db = node.database().dataSource().getConnection(); Statement sql = db.createStatement()) {
                db.setAutoCommit(false);
                sql.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE"); // the first sync's read holds the turn
                first.opening.get(15, TimeUnit.SECONDS).sendText(sync, true);
                Eventually.await(Duration.ofSeconds(15), "the first sync's read waiting for the table", () ->
                        waitingForLock(node));
                second.opening.get(15, TimeUnit.SECONDS).sendText(sync, true);

                Closed closed = second.closed.get(15, TimeUnit.SECONDS);
                assertThat(closed.code()).isEqualTo(1013);
                assertThat(closed.reason()).matches("try again later: retry_after_ms=\\d+");
                assertThat(Long.parseLong(closed.reason().replaceAll("\\D", ""))).isBetween(1000L, 10_000L);
                db.commit();
            }
            assertThat(first.await("message").get("message").get("content").asText()).isEqualTo("missed");
            assertThat(first.await("synced").get("has_more")).isEmpty();
            assertThat(first.closed).isNotDone();
        }
    }

    private static boolean waitingForLock(Parley node) {
        try (Connection db = node.database().dataSource().getConnection(); Statement sql = db.createStatement();
                var rows = sql.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
            rows.next();
            return rows.getInt(1) > 0;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Closed(int code, String reason) {
    }

    /** One handshake and its frames, in arrival order. */
    private static final class Socket implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        CompletableFuture<WebSocket> opening;
        private final StringBuilder partial = new StringBuilder();

        static Socket open(HttpClient client, URI ws, Api.User user) {
            Socket socket = new Socket();
            socket.opening = client.newWebSocketBuilder().header("Authorization", "Bearer " + user.token())
                    .connectTimeout(Duration.ofSeconds(15)).buildAsync(ws, socket);
            return socket;
        }

        boolean refused() {
            return opening.isCompletedExceptionally();
        }

        HttpResponse<?> refusal() {
            try {
                opening.join();
                throw new AssertionError("the handshake was admitted");
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
                return ((WebSocketHandshakeException) e.getCause()).getResponse();
            }
        }

        JsonNode await(String type) throws InterruptedException {
            while (true) {
                JsonNode frame = frames.poll(15, TimeUnit.SECONDS);
                if (frame == null) {
                    throw new AssertionError("no " + type + " within 15 s");
                }
                if (frame.get("type").asText().equals(type)) {
                    return frame;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(Json.mapper().readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }
    }
}

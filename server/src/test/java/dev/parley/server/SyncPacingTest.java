package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client back from a long absence syncs thousands of messages over a slow link: the replay must go at the pace the
 * client reads, not be cut off as a slow consumer because the frames it asked for outran its link.
 */
class SyncPacingTest {

    private static final int MESSAGES = 10_000;
    /** Sent while the replay runs: held for bob meanwhile, then paced out behind it like the replay. */
    private static final int LIVE = 400;

    @Test
    void aLongSyncOverASlowLinkArrivesWholeAndInOrderWithoutCuttingTheClientOff() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.ws.outbound-queue", "512", "parley.ws.outbound-queue-chars", "1048576",
                "parley.ws.sync-cap", "20000", "parley.ws.sync-total-cap", "20000",
                "parley.limits.send-burst", "100000", "parley.limits.send-per-second", "100000"))) {
            URI http = URI.create("http://127.0.0.1:" + node.server().port());
            URI ws = URI.create("ws://127.0.0.1:" + node.server().port() + "/ws");
            Api api = new Api(http);
            Api.User alice = api.register("pace");
            Api.User bob = api.register("paceb");
            UUID room = api.room(alice, bob);
            String filler = "x".repeat(3_000); // 30 MB in all: far more than the queue and the socket buffers hold
            try (WsClient sender = WsClient.connect(ws, alice)) {
                int window = 200; // acks in flight: within this node's small outbound queue
                for (int i = 1; i <= MESSAGES; i++) {
                    sender.send(Map.of("type", "send", "room_uuid", room, "content", i + " " + filler,
                            "client_id", "p-" + i));
                    if (i > window) {
                        sender.await("ack");
                    }
                }
                for (int i = 0; i < window; i++) {
                    sender.await("ack");
                }
            }

            SlowReader bobReader = new SlowReader();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + bob.token())
                    .buildAsync(ws, bobReader).get(10, TimeUnit.SECONDS);
            socket.sendText(Json.write(Map.of("type", "sync", "since", Map.of(room.toString(), 0))), true).join();
            try (WsClient sender = WsClient.connect(ws, alice)) {
                for (int i = 1; i <= LIVE; i++) {
                    sender.send(Map.of("type", "send", "room_uuid", room, "content", "live " + i + " " + filler,
                            "client_id", "l-" + i));
                    sender.await("ack");
                }
            }

            JsonNode end = bobReader.synced.get(120, TimeUnit.SECONDS);
            Eventually.await(Duration.ofSeconds(60), "every live message after the replay",
                    () -> bobReader.seqs.size() >= MESSAGES + LIVE || bobReader.closeCode != null);
            bobReader.stop();

            assertThat(bobReader.closeCode).as("closed by the server").isNull();
            assertThat(end.get("has_more")).isEmpty();
            assertThat(bobReader.seqs).hasSize(MESSAGES + LIVE);
            assertThat(bobReader.seqs).isSorted().doesNotHaveDuplicates();
            socket.abort();
        }
    }

    /** Reads 50 frames every 20 ms (about 7 MB/s here): far slower than the server replays. */
    private static final class SlowReader implements WebSocket.Listener {
        final List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<JsonNode> synced = new CompletableFuture<>();
        volatile Integer closeCode;
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            pacer.scheduleAtFixedRate(() -> webSocket.request(50), 0, 20, TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode frame;
                try {
                    frame = Json.mapper().readTree(partial.toString());
                } catch (java.io.IOException e) {
                    synced.completeExceptionally(e);
                    return null;
                }
                partial.setLength(0);
                switch (frame.get("type").asText()) {
                    case "message" -> seqs.add(frame.get("message").get("seq").asLong());
                    case "synced" -> synced.complete(frame);
                    default -> { }
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            synced.completeExceptionally(new AssertionError("closed " + statusCode + " " + reason + " after "
                    + seqs.size() + " messages"));
            return null;
        }

        void stop() {
            pacer.shutdownNow();
        }
    }
}

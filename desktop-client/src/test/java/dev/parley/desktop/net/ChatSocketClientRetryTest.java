package dev.parley.desktop.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.protocol.ServerFrame;
import jakarta.websocket.CloseReason;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the client does when a busy server turns its connection away: it waits at least as long as it was asked. */
class ChatSocketClientRetryTest {

    private record Drop(String reason, Duration retryIn) {
    }

    @Test
    void aHandshakeRefusedWith503WaitsAtLeastTheRetryAfterPlusJitter() throws Exception {
        HttpServer busy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        busy.createContext("/", exchange -> {
            byte[] body = "{\"error\":\"unavailable\",\"message\":\"too many connections at once\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "3");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        busy.start();
        CompletableFuture<Drop> dropped = new CompletableFuture<>();
        ChatSocketClient client = new ChatSocketClient(
                URI.create("ws://127.0.0.1:" + busy.getAddress().getPort() + "/ws"), "token");
        try {
            client.start(new ChatConnection.Listener() {
                @Override
                public void onOpen() {
                }

                @Override
                public void onFrame(ServerFrame frame) {
                }

                @Override
                public void onDisconnected(String reason, Duration retryIn) {
                    dropped.complete(new Drop(reason, retryIn));
                }

                @Override
                public void onUnauthorized() {
                    dropped.completeExceptionally(new AssertionError("a 503 is not a 401"));
                }
            });

            Drop drop = dropped.get(15, TimeUnit.SECONDS);
            assertThat(drop.reason()).isEqualTo("The server is busy");
            assertThat(drop.retryIn()).isBetween(Duration.ofSeconds(3), Duration.ofMillis(3_750));
        } finally {
            client.close();
            busy.stop(0);
        }
    }

    @Test
    void aTryAgainLaterCloseCarriesItsWaitAndOtherClosesNone() {
        assertThat(ChatSocketClient.retryAfter(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER,
                "try again later: retry_after_ms=2750"))).isEqualTo(Duration.ofMillis(2_750));
        assertThat(ChatSocketClient.retryAfter(new CloseReason(CloseReason.CloseCodes.GOING_AWAY,
                "server shutting down"))).isZero();
    }
}

package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node moves only so many file bodies at once (parley.attachments.streams-at-once): the others wait their turn and
 * then go through, none refused, so that a crowd of transfers never stands in front of chat on the same cores.
 */
class AttachmentStreamsTest {

    private static final String TOKEN = "observe-token-for-attachment-streams-test";

    @Test
    void anUploadBeyondTheBoundWaitsForTheOneMovingThenBothAreStored() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of("parley.observe.token", TOKEN,
                "parley.attachments.streams-at-once", "1"))) {
            URI base = URI.create("http://127.0.0.1:" + node.server().port());
            Api api = new Api(base);
            AttachmentClient files = new AttachmentClient(base);
            Api.User alice = api.register("strm");
            UUID room = api.room(alice, api.register("strmb"));
            // A slow sender on a socket of its own: the headers and half the body, the rest when the test says.
            try (Socket slow = new Socket("127.0.0.1", node.server().port())) {
                OutputStream out = slow.getOutputStream();
                out.write(("POST /api/attachments/?room_uuid=" + room + "&filename=slow.txt HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nAuthorization: Bearer " + alice.token() + "\r\n"
                        + "Content-Type: text/plain\r\nContent-Length: 2048\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[1024]);
                out.flush();
                Eventually.await(Duration.ofSeconds(10), "the slow upload moving",
                        () -> detail(api, "in-progress") == 1);

                CompletableFuture<Api.Response> next = CompletableFuture.supplyAsync(() ->
                        files.upload(alice, room, "next.txt", "text/plain", "next".getBytes()));
                Eventually.await(Duration.ofSeconds(10), "the next upload waiting its turn",
                        () -> detail(api, "waiting") == 1);
                assertThat(next).isNotDone();
                out.write(new byte[1024]);
                out.flush();

                String status = new BufferedReader(new InputStreamReader(slow.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                assertThat(status).startsWith("HTTP/1.1 201");
                assertThat(next.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
                assertThat(detail(api, "admitted")).isEqualTo(2);
                assertThat(detail(api, "refused")).isZero();
            }
        }
    }

    private static long detail(Api api, String name) {
        Api.Response health = api.get("/observe/health", TOKEN);
        return health.status() == 200 && health.json().findValue("attachment-streams-" + name) != null
                ? health.json().findValue("attachment-streams-" + name).asLong() : -1;
    }
}

package dev.parley.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Eventually;
import dev.parley.server.common.AuthUser;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.SocketContext;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What one connection sends of a room around a sync: each event once, in seq order. */
class ConnectionTest {

    private static final long ROOM = 7;
    private static final UUID ROOM_UUID = UUID.randomUUID();

    private final ConnectionHub hub = new ConnectionHub(new ConnectionHub.Limits(64, 1 << 20, 20, 1000),
            Duration.ofMinutes(1));
    private final Socket socket = new Socket();
    private final Connection connection = new Connection(socket, new AuthUser(1, "alice"), hub, 64, 1 << 20,
            false);

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void eventsHeldForANewConnectionFromBeforeWhereItsSyncSaidItStoodAreNotSentAgain() {
        // A node with no position for the room fills it from the start while the client's sync is still to come.
        for (long seq = 1; seq <= 6; seq++) {
            connection.deliver(delivery(seq), frame(seq));
        }
        // The client says it holds the room up to 6; the replay finds nothing newer.
        connection.holdingLiveFrames(() -> {
            connection.replay(List.of(), List.of());
            connection.syncedTo(ROOM, 6);
        });
        connection.release();
        connection.deliver(delivery(7), frame(7));

        Eventually.await(Duration.ofSeconds(5), "seq 7 sent", () -> socket.sent.contains(frame(7)));
        assertThat(socket.sent).containsExactly(frame(7));
    }

    @Test
    void aSyncReplaysWhatTheClientLacksOnceAndInOrderAroundLiveEventsHeldMeanwhile() {
        connection.holdingLiveFrames(() -> {
            connection.deliver(delivery(4), frame(4)); // live, committed while the replay reads
            connection.replay(List.of(delivery(2), delivery(3), delivery(4)), List.of(frame(2), frame(3), frame(4)));
            connection.syncedTo(ROOM, 4);
        });
        connection.release();
        connection.deliver(delivery(5), frame(5));
        connection.deliver(delivery(3), frame(3)); // late, from a fill: the client has it

        Eventually.await(Duration.ofSeconds(5), "seq 5 sent", () -> socket.sent.contains(frame(5)));
        assertThat(socket.sent).containsExactly(frame(2), frame(3), frame(4), frame(5));
    }

    @Test
    void framesThatQueueUpBehindAWriteGoOutAsOneBatchInOrderToAClientThatReadsBatches() throws Exception {
        List<String> sent = writeWhileTheFirstWriteIsStuck(true, 70);

        List<String> queued = java.util.stream.IntStream.rangeClosed(2, 71).mapToObj(ConnectionTest::frame).toList();
        assertThat(sent).containsExactly(frame(1),
                "{\"type\":\"batch\",\"frames\":[" + String.join(",", queued.subList(0, 64)) + "]}",
                "{\"type\":\"batch\",\"frames\":[" + String.join(",", queued.subList(64, 70)) + "]}");
    }

    @Test
    void aClientThatDoesNotReadBatchesGetsEveryFrameOnItsOwn() throws Exception {
        List<String> sent = writeWhileTheFirstWriteIsStuck(false, 5);

        assertThat(sent).containsExactly(frame(1), frame(2), frame(3), frame(4), frame(5), frame(6));
    }

    @Test
    void aBatchStopsBeforeTheFrameThatWouldTakeItPast64KiB() throws Exception {
        String big = "{\"type\":\"message\",\"content\":\"" + "x".repeat(40_000) + "\"}";
        BlockingSocket stuck = new BlockingSocket();
        Connection batching = new Connection(stuck, new AuthUser(1, "alice"), hub, 64, 1 << 20, true);
        batching.release();
        batching.send(frame(1));
        stuck.entered.await();
        batching.send(frame(2));
        batching.send(big);
        batching.send(big);
        stuck.proceed.countDown();

        Eventually.await(Duration.ofSeconds(5), "all written", () -> stuck.sent.size() == 3);
        assertThat(stuck.sent).containsExactly(frame(1),
                "{\"type\":\"batch\",\"frames\":[" + frame(2) + "," + big + "]}", big);
    }

    /** Frame 1 is written and its write held until frames 2.. (n of them) have queued up behind it: what is sent. */
    private List<String> writeWhileTheFirstWriteIsStuck(boolean batching, int n) throws Exception {
        BlockingSocket stuck = new BlockingSocket();
        Connection connection = new Connection(stuck, new AuthUser(1, "alice"), hub, 128, 1 << 20, batching);
        connection.release();
        connection.deliver(delivery(1), frame(1));
        stuck.entered.await();
        for (long seq = 2; seq <= n + 1; seq++) {
            connection.deliver(delivery(seq), frame(seq));
        }
        stuck.proceed.countDown();
        Eventually.await(Duration.ofSeconds(5), "frame " + (n + 1) + " written",
                () -> stuck.sent.stream().anyMatch(text -> text.contains(frame(n + 1))));
        return stuck.sent;
    }

    private static Delivery delivery(long seq) {
        return new Delivery(ROOM, ROOM_UUID, seq, 2);
    }

    private static String frame(long seq) {
        return "{\"type\":\"message\",\"seq\":" + seq + "}";
    }

    /** A socket whose first write is under way until the test lets it finish. */
    private static final class BlockingSocket extends Socket {
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);

        @Override
        public WsSession send(String text, boolean last) {
            entered.countDown();
            try {
                proceed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.send(text, last);
        }
    }

    /** The socket's side of a WebSocket session: records the text frames written to it. */
    private static class Socket implements WsSession {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public WsSession send(String text, boolean last) {
            sent.add(text);
            return this;
        }

        @Override
        public WsSession send(BufferData bufferData, boolean last) {
            return this;
        }

        @Override
        public WsSession ping(BufferData bufferData) {
            return this;
        }

        @Override
        public WsSession pong(BufferData bufferData) {
            return this;
        }

        @Override
        public WsSession close(int code, String reason) {
            return this;
        }

        @Override
        public WsSession terminate() {
            return this;
        }

        @Override
        public SocketContext socketContext() {
            throw new UnsupportedOperationException("not a network socket");
        }
    }
}

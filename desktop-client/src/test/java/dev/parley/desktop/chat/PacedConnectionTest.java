package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * My sends go out in the order written at the server's pace: a burst at once from a full bucket, then one per refill
 * (at 10 a second, one every 110 ms: 100 and the margin), each after the answer to the one before; other frames at
 * once. A refusal for now holds that one and every later one until the server's hint.
 */
class PacedConnectionTest {

    private static final UUID ROOM = UUID.randomUUID();

    private final FakeConnection socket = new FakeConnection();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final PacedConnection paced = new PacedConnection(socket, scheduler, Runnable::run, 3, 10);

    @BeforeEach
    void listen() {
        paced.start(new ChatConnection.Listener() {
            @Override
            public void onOpen() {
            }

            @Override
            public void onFrame(ServerFrame frame) {
            }

            @Override
            public void onDisconnected(String reason, Duration retryIn) {
            }

            @Override
            public void onUnauthorized() {
            }
        });
    }

    private static ClientFrame.Send send(int n) {
        return new ClientFrame.Send(ROOM, "m" + n, "c-" + n);
    }

    private void ack(int... ns) {
        for (int n : ns) {
            socket.receive(new ServerFrame.Ack("c-" + n, new MessageView(UUID.randomUUID(), "m" + n, "bob", ROOM,
                    "alice", Instant.EPOCH, n, "c-" + n, "message", null)));
        }
    }

    private void refuse(int n, String code, Long retryAfterMs) {
        socket.receive(new ServerFrame.Error(code, "not now", "c-" + n, retryAfterMs));
    }

    private List<String> sentContents() {
        return socket.sent(ClientFrame.Send.class).stream().map(ClientFrame.Send::content).toList();
    }

    @Test
    void aFullBucketGoesOutAtOnceThenOneARefillEachAfterTheAnswerToTheOneBefore() {
        socket.open();
        IntStream.rangeClosed(1, 6).forEach(n -> paced.send(send(n)));
        List<String> atOnce = sentContents();
        scheduler.advance(Duration.ofMillis(110)); // a token, but three unanswered
        List<String> unanswered = sentContents();
        ack(1, 2, 3);
        List<String> afterTheAnswers = sentContents();
        scheduler.advance(Duration.ofMillis(110)); // a token, and m4 unanswered
        List<String> m4Unanswered = sentContents();
        ack(4);
        scheduler.advance(Duration.ofMillis(110));
        ack(5);

        assertThat(atOnce).containsExactly("m1", "m2", "m3");
        assertThat(unanswered).isEqualTo(atOnce);
        assertThat(afterTheAnswers).containsExactly("m1", "m2", "m3", "m4");
        assertThat(m4Unanswered).isEqualTo(afterTheAnswers);
        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
        assertThat(paced.queued()).isZero();
    }

    @Test
    void aLimitStatedLaterReplacesThePaceAndKeepsWhatWasSpent() {
        socket.open();
        IntStream.rangeClosed(1, 6).forEach(n -> paced.send(send(n)));
        ack(1, 2, 3);
        paced.pace(2, 2); // a burst of 2, then one every 550 ms (500 and the margin)
        scheduler.advance(Duration.ofMillis(110)); // the refill scheduled at the old pace
        List<String> afterOldRefill = sentContents();
        ack(4);
        scheduler.advance(Duration.ofMillis(549));
        List<String> beforeNewRefill = sentContents();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(afterOldRefill).containsExactly("m1", "m2", "m3", "m4");
        assertThat(beforeNewRefill).isEqualTo(afterOldRefill);
        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void otherFramesGoAtOnceAndAFrameQueuedOrUnansweredIsNotQueuedTwice() {
        socket.open();
        IntStream.rangeClosed(1, 4).forEach(n -> paced.send(send(n)));
        paced.send(send(4)); // a retry of one still waiting for its turn
        paced.send(send(2)); // and of one on its way
        paced.send(new ClientFrame.Typing(ROOM));
        boolean typingAtOnce = socket.sent(ClientFrame.Typing.class).size() == 1;
        ack(1, 2, 3);
        scheduler.advance(Duration.ofMillis(110));
        ack(4);
        scheduler.advance(Duration.ofMillis(110));

        assertThat(typingAtOnce).isTrue();
        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m4");
    }

    @Test
    void aSendRefusedForNowGoesAgainFirstWithEveryLaterOneAfterTheServersHint() {
        socket.open();
        IntStream.rangeClosed(1, 5).forEach(n -> paced.send(send(n)));
        ack(1);
        refuse(2, "rate_limited", 500L); // the server's bucket was emptier than this pace thought
        refuse(3, "rate_limited", 600L);
        scheduler.advance(Duration.ofMillis(599)); // the newest hint is the one that counts
        List<String> beforeTheHint = sentContents();
        scheduler.advance(Duration.ofMillis(1));
        List<String> atTheHint = sentContents();
        ack(2);
        scheduler.advance(Duration.ofMillis(110));
        ack(3);
        scheduler.advance(Duration.ofMillis(110));
        ack(4);
        scheduler.advance(Duration.ofMillis(110));

        assertThat(beforeTheHint).containsExactly("m1", "m2", "m3");
        assertThat(atTheHint).containsExactly("m1", "m2", "m3", "m2");
        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m2", "m3", "m4", "m5");
    }

    @Test
    void aRefusalForGoodAnswersTheSendAndTheNextGoes() {
        socket.open();
        IntStream.rangeClosed(1, 4).forEach(n -> paced.send(send(n)));
        ack(1, 2);
        refuse(3, "not_a_member", null);
        scheduler.advance(Duration.ofMillis(110));

        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m4");
        assertThat(paced.unanswered()).isEqualTo(1);
    }

    @Test
    void aFrameIgnoredPastTheFrameLimitSendsEveryUnansweredOneAgainAfterTheHint() {
        socket.open();
        IntStream.rangeClosed(1, 4).forEach(n -> paced.send(send(n)));
        ack(1);
        socket.receive(new ServerFrame.Error("rate_limited", "too many frames; this one was ignored", null, 300L));
        scheduler.advance(Duration.ofMillis(299));
        List<String> beforeTheHint = sentContents();
        scheduler.advance(Duration.ofMillis(1));
        ack(2);
        scheduler.advance(Duration.ofMillis(110));

        assertThat(beforeTheHint).containsExactly("m1", "m2", "m3");
        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m2", "m3");
    }

    @Test
    void whatWaitsOrIsUnansweredWhenTheConnectionDropsIsDroppedForTheOutboxToSendAgain() {
        socket.open();
        IntStream.rangeClosed(1, 5).forEach(n -> paced.send(send(n)));
        socket.drop();
        scheduler.advance(Duration.ofMillis(110));
        socket.open();
        scheduler.advance(Duration.ofMillis(330));
        paced.send(send(6)); // the first after the reconnect waits for no answer from the old connection

        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m6");
        assertThat(paced.queued()).isZero();
        assertThat(paced.unanswered()).isEqualTo(1);
    }
}

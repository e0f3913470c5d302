package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * My sends go out in order at the server's pace: a burst at once, then one per refill (at 10 a second, one every
 * 110 ms: 100 and the margin); other frames at once.
 */
class PacedConnectionTest {

    private static final UUID ROOM = UUID.randomUUID();

    private final FakeConnection socket = new FakeConnection();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final PacedConnection paced = new PacedConnection(socket, scheduler, 3, 10);

    private static ClientFrame.Send send(int n) {
        return new ClientFrame.Send(ROOM, "m" + n, "c-" + n);
    }

    private List<String> sentContents() {
        return socket.sent(ClientFrame.Send.class).stream().map(ClientFrame.Send::content).toList();
    }

    @Test
    void aBurstGoesOutAtOnceAndTheRestOneARefillInTheOrderWritten() {
        socket.open();
        IntStream.rangeClosed(1, 6).forEach(n -> paced.send(send(n)));
        List<String> atOnce = sentContents();
        scheduler.advance(Duration.ofMillis(109));
        List<String> before = sentContents();
        scheduler.advance(Duration.ofMillis(1));
        List<String> afterOne = sentContents();
        scheduler.advance(Duration.ofMillis(110));
        scheduler.advance(Duration.ofMillis(110));

        assertThat(atOnce).containsExactly("m1", "m2", "m3");
        assertThat(before).isEqualTo(atOnce);
        assertThat(afterOne).containsExactly("m1", "m2", "m3", "m4");
        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m4", "m5", "m6");
        assertThat(paced.queued()).isZero();
    }

    @Test
    void aLimitStatedLaterReplacesThePaceAndKeepsWhatWasSpent() {
        socket.open();
        IntStream.rangeClosed(1, 6).forEach(n -> paced.send(send(n)));
        paced.pace(2, 2); // a burst of 2, then one every 550 ms (500 and the margin)
        scheduler.advance(Duration.ofMillis(110)); // the refill scheduled at the old pace
        List<String> afterOldRefill = sentContents();
        scheduler.advance(Duration.ofMillis(549));
        List<String> beforeNewRefill = sentContents();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(afterOldRefill).containsExactly("m1", "m2", "m3", "m4");
        assertThat(beforeNewRefill).isEqualTo(afterOldRefill);
        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void otherFramesGoAtOnceAndAFrameAlreadyQueuedIsNotQueuedTwice() {
        socket.open();
        IntStream.rangeClosed(1, 4).forEach(n -> paced.send(send(n)));
        paced.send(send(4)); // a retry of one still waiting for its turn
        paced.send(new ClientFrame.Typing(ROOM));
        boolean typingAtOnce = socket.sent(ClientFrame.Typing.class).size() == 1;
        scheduler.advance(Duration.ofMillis(110));
        scheduler.advance(Duration.ofMillis(110));

        assertThat(typingAtOnce).isTrue();
        assertThat(sentContents()).containsExactly("m1", "m2", "m3", "m4");
    }

    @Test
    void whatWaitsWhenTheConnectionDropsIsDroppedForTheOutboxToSendAgain() {
        socket.open();
        IntStream.rangeClosed(1, 5).forEach(n -> paced.send(send(n)));
        socket.close(); // gone (as a drop, without a listener here)
        scheduler.advance(Duration.ofMillis(110));
        socket.open();
        scheduler.advance(Duration.ofMillis(110));

        assertThat(sentContents()).containsExactly("m1", "m2", "m3");
        assertThat(paced.queued()).isZero();
    }
}

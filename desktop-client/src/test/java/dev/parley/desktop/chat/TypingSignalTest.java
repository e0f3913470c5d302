package dev.parley.desktop.chat;

import static dev.parley.desktop.chat.MainViewModelTest.room;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pace of the Typing frames Alice's typing sends to her chats with Bob and Carol. */
class TypingSignalTest {

    private static final UUID BOB_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID CAROL_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private final FakeConnection socket = new FakeConnection();
    private final ConnectionStatus connection = new ConnectionStatus(new ManualScheduler());
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final TypingSignal signal = new TypingSignal(socket, connection, clock);
    private final ChatItem bob = ChatItem.of(room(BOB_ROOM, "bob", 0, 0, 0, 0, null), "alice");
    private final ChatItem carol = ChatItem.of(room(CAROL_ROOM, "carol", 0, 0, 0, 0, null), "alice");

    @BeforeEach
    void online() {
        socket.open();
        connection.opened();
        connection.synced();
    }

    @Test
    void typingGoesOutAtMostOnceEveryThreeSeconds() {
        signal.typed(bob);
        clock.advance(Duration.ofMillis(2_999));
        signal.typed(bob);
        clock.advance(Duration.ofMillis(1));
        signal.typed(bob);

        assertThat(socket.sent).containsExactly(new ClientFrame.Typing(BOB_ROOM), new ClientFrame.Typing(BOB_ROOM));
    }

    @Test
    void typingWhileOfflineSendsNothingAndDoesNotHoldBackTheNextSignal() {
        connection.dropped("Connection lost", Duration.ofSeconds(2));
        signal.typed(bob);
        connection.opened();
        connection.synced();

        signal.typed(bob);

        assertThat(socket.sent).containsExactly(new ClientFrame.Typing(BOB_ROOM));
    }

    @Test
    void typingInAnotherChatRightAfterwardsTellsThatChatAtOnce() {
        signal.typed(bob);
        clock.advance(Duration.ofMillis(500));
        signal.typed(carol);

        assertThat(socket.sent).containsExactly(new ClientFrame.Typing(BOB_ROOM), new ClientFrame.Typing(CAROL_ROOM));
    }

    @Test
    void typingRightAfterSendingAMessageSaysSoAgainAtOnce() {
        signal.typed(bob);
        clock.advance(Duration.ofMillis(800));
        signal.sent(); // the message ends "typing…" for Bob
        clock.advance(Duration.ofMillis(200));
        signal.typed(bob);

        assertThat(socket.sent).containsExactly(new ClientFrame.Typing(BOB_ROOM), new ClientFrame.Typing(BOB_ROOM));
    }
}

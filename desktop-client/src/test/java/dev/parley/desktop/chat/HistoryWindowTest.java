package dev.parley.desktop.chat;

import static dev.parley.desktop.chat.MainViewModelTest.message;
import static dev.parley.desktop.chat.MainViewModelTest.room;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.common.Formats;
import dev.parley.protocol.ServerFrame;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chat opened at a message far back (a search result, a quote's original), wired as the app wires it, without a
 * toolkit: Alice's chat with Dave has 120 messages; the window around the message joins the newest ones as she
 * scrolls down, holding back what arrives meanwhile, and sending or opening the chat again shows the newest at once.
 */
class HistoryWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final UUID DAVE = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private final FakeChatApi api = new FakeChatApi();
    private final FakeConnection socket = new FakeConnection();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final MovableClock clock = new MovableClock(T0.plusSeconds(1000));
    private ConversationViewModel conversation;
    private ChatListViewModel chats;

    @BeforeEach
    void startSignedInAsAlice() {
        api.rooms.add(room(DAVE, "dave", 120, 0, 120, 120, message(DAVE, 120, "dave", "m120", null)));
        api.rooms.add(room(BOB, "bob", 1, 0, 1, 1, message(BOB, 1, "bob", "hi", null)));
        LongStream.rangeClosed(1, 120).forEach(seq -> api.history.add(message(DAVE, seq, "dave", "m" + seq, null)));
        api.history.add(message(BOB, 1, "bob", "hi", null));
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        Outbox<MessageItem> outbox = new Outbox<>();
        conversation = new ConversationViewModel("alice", api, socket, connection, outbox, Runnable::run,
                scheduler, clock, new Formats(clock));
        chats = new ChatListViewModel("alice", conversation, scheduler);
        MainViewModel vm = new MainViewModel("alice", api, socket, connection, outbox, chats, conversation,
                Runnable::run, scheduler);
        vm.start();
        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
    }

    private ChatItem chat(UUID room) {
        return chats.allChats().stream().filter(c -> c.roomUuid().equals(room)).findFirst().orElseThrow();
    }

    private List<Long> shownSeqs() {
        return chat(DAVE).messages().stream().map(MessageItem::seq).toList();
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aMessageFarBackOpensInAWindowThatScrollingDownJoinsToTheNewest() {
        MessageItem found = conversation.openAt(chat(DAVE), 3).join();

        assertThat(found.content()).isEqualTo("m3");
        assertThat(conversation.highlightedProperty().get()).isSameAs(found);
        assertThat(shownSeqs()).isEqualTo(seqs(1, 28));
        assertThat(chat(DAVE).hasNewerProperty().get()).isTrue();

        conversation.loadNewer().join();
        assertThat(shownSeqs()).isEqualTo(seqs(1, 78));
        assertThat(chat(DAVE).hasNewerProperty().get()).isTrue();

        conversation.loadNewer().join();
        assertThat(shownSeqs()).isEqualTo(seqs(1, 120));
        assertThat(chat(DAVE).hasNewerProperty().get()).isFalse();
    }

    @Test
    void aLiveMessageWhileFarBackShowsOnlyOnceTheNewerPagesReachIt() {
        conversation.openAt(chat(DAVE), 60).join();

        socket.receive(new ServerFrame.Message(message(DAVE, 121, "dave", "m121", null)));

        assertThat(shownSeqs()).isEqualTo(seqs(36, 85));
        assertThat(chat(DAVE).lastMessageProperty().get().content()).isEqualTo("m121");
        conversation.loadNewer().join();
        assertThat(shownSeqs()).isEqualTo(seqs(36, 121));
        assertThat(chat(DAVE).hasNewerProperty().get()).isFalse();
    }

    @Test
    void sendingFromFarBackShowsTheNewestMessagesWithTheNewOneLast() {
        conversation.openAt(chat(DAVE), 3).join();

        conversation.draftProperty().set("back to now");
        conversation.send();

        assertThat(chat(DAVE).hasNewerProperty().get()).isFalse();
        assertThat(chat(DAVE).messages().getLast().content()).isEqualTo("back to now");
        assertThat(shownSeqs().subList(0, 50)).isEqualTo(seqs(71, 120));
    }

    @Test
    void openingTheChatAgainShowsItsNewestMessages() {
        conversation.openAt(chat(DAVE), 3).join();
        conversation.open(chat(BOB));

        conversation.open(chat(DAVE));

        assertThat(shownSeqs()).isEqualTo(seqs(71, 120));
        assertThat(chat(DAVE).hasNewerProperty().get()).isFalse();
    }

    @Test
    void aMessageAlreadyLoadedIsShownWithoutAskingTheServer() {
        conversation.open(chat(DAVE));
        api.calls.clear();

        MessageItem found = conversation.openAt(chat(DAVE), 100).join();

        assertThat(found.content()).isEqualTo("m100");
        assertThat(api.calls).isEmpty();
    }

    @Test
    void anOlderPageStillOnItsWayWhenTheWindowMovedIsDropped() {
        conversation.open(chat(DAVE));
        api.pauseHistory = true;
        conversation.loadOlder();
        var found = conversation.openAt(chat(DAVE), 3);

        api.paused.forEach(Runnable::run); // the page before 71, then the two around 3

        assertThat(found.join().content()).isEqualTo("m3");
        assertThat(shownSeqs()).isEqualTo(seqs(1, 28));
    }

    @Test
    void theWindowAroundAMessageAskedForBeforeAnotherIsDropped() {
        api.pauseHistory = true;
        var first = conversation.openAt(chat(DAVE), 3);
        var second = conversation.openAt(chat(DAVE), 60);

        api.paused.forEach(Runnable::run);

        assertThat(first.join()).isNull();
        assertThat(second.join().content()).isEqualTo("m60");
        assertThat(shownSeqs()).isEqualTo(seqs(36, 85));
    }
}

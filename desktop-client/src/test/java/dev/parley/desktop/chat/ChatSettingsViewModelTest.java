package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.common.Formats;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.ServerFrame;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * My own settings of chats in the chat list (over fakes): pinned chats first, archived ones in their own list until
 * someone else writes (unless muted), no toast from a muted chat, a cleared chat's messages gone, a refusal said.
 */
class ChatSettingsViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final UUID BOB = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID CAROL = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID DAVE = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    private final FakeChatApi api = new FakeChatApi();
    private final FakeConnection socket = new FakeConnection();
    private final ManualScheduler scheduler = new ManualScheduler();
    private ConversationViewModel conversation;
    private ChatListViewModel chats;
    private MainViewModel vm;

    @BeforeEach
    void startSignedInAsAlice() {
        api.rooms.add(room(CAROL, "carol", 1));
        api.rooms.add(room(DAVE, "dave", 2));
        api.rooms.add(room(BOB, "bob", 3));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        conversation = new ConversationViewModel("alice", api, socket, connection, new Outbox<>(), Runnable::run,
                scheduler, clock, new Formats(clock));
        chats = new ChatListViewModel("alice", conversation, scheduler);
        vm = new MainViewModel("alice", api, socket, connection, new Outbox<>(), chats, conversation, Runnable::run,
                scheduler);
        vm.start();
        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
    }

    private static RoomView room(UUID uuid, String peer, long seq) {
        return new RoomView(uuid, List.of("alice", peer), "alice & " + peer, T0.minusSeconds(3600), seq, 0,
                message(uuid, seq, peer, "hi"), List.of(new dev.parley.protocol.MemberView("alice", true, null, seq, seq),
                new dev.parley.protocol.MemberView(peer, false, null, seq, seq)));
    }

    private static MessageView message(UUID room, long seq, String user, String content) {
        return new MessageView(UUID.nameUUIDFromBytes((room + "/" + seq).getBytes()), content, "room", room, user,
                T0.plusSeconds(seq * 60), seq, null);
    }

    /** The server's room frame of {@code room} with these settings. */
    private void settings(UUID uuid, String peer, long seq, boolean pinned, String muted, boolean archived) {
        socket.receive(new ServerFrame.Room(room(uuid, peer, seq).withSettings(pinned, muted, archived, false, 0)));
    }

    private List<UUID> listed() {
        return chats.chats().stream().map(ChatItem::roomUuid).toList();
    }

    @Test
    void aPinnedChatIsListedFirst() {
        settings(CAROL, "carol", 1, true, null, false);

        assertThat(listed()).containsExactly(CAROL, BOB, DAVE);
    }

    @Test
    void aChatIClearedKeepsItsPlaceByItsLastActivityThoughItHasNoLastMessageForMe() {
        UUID erin = UUID.fromString("00000000-0000-0000-0000-00000000000e");
        RoomView cleared = room(erin, "erin", 4);
        // As the server lists it after I cleared it (on this device before a restart, or on another one).
        cleared = new RoomView(erin, cleared.users(), cleared.roomName(), cleared.createdAt(), 4, 0, null,
                cleared.members()).withSettings(false, null, false, false, 4).withLastActivityAt(T0.plusSeconds(150));

        socket.receive(new ServerFrame.Room(cleared));

        assertThat(listed()).containsExactly(BOB, erin, DAVE, CAROL);
    }

    @Test
    void anArchivedChatIsListedOnlyAmongTheArchivedUntilSomeoneElseWrites() {
        settings(CAROL, "carol", 1, true, null, false);
        settings(DAVE, "dave", 2, false, null, true);

        List<UUID> main = listed();
        chats.showingArchivedProperty().set(true);
        List<UUID> archived = listed();
        chats.showingArchivedProperty().set(false);
        socket.receive(new ServerFrame.Message(message(DAVE, 4, "dave", "back")));

        assertThat(main).containsExactly(CAROL, BOB);
        assertThat(archived).containsExactly(DAVE);
        assertThat(chats.archivedCountProperty().get()).isZero();
        assertThat(listed()).containsExactly(CAROL, DAVE, BOB);
    }

    @Test
    void theArchivedListCanBeOpenedAfterChangesToTheOthers() {
        ChatItem bob = chats.allChats().stream().filter(c -> c.roomUuid().equals(BOB)).findFirst().orElseThrow();
        ChatItem carol = chats.allChats().stream().filter(c -> c.roomUuid().equals(CAROL)).findFirst().orElseThrow();
        ChatItem dave = chats.allChats().stream().filter(c -> c.roomUuid().equals(DAVE)).findFirst().orElseThrow();
        vm.chatSettings().pin(carol, true);
        settings(CAROL, "carol", 1, true, null, false);
        conversation.open(bob);
        settings(BOB, "bob", 3, false, T0.plusSeconds(3600).toString(), false);
        conversation.open(carol);
        socket.receive(new ServerFrame.Message(message(BOB, 4, "bob", "muted")));
        conversation.open(dave);
        settings(DAVE, "dave", 2, false, null, true);

        chats.showingArchivedProperty().set(true);
        List<UUID> archived = listed();
        chats.showingArchivedProperty().set(false);

        assertThat(archived).containsExactly(DAVE);
        assertThat(listed()).containsExactly(CAROL, BOB);
    }

    @Test
    void aMutedArchivedChatStaysArchivedAndShowsNoToast() {
        settings(DAVE, "dave", 2, false, "forever", true);

        socket.receive(new ServerFrame.Message(message(DAVE, 4, "dave", "noise")));

        assertThat(listed()).containsExactly(BOB, CAROL);
        assertThat(vm.notices()).isEmpty();
        assertThat(chats.allChats().stream().filter(c -> c.roomUuid().equals(DAVE)).findFirst().orElseThrow().unread())
                .isEqualTo(1);
    }

    @Test
    void aPinTheServerMayHaveStoredReadsTheChatBack() {
        api.failSettings = new dev.parley.desktop.net.ApiException(503, "outcome_unknown", "lost");
        ChatItem bob = chats.allChats().stream().filter(c -> c.roomUuid().equals(BOB)).findFirst().orElseThrow();
        api.calls.clear();

        vm.chatSettings().pin(bob, true);

        assertThat(api.calls).containsExactly("settings {pinned=true}", "room " + BOB);
        assertThat(vm.chatSettings().refusalProperty().get()).startsWith("The server lost its database connection");
    }

    @Test
    void aRefusedPinIsSaidForAFewSeconds() {
        api.failSettings = new dev.parley.desktop.net.ApiException(409, "conflict",
                "you can pin up to 3 chats: unpin one first");
        ChatItem bob = chats.allChats().stream().filter(c -> c.roomUuid().equals(BOB)).findFirst().orElseThrow();

        vm.chatSettings().pin(bob, true);

        assertThat(vm.chatSettings().refusalProperty().get()).isEqualTo("You can pin up to 3 chats: unpin one first.");
        scheduler.advance(java.time.Duration.ofSeconds(6));
        assertThat(vm.chatSettings().refusalProperty().get()).isEmpty();
    }

    @Test
    void ctrlAltShiftUMarksAChatUnreadAndThenReadAgain() {
        ChatItem bob = chats.allChats().stream().filter(c -> c.roomUuid().equals(BOB)).findFirst().orElseThrow();

        vm.chatSettings().toggleRead(bob);
        socket.receive(new ServerFrame.Room(room(BOB, "bob", 3).withSettings(false, null, false, true, 0)));
        boolean marked = bob.markedUnread();
        vm.chatSettings().toggleRead(bob);

        assertThat(marked).isTrue();
        assertThat(api.calls).containsSubsequence("settings {marked_unread=true}", "settings {marked_unread=false}");
    }

    @Test
    void pinningAsksTheServerWithOnlyThatField() {
        ChatItem bob = chats.allChats().stream().filter(c -> c.roomUuid().equals(BOB)).findFirst().orElseThrow();

        vm.chatSettings().pin(bob, true);
        vm.chatSettings().unmute(bob);

        assertThat(api.calls).contains("settings {pinned=true}", "settings {muted_until=null}");
    }
}

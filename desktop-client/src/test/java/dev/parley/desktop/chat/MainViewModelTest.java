package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.desktop.common.Formats;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.MemberView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.ServerFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signed-in window's ViewModels wired as the app wires them, without a toolkit: frames and commands in,
 * properties and frames out, on an inline executor.
 */
class MainViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final UUID BOB_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID CAROL_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private final FakeChatApi api = new FakeChatApi();
    private final FakeConnection socket = new FakeConnection();
    private final ManualScheduler scheduler = new ManualScheduler();
    private List<MainViewModel.Notice> notices;
    private final Outbox<MessageItem> outbox = new Outbox<>();
    private final KeptDrafts keptDrafts = new KeptDrafts();
    private ConversationViewModel conversation;
    private ChatListViewModel chats;
    private MainViewModel vm;

    @BeforeEach
    void startSignedInAsAlice() {
        api.rooms.add(room(BOB_ROOM, "bob", 2, 0, 2, 2, message(BOB_ROOM, 2, "alice", "hi bob", "c-0")));
        api.rooms.add(room(CAROL_ROOM, "carol", 0, 0, 0, 0, null));
        api.history.add(message(BOB_ROOM, 1, "bob", "hi alice", null));
        api.history.add(message(BOB_ROOM, 2, "alice", "hi bob", "c-0"));
        startApp();
    }

    /** Builds the window's ViewModels as the app does, over the same fakes and the same kept drafts. */
    private void startApp() {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        conversation = new ConversationViewModel("alice", api, socket, connection, outbox, Runnable::run,
                scheduler, clock, new Formats(clock), keptDrafts);
        chats = new ChatListViewModel("alice", conversation, scheduler);
        vm = new MainViewModel("alice", api, socket, connection, outbox, chats, conversation, Runnable::run,
                scheduler);
        notices = vm.notices();
        vm.start();
        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
    }

    private ChatItem chat(UUID room) {
        return chats.allChats().stream().filter(c -> c.roomUuid().equals(room)).findFirst().orElseThrow();
    }

    @Test
    void myBurstsArePacedToTheSendLimitTheServerStates() {
        api.limits = new LimitsView(900, 172_800, 12_000, 1024, 1000, 10, 2, 4);
        PacedConnection paced = new PacedConnection(socket, scheduler, Runnable::run);
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        conversation = new ConversationViewModel("alice", api, paced, connection, outbox, Runnable::run,
                scheduler, Clock.fixed(T0, ZoneOffset.UTC), new Formats(Clock.fixed(T0, ZoneOffset.UTC)), keptDrafts);
        chats = new ChatListViewModel("alice", conversation, scheduler);
        vm = new MainViewModel("alice", api, paced, connection, outbox, chats, conversation, Runnable::run, scheduler);
        vm.start();
        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
        conversation.open(chat(BOB_ROOM));
        int before = socket.sent(ClientFrame.Send.class).size();

        for (int n = 1; n <= 4; n++) {
            send("burst " + n);
        }
        List<ClientFrame.Send> burst = socket.sent(ClientFrame.Send.class);
        int atOnce = burst.size() - before;
        scheduler.advance(Duration.ofMillis(275)); // 250 and the margin
        int unanswered = socket.sent(ClientFrame.Send.class).size() - before;
        for (int i = before; i < burst.size(); i++) { // past the burst, the next goes after the answers
            ClientFrame.Send sent = burst.get(i);
            socket.receive(new ServerFrame.Ack(sent.clientId(), message(BOB_ROOM, 3 + i, "alice", sent.content(),
                    sent.clientId())));
        }
        int afterOneRefill = socket.sent(ClientFrame.Send.class).size() - before;

        assertThat(atOnce).isEqualTo(2);
        assertThat(unanswered).isEqualTo(2);
        assertThat(afterOneRefill).isEqualTo(3);
    }

    /** Types into the composer and presses Enter. */
    private void send(String text) {
        conversation.draftProperty().set(text);
        conversation.send();
    }

    /** Drafts "on disk": what the last save left. */
    private static final class KeptDrafts implements DraftStore {
        Map<UUID, String> saved = Map.of();

        @Override
        public Map<UUID, String> load() {
            return saved;
        }

        @Override
        public void save(Map<UUID, String> drafts) {
            saved = Map.copyOf(drafts);
        }
    }

    @Test
    void aDraftSurvivesSwitchingChats() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("see you at");
        conversation.open(chat(CAROL_ROOM));

        conversation.open(chat(BOB_ROOM));

        assertThat(conversation.draftProperty().get()).isEqualTo("see you at");
    }

    @Test
    void draftsSurviveARestartOfTheAppTheOpenChatsToo() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("see you at");
        conversation.open(chat(CAROL_ROOM));
        conversation.draftProperty().set("half typed");
        vm.stop();

        startApp();

        conversation.open(chat(BOB_ROOM));
        assertThat(conversation.draftProperty().get()).isEqualTo("see you at");
        conversation.open(chat(CAROL_ROOM));
        assertThat(conversation.draftProperty().get()).isEqualTo("half typed");
    }

    @Test
    void aSentDraftIsNotKept() {
        conversation.open(chat(BOB_ROOM));
        send("lunch?");
        vm.stop();

        startApp();

        conversation.open(chat(BOB_ROOM));
        assertThat(conversation.draftProperty().get()).isEmpty();
        assertThat(keptDrafts.saved).isEmpty();
    }

    @Test
    void signingOutForgetsTheDrafts() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("see you at");
        conversation.open(chat(CAROL_ROOM));

        vm.signOut();
        vm.stop();

        assertThat(keptDrafts.saved).isEmpty();
    }

    @Test
    void aChatLeftWithUnsentTextShowsItsDraftInTheListUntilTheDraftIsSent() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("see you\nat");
        assertThat(chat(BOB_ROOM).draftProperty().get()).as("not while the chat is open").isEmpty();

        conversation.open(chat(CAROL_ROOM));
        assertThat(chat(BOB_ROOM).draftProperty().get()).isEqualTo("see you\nat");
        assertThat(chat(CAROL_ROOM).draftProperty().get()).isEmpty();

        conversation.open(chat(BOB_ROOM));
        assertThat(chat(BOB_ROOM).draftProperty().get()).isEmpty();
        send("see you at eight");
        conversation.open(chat(CAROL_ROOM));
        assertThat(chat(BOB_ROOM).draftProperty().get()).isEmpty();
    }

    @Test
    void aClearedDraftNoLongerShowsInTheList() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("see you at");
        conversation.open(chat(CAROL_ROOM));
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("  ");

        conversation.open(chat(CAROL_ROOM));

        assertThat(chat(BOB_ROOM).draftProperty().get()).isEmpty();
    }

    @Test
    void draftsKeptFromTheLastRunShowInTheListAtOnceAndGoWhenSigningOut() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("see you at");
        conversation.open(chat(CAROL_ROOM));
        vm.stop();

        startApp();
        assertThat(chat(BOB_ROOM).draftProperty().get()).isEqualTo("see you at");
        vm.signOut();

        assertThat(chat(BOB_ROOM).draftProperty().get()).isEmpty();
    }

    @Test
    void aSentMessageShowsAClockUntilItsAckGivesItOneTick() {
        conversation.open(chat(BOB_ROOM));
        send("  lunch?  ");

        MessageItem pending = chat(BOB_ROOM).messages().getLast();
        ClientFrame.Send frame = socket.sent(ClientFrame.Send.class).getFirst();
        assertThat(pending.tick()).isEqualTo(Tick.PENDING);
        assertThat(frame.content()).isEqualTo("lunch?");
        assertThat(frame.clientId()).isEqualTo(pending.clientId());

        socket.receive(new ServerFrame.Ack(frame.clientId(), message(BOB_ROOM, 3, "alice", "lunch?", frame.clientId())));

        assertThat(pending.tick()).isEqualTo(Tick.SENT);
        assertThat(pending.seq()).isEqualTo(3);
        assertThat(chat(BOB_ROOM).messages()).extracting(MessageItem::seq).containsExactly(1L, 2L, 3L);
        assertThat(outbox.size()).isZero();
    }

    @Test
    void blockingTheOpenChatsPersonShowsTheNoticeAndStopsSending() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("one more thing");

        conversation.block();
        conversation.send();

        assertThat(api.calls).contains("block bob");
        assertThat(conversation.blockedProperty().get()).isTrue();
        assertThat(conversation.blockNoticeProperty().get()).isEqualTo("You blocked bob. Unblock to send a message.");
        assertThat(conversation.blockActionProperty().get()).isEqualTo("Unblock bob");
        assertThat(conversation.canSendProperty().get()).isFalse();
        assertThat(socket.sent(ClientFrame.Send.class)).isEmpty();
        assertThat(conversation.draftProperty().get()).isEqualTo("one more thing");
    }

    @Test
    void theBlockEntryAndItsNoticeNameThePersonByTheirDisplayName() {
        conversation.open(chat(BOB_ROOM));
        socket.receive(new ServerFrame.Profile("bob", "Bob Stone", null));
        String offered = conversation.blockActionProperty().get();

        conversation.block();

        assertThat(offered).isEqualTo("Block Bob Stone");
        assertThat(api.calls).contains("block bob");
        assertThat(conversation.blockActionProperty().get()).isEqualTo("Unblock Bob Stone");
        assertThat(conversation.blockNoticeProperty().get())
                .isEqualTo("You blocked Bob Stone. Unblock to send a message.");
    }

    @Test
    void unblockingLetsTheDraftBeSentAgain() {
        conversation.open(chat(BOB_ROOM));
        conversation.block();
        conversation.draftProperty().set("sorry");

        conversation.unblock();
        conversation.send();

        assertThat(api.calls).contains("unblock bob");
        assertThat(conversation.blockedProperty().get()).isFalse();
        assertThat(conversation.blockActionProperty().get()).isEqualTo("Block bob");
        assertThat(socket.sent(ClientFrame.Send.class)).extracting(ClientFrame.Send::content).containsExactly("sorry");
    }

    @Test
    void peopleBlockedBeforeTheAppStartedShowBlockedOnlyInTheirOwnChat() {
        api.blocked.add("bob");
        conversation.loadBlocked();

        conversation.open(chat(BOB_ROOM));
        boolean bobBlocked = conversation.blockedProperty().get();
        conversation.open(chat(CAROL_ROOM));

        assertThat(api.calls).contains("blocked");
        assertThat(bobBlocked).isTrue();
        assertThat(conversation.blockedProperty().get()).isFalse();
        assertThat(conversation.blockActionProperty().get()).isEqualTo("Block carol");
    }

    @Test
    void aProfileFrameRenamesTheChatAndShowsTheAboutInTheHeaderWithoutAReload() {
        conversation.open(chat(BOB_ROOM));
        socket.receive(new ServerFrame.Presence("bob", true, T0));

        socket.receive(new ServerFrame.Profile("bob", "Bob Builder", "Can we fix it?"));

        assertThat(chat(BOB_ROOM).name()).isEqualTo("Bob Builder");
        assertThat(conversation.titleProperty().get()).isEqualTo("Bob Builder");
        assertThat(conversation.subtitleProperty().get()).isEqualTo("online · Can we fix it?");
        assertThat(chat(BOB_ROOM).member("bob").shownName()).isEqualTo("Bob Builder");
        assertThat(chat(CAROL_ROOM).name()).isEqualTo("carol");

        socket.receive(new ServerFrame.Profile("bob", null, null));

        assertThat(chat(BOB_ROOM).name()).isEqualTo("bob");
        assertThat(conversation.subtitleProperty().get()).isEqualTo("online");
    }

    @Test
    void myProfileChangedOnAnotherDeviceRenamesMe() {
        socket.receive(new ServerFrame.Profile("alice", "Alice Liddell", null));

        assertThat(vm.profile().shownNameProperty().get()).isEqualTo("Alice Liddell");
    }

    @Test
    void aLostConnectionShowsNobodyOnlineUntilTheRoomsAreRefreshed() {
        conversation.open(chat(BOB_ROOM));
        socket.receive(new ServerFrame.Presence("bob", true, null));
        assertThat(conversation.subtitleProperty().get()).isEqualTo("online");

        socket.drop();

        assertThat(conversation.subtitleProperty().get()).isNotEqualTo("online");
        assertThat(chat(BOB_ROOM).member("bob").online()).isFalse();
    }

    @Test
    void aPresenceWithoutLastSeenHidesTheLastSeenShownBefore() {
        conversation.open(chat(BOB_ROOM));
        socket.receive(new ServerFrame.Presence("bob", false, T0.minusSeconds(60)));
        String before = conversation.subtitleProperty().get();

        socket.receive(new ServerFrame.Presence("bob", false, null)); // bob blocked alice, or she blocked him

        assertThat(before).isNotEmpty();
        assertThat(conversation.subtitleProperty().get()).isEmpty();
    }

    @Test
    void aSendRefusedByTheServerFailsWithItsReasonAsASentence() {
        conversation.open(chat(BOB_ROOM));
        send("are you there?");
        String clientId = socket.sent(ClientFrame.Send.class).getFirst().clientId();

        socket.receive(new ServerFrame.Error("forbidden", "you can't message this person", clientId));

        MessageItem refused = chat(BOB_ROOM).messages().getLast();
        assertThat(refused.tick()).isEqualTo(Tick.FAILED);
        assertThat(refused.failure()).isEqualTo("You can't message this person.");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void receiptsMoveTicksFromOneToTwoGreyToBlue() {
        conversation.open(chat(BOB_ROOM));
        send("seen it?");
        String clientId = socket.sent(ClientFrame.Send.class).getFirst().clientId();
        socket.receive(new ServerFrame.Ack(clientId, message(BOB_ROOM, 3, "alice", "seen it?", clientId)));
        MessageItem mine = chat(BOB_ROOM).messages().getLast();

        socket.receive(new ServerFrame.Receipt(BOB_ROOM, "bob", ServerFrame.ReceiptKind.DELIVERED, 3));
        Tick afterDelivered = mine.tick();
        socket.receive(new ServerFrame.Receipt(BOB_ROOM, "bob", ServerFrame.ReceiptKind.READ, 3));

        assertThat(afterDelivered).isEqualTo(Tick.DELIVERED);
        assertThat(mine.tick()).isEqualTo(Tick.READ);
    }

    @Test
    void watermarksFromTheRoomListTickMessagesLoadedLater() {
        conversation.open(chat(BOB_ROOM));

        MessageItem mine = chat(BOB_ROOM).messages().get(1);

        assertThat(mine.mine()).isTrue();
        assertThat(mine.tick()).isEqualTo(Tick.READ); // bob's read_seq is 2 in the room list
    }

    @Test
    void messagesInAChatThatIsNotShowingCountAsUnreadInTheTitleAndNotify() {
        conversation.open(chat(BOB_ROOM));

        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 1, "carol", "ping", "x1")));
        List<MainViewModel.Notice> afterOne = List.copyOf(notices);
        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 2, "carol", "pong", "x2")));

        assertThat(chat(CAROL_ROOM).unread()).isEqualTo(2);
        assertThat(chats.titleProperty().get()).isEqualTo("(2) Parley");
        assertThat(afterOne).containsExactly(new MainViewModel.Notice(chat(CAROL_ROOM), "carol", "ping", 1));
        assertThat(notices).containsExactly(new MainViewModel.Notice(chat(CAROL_ROOM), "carol", "2 new messages", 2));
        assertThat(socket.sent(ClientFrame.Read.class)).noneMatch(r -> r.roomUuid().equals(CAROL_ROOM));
    }

    @Test
    void noticesComeOnePerChatNewestFirstAndNeverForTheChatInFrontOfTheUser() {
        conversation.open(chat(BOB_ROOM));

        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 1, "carol", "one", "x1")));
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 3, "bob", "in front", "b3")));
        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 2, "carol", "two", "x2")));
        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 3, "carol", "three", "x3")));

        assertThat(notices).containsExactly(new MainViewModel.Notice(chat(CAROL_ROOM), "carol", "3 new messages", 3));
    }

    @Test
    void aChatsNoticeGoesWhenTheChatIsReadHereOrOnAnotherDevice() {
        conversation.open(chat(BOB_ROOM));
        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 1, "carol", "ping", "x1")));
        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 2, "carol", "pong", "x2")));

        socket.receive(new ServerFrame.Receipt(CAROL_ROOM, "alice", ServerFrame.ReceiptKind.READ, 2));
        List<MainViewModel.Notice> afterReadElsewhere = List.copyOf(notices);
        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 3, "carol", "again", "x3")));
        List<MainViewModel.Notice> afterAnother = List.copyOf(notices);
        conversation.open(chat(CAROL_ROOM));

        assertThat(afterReadElsewhere).isEmpty();
        assertThat(afterAnother).containsExactly(new MainViewModel.Notice(chat(CAROL_ROOM), "carol", "again", 1));
        assertThat(notices).isEmpty();
    }

    @Test
    void aMessageInTheShowingChatIsReadAtOnceButOnlyWhileTheWindowIsFocused() {
        conversation.open(chat(BOB_ROOM));
        conversation.windowFocusedProperty().set(false);

        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 3, "bob", "there?", "b3")));
        int unreadWhileAway = chat(BOB_ROOM).unread();
        List<ClientFrame.Read> readsWhileAway = socket.sent(ClientFrame.Read.class);
        conversation.windowFocusedProperty().set(true);

        assertThat(unreadWhileAway).isEqualTo(1);
        assertThat(readsWhileAway).noneMatch(r -> r.seq() == 3);
        assertThat(socket.sent(ClientFrame.Read.class).getLast()).isEqualTo(new ClientFrame.Read(BOB_ROOM, 3));
        assertThat(chat(BOB_ROOM).unread()).isZero();
        assertThat(chats.titleProperty().get()).isEqualTo("Parley");
    }

    @Test
    void messagesWrittenOfflineWaitInTheOutboxAndGoOutAfterTheSyncWithTheirClientIds() {
        conversation.open(chat(BOB_ROOM));
        socket.drop();
        send("first");
        send("second");
        List<String> clientIds = chat(BOB_ROOM).messages().stream().filter(MessageItem::pending)
                .map(MessageItem::clientId).toList();
        int sentWhileOffline = socket.sent(ClientFrame.Send.class).size();

        socket.open();
        int sentBeforeSynced = socket.sent(ClientFrame.Send.class).size();
        socket.receive(new ServerFrame.Synced(List.of()));

        assertThat(sentWhileOffline).isZero();
        assertThat(sentBeforeSynced).isZero();
        assertThat(vm.connectionProperty().get()).isEqualTo(ConnectionState.ONLINE);
        assertThat(socket.sent(ClientFrame.Send.class)).extracting(ClientFrame.Send::clientId)
                .containsExactlyElementsOf(clientIds);
        assertThat(outbox.size()).isEqualTo(2);
    }

    @Test
    void aDroppedConnectionSaysWhenItRetriesAndSaysConnectingWhenItDoes() {
        socket.drop();
        String offline = vm.connectionTextProperty().get();
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(offline).isEqualTo("Connection lost. Reconnecting in 2 s…");
        assertThat(vm.connectionProperty().get()).isEqualTo(ConnectionState.CONNECTING);
    }

    @Test
    void afterADropTheBannerStaysConnectingThenUpdatingUntilTheSyncHasCaughtUp() {
        boolean atStart = vm.connectionBannerProperty().get();
        socket.drop();
        List<Object> offline = List.of(vm.connectionBannerProperty().get(), vm.connectionTitleProperty().get());
        scheduler.advance(Duration.ofSeconds(2));
        List<Object> connecting = List.of(vm.connectionBannerProperty().get(), vm.connectionTitleProperty().get(),
                vm.connectionTextProperty().get());
        socket.open();
        List<Object> updating = List.of(vm.connectionBannerProperty().get(), vm.connectionTitleProperty().get(),
                vm.connectionTextProperty().get());

        socket.receive(new ServerFrame.Synced(List.of()));

        assertThat(atStart).isFalse(); // the first connection of a start says nothing unless it fails
        assertThat(offline).containsExactly(true, "Not connected");
        assertThat(connecting).containsExactly(true, "Connecting…", "");
        assertThat(updating).containsExactly(true, "Updating…", "");
        assertThat(vm.connectionBannerProperty().get()).isFalse();
    }

    @Test
    void reconnectingSyncsEveryRoomFromItsLastSeqAndShowsReplayedMessagesOnce() {
        conversation.open(chat(BOB_ROOM));
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 3, "bob", "before drop", "b3")));
        socket.drop();
        socket.sent.clear();

        socket.open();
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 3, "bob", "before drop", "b3")));
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 4, "bob", "while away", "b4")));
        socket.receive(new ServerFrame.Synced(List.of()));
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 4, "bob", "while away", "b4")));

        assertThat(socket.sent.getFirst()).isEqualTo(new ClientFrame.Sync(Map.of(BOB_ROOM, 3L, CAROL_ROOM, 0L)));
        assertThat(chat(BOB_ROOM).messages()).extracting(MessageItem::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(notices).isEmpty(); // the replay is not news to notify about
    }

    @Test
    void aReplayedCopyOfAMessageWhoseAckWasLostConfirmsItInsteadOfDuplicatingIt() {
        conversation.open(chat(BOB_ROOM));
        send("did it arrive?");
        String clientId = socket.sent(ClientFrame.Send.class).getFirst().clientId();
        socket.drop();

        socket.open();
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 3, "alice", "did it arrive?", clientId)));
        socket.receive(new ServerFrame.Synced(List.of()));

        assertThat(chat(BOB_ROOM).messages()).extracting(MessageItem::content)
                .containsExactly("hi alice", "hi bob", "did it arrive?");
        assertThat(chat(BOB_ROOM).messages().getLast().tick()).isEqualTo(Tick.SENT);
        assertThat(outbox.size()).isZero();
        assertThat(socket.sent(ClientFrame.Send.class)).hasSize(1); // not resent: the server has it
    }

    @Test
    void aRoomWhoseReplayWasCappedTakesItsListEntryAsTheServerHasItNow() {
        api.rooms.set(1, room(CAROL_ROOM, "carol", 2, 2, 0, 0, message(CAROL_ROOM, 2, "carol", "two", null)));
        socket.drop();
        socket.open();

        socket.receive(new ServerFrame.Synced(List.of(CAROL_ROOM)));

        assertThat(api.calls).contains("room " + CAROL_ROOM);
        assertThat(chat(CAROL_ROOM).lastSeq()).isEqualTo(2);
        assertThat(chat(CAROL_ROOM).unread()).isEqualTo(2);
        assertThat(chat(CAROL_ROOM).lastMessageProperty().get().content()).isEqualTo("two");
    }

    @Test
    void theOpenRoomWhoseReplayWasCappedReloadsItsNewestPageInsteadOfPagingOnFromWhereItWas() {
        conversation.open(chat(BOB_ROOM));
        send("still waiting for its ack");
        socket.drop();
        // Meanwhile bob edited "hi alice" (an update older messages get, which paging after seq 2 would miss).
        api.history.set(0, MessageActionsViewModelTest.edited(message(BOB_ROOM, 1, "bob", "hi alice!!", null)));
        api.history.add(message(BOB_ROOM, 4, "bob", "four", null));
        api.rooms.set(0, room(BOB_ROOM, "bob", 4, 1, 2, 2, message(BOB_ROOM, 4, "bob", "four", null)));
        api.calls.clear();
        socket.open();

        socket.receive(new ServerFrame.Synced(List.of(BOB_ROOM)));

        assertThat(api.calls).contains("before null", "room " + BOB_ROOM).noneMatch(c -> c.startsWith("after"));
        assertThat(chat(BOB_ROOM).messages()).extracting(MessageItem::content, MessageItem::edited)
                .containsExactly(tuple("hi alice!!", true), tuple("hi bob", false), tuple("four", false),
                        tuple("still waiting for its ack", false));
        assertThat(chat(BOB_ROOM).lastSeq()).isEqualTo(4);
    }

    @Test
    void aLiveMessageThatSkipsSeqsSyncsItsRoomFromTheLastSeqKnownAndTheReplayFillsTheHoleInOrder() {
        conversation.open(chat(BOB_ROOM));
        socket.sent.clear();

        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 4, "bob", "four", "b4")));
        List<ClientFrame.Sync> syncs = socket.sent(ClientFrame.Sync.class);
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 3, "bob", "three", "b3")));
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 4, "bob", "four", "b4")));
        socket.receive(new ServerFrame.Synced(List.of()));

        assertThat(syncs).containsExactly(new ClientFrame.Sync(Map.of(BOB_ROOM, 2L)));
        assertThat(chat(BOB_ROOM).messages()).extracting(MessageItem::seq).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aContiguousLiveMessageSyncsNothing() {
        socket.sent.clear();

        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 3, "bob", "three", "b3")));

        assertThat(socket.sent(ClientFrame.Sync.class)).isEmpty();
    }

    @Test
    void aGapIsSyncedOnceEvenWhenItsSyncReplaysNothing() {
        socket.sent.clear();

        // A group member added again skips the seqs of their absence: the sync replays nothing, and is not repeated.
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 5, "bob", "back", "b5")));
        socket.receive(new ServerFrame.Synced(List.of()));
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 6, "bob", "next", "b6")));

        assertThat(socket.sent(ClientFrame.Sync.class)).containsExactly(new ClientFrame.Sync(Map.of(BOB_ROOM, 2L)));
    }

    @Test
    void aSecondGapInTheRoomWhileItsSyncIsPendingSendsNoSecondSync() {
        socket.sent.clear();

        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 4, "bob", "four", "b4")));
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 6, "bob", "six", "b6")));

        assertThat(socket.sent(ClientFrame.Sync.class)).containsExactly(new ClientFrame.Sync(Map.of(BOB_ROOM, 2L)));
    }

    @Test
    void theAnswerToAGapSyncDoesNotSendTheOutboxAgain() {
        conversation.open(chat(BOB_ROOM));
        send("still waiting for its ack");

        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 4, "bob", "four", "b4")));
        socket.receive(new ServerFrame.Synced(List.of()));

        assertThat(socket.sent(ClientFrame.Send.class)).hasSize(1);
    }

    @Test
    void aGapSyncThatWasCappedTakesTheRoomAsTheServerHasItNow() {
        socket.sent.clear();
        api.rooms.set(1, room(CAROL_ROOM, "carol", 9, 9, 0, 0, message(CAROL_ROOM, 9, "carol", "nine", "x9")));

        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 9, "carol", "nine", "x9")));
        socket.receive(new ServerFrame.Synced(List.of(CAROL_ROOM)));

        assertThat(api.calls).contains("room " + CAROL_ROOM);
        assertThat(chat(CAROL_ROOM).lastSeq()).isEqualTo(9);
    }

    @Test
    void typingShowsForFiveSecondsUnlessRepeated() {
        socket.receive(new ServerFrame.Typing(BOB_ROOM, "bob"));
        scheduler.advance(Duration.ofSeconds(3));
        socket.receive(new ServerFrame.Typing(BOB_ROOM, "bob"));
        scheduler.advance(Duration.ofSeconds(3));
        boolean stillTyping = chat(BOB_ROOM).typingProperty().get();
        scheduler.advance(Duration.ofSeconds(3));

        assertThat(stillTyping).isTrue();
        assertThat(chat(BOB_ROOM).typingProperty().get()).isFalse();
    }

    @Test
    void presenceUpdatesThePeerOfEveryChatWithThem() {
        socket.receive(new ServerFrame.Presence("carol", true, null));

        assertThat(chat(CAROL_ROOM).peerOnlineProperty().get()).isTrue();
        assertThat(chat(BOB_ROOM).peerOnlineProperty().get()).isFalse();
    }

    @Test
    void theChatWithTheNewestMessageComesFirstAndTheFilterNarrowsTheList() {
        socket.receive(new ServerFrame.Message(message(CAROL_ROOM, 3, "carol", "newest", "x")));
        List<String> order = chats.chats().stream().map(ChatItem::peer).toList();
        chats.filterProperty().set("BO");

        assertThat(order).containsExactly("carol", "bob");
        assertThat(chats.chats()).extracting(ChatItem::peer).containsExactly("bob");
    }

    @Test
    void aFilterThatListsNothingSaysSoAndOffersANewChatOnlyWithSomeoneTheServerFinds() {
        api.people.addAll(List.of("dave", "daniel", "danny"));
        chats.filterProperty().set("car");
        String whileMatching = chats.noMatchesProperty().get();
        chats.filterProperty().set(" Dave ");
        String noDave = chats.noMatchesProperty().get();
        String suggestedDave = chats.suggestedNameProperty().get();
        chats.filterProperty().set("dan");
        String suggestedDan = chats.suggestedNameProperty().get();
        chats.filterProperty().set("zed");
        String suggestedZed = chats.suggestedNameProperty().get();
        chats.filterProperty().set("dave smith");

        assertThat(whileMatching).isEmpty();
        assertThat(noDave).isEqualTo("No chats match \"Dave\"");
        assertThat(suggestedDave).as("the user found, as the server spells the name").isEqualTo("dave");
        assertThat(suggestedDan).as("several found: New chat lists them").isEqualTo("dan");
        assertThat(suggestedZed).as("nobody is called that").isEmpty();
        assertThat(chats.noMatchesProperty().get()).isEqualTo("No chats match \"dave smith\"");
        assertThat(chats.suggestedNameProperty().get()).isEmpty(); // no username has a space
        assertThat(api.calls).contains("users dave", "users dan", "users zed").doesNotContain("users car");
    }

    @Test
    void upAndDownMoveThroughTheChatsInListOrder() {
        chats.selectNext();
        ChatItem first = conversation.chatProperty().get();
        chats.selectNext();
        ChatItem second = conversation.chatProperty().get();
        chats.selectPrevious();

        assertThat(List.of(first.peer(), second.peer(), conversation.chatProperty().get().peer()))
                .containsExactly("bob", "carol", "bob");
    }

    @Test
    void enterOpensTheFirstListedChatUnlessTheOpenOneIsListed() {
        conversation.open(chat(CAROL_ROOM));
        boolean keptCarol = chats.openListed() && conversation.chatProperty().get() == chat(CAROL_ROOM);
        chats.filterProperty().set("bo");

        boolean opened = chats.openListed();

        assertThat(keptCarol).isTrue();
        assertThat(opened).isTrue();
        assertThat(conversation.chatProperty().get()).isSameAs(chat(BOB_ROOM));
        chats.filterProperty().set("nobody");
        assertThat(chats.openListed()).isFalse();
    }

    @Test
    void aRefusedSendIsMarkedFailedAndLeavesTheOutbox() {
        conversation.open(chat(BOB_ROOM));
        send("x".repeat(10));
        String clientId = socket.sent(ClientFrame.Send.class).getFirst().clientId();

        socket.receive(new ServerFrame.Error("validation", "content too long", clientId));

        assertThat(chat(BOB_ROOM).messages().getLast().tick()).isEqualTo(Tick.FAILED);
        assertThat(outbox.size()).isZero();
    }

    @Test
    void rateLimitedSendsStayPendingAndGoAgainInOrderOnceTheServersHintHasPassed() {
        conversation.open(chat(BOB_ROOM));
        send("first");
        send("second");
        List<String> clientIds = socket.sent(ClientFrame.Send.class).stream().map(ClientFrame.Send::clientId).toList();

        socket.receive(new ServerFrame.Error("rate_limited", "sending too fast", clientIds.get(0), 150L));
        socket.receive(new ServerFrame.Error("rate_limited", "sending too fast", clientIds.get(1), 150L));
        scheduler.advance(Duration.ofMillis(149));
        int resentEarly = socket.sent(ClientFrame.Send.class).size() - 2;
        scheduler.advance(Duration.ofMillis(1));

        assertThat(resentEarly).isZero();
        assertThat(socket.sent(ClientFrame.Send.class)).extracting(ClientFrame.Send::clientId)
                .containsExactly(clientIds.get(0), clientIds.get(1), clientIds.get(0), clientIds.get(1));
        assertThat(chat(BOB_ROOM).messages()).noneMatch(m -> m.tick() == Tick.FAILED);
        assertThat(outbox.size()).isEqualTo(2);
    }

    @Test
    void aFrameIgnoredPastTheConnectionsFrameLimitSaysNotWhichSoEverySendStillWaitingGoesAgainAfterTheHint() {
        conversation.open(chat(BOB_ROOM));
        send("first");
        send("second");
        List<String> clientIds = socket.sent(ClientFrame.Send.class).stream().map(ClientFrame.Send::clientId).toList();
        socket.receive(new ServerFrame.Ack(clientIds.get(0), message(BOB_ROOM, 3, "alice", "first", clientIds.get(0))));

        // The server ignored a frame unread (too many frames): its error names no client id.
        socket.receive(new ServerFrame.Error("rate_limited", "too many frames; this one was ignored", null, 50L));
        scheduler.advance(Duration.ofMillis(49));
        int resentEarly = socket.sent(ClientFrame.Send.class).size() - 2;
        scheduler.advance(Duration.ofMillis(1));

        assertThat(resentEarly).isZero();
        assertThat(socket.sent(ClientFrame.Send.class)).extracting(ClientFrame.Send::clientId)
                .containsExactly(clientIds.get(0), clientIds.get(1), clientIds.get(1));
        assertThat(chat(BOB_ROOM).messages()).noneMatch(m -> m.tick() == Tick.FAILED);
    }

    @Test
    void olderHistoryIsPrependedWhenAsked() {
        api.history.clear();
        for (int seq = 1; seq <= 60; seq++) {
            api.history.add(message(BOB_ROOM, seq, "bob", "m" + seq, null));
        }
        conversation.open(chat(BOB_ROOM));
        int firstPage = chat(BOB_ROOM).messages().size();

        conversation.loadOlder();

        assertThat(firstPage).isEqualTo(HistoryLoader.PAGE);
        assertThat(chat(BOB_ROOM).messages()).extracting(MessageItem::seq)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(chat(BOB_ROOM).hasOlderProperty().get()).isFalse();
    }

    static RoomView room(UUID uuid, String peer, long lastSeq, long unread, long peerDelivered, long peerRead,
                         MessageView last) {
        return new RoomView(uuid, List.of("alice", peer), "alice & " + peer, T0.minusSeconds(3600), lastSeq, unread,
                last, List.of(new MemberView("alice", true, null, lastSeq, lastSeq),
                new MemberView(peer, false, T0.minusSeconds(60), peerDelivered, peerRead)));
    }

    static MessageView message(UUID room, long seq, String user, String content, String clientId) {
        return new MessageView(UUID.nameUUIDFromBytes((room + "/" + seq).getBytes()), content, "room", room, user,
                T0.plusSeconds(seq), seq, clientId);
    }
}

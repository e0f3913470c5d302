package dev.parley.desktop.chat;

import static dev.parley.desktop.chat.MainViewModelTest.message;
import static dev.parley.desktop.chat.MainViewModelTest.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.desktop.common.Formats;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.EventView;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.MessageView.Quote;
import dev.parley.protocol.MessageView.Reaction;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reply, edit, delete for everyone and reactions in the signed-in window's ViewModels, wired as the app wires them,
 * without a toolkit: Alice talks with Bob, and is an admin of the group "Trip" (Bob owns it, Carol is in it). Update
 * frames change messages, quotes and previews; the menu offers what the server's rules allow; actions go through the
 * outbox like sends.
 */
class MessageActionsViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final UUID BOB_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID TRIP = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID LONG_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    private final FakeChatApi api = new FakeChatApi();
    private final FakeConnection socket = new FakeConnection();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Outbox<MessageItem> outbox = new Outbox<>();
    private final MovableClock clock = new MovableClock(T0.plusSeconds(10));
    private ConversationViewModel conversation;
    private ChatListViewModel chats;
    private MainViewModel vm;
    private List<MainViewModel.Notice> notices;

    @BeforeEach
    void startSignedInAsAlice() {
        api.rooms.add(room(BOB_ROOM, "bob", 2, 0, 2, 2, message(BOB_ROOM, 2, "alice", "hi bob", "c-0")));
        api.rooms.add(GroupChatViewModelTest.group(TRIP, "Trip", 3, 0, true, trip(3, "bob", "I do"),
                GroupChatViewModelTest.member("alice", "admin", 1, 3, 3),
                GroupChatViewModelTest.member("bob", "owner", 1, 3, 3),
                GroupChatViewModelTest.member("carol", "member", 1, 3, 3)));
        api.history.add(message(BOB_ROOM, 1, "bob", "hi alice", null));
        api.history.add(message(BOB_ROOM, 2, "alice", "hi bob", "c-0"));
        api.history.add(GroupChatViewModelTest.event(1, "bob", EventView.CREATED, List.of("alice", "carol"), "Trip",
                null));
        api.history.add(trip(2, "carol", "who brings the tent?"));
        api.history.add(trip(3, "bob", "I do"));
        startApp();
    }

    private void startApp() {
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        conversation = new ConversationViewModel("alice", api, socket, connection, outbox, Runnable::run,
                scheduler, clock, new Formats(clock));
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

    private MessageItem shown(UUID room, long seq) {
        return chat(room).messages().stream().filter(m -> m.seq() == seq).findFirst().orElseThrow();
    }

    private ClientFrame last() {
        return socket.sent.getLast();
    }

    // --- update frames ---

    @Test
    void anEditUpdateReplacesTheMessageTextAndMarksItEdited() {
        conversation.open(chat(BOB_ROOM));

        socket.receive(update(BOB_ROOM, 3, "edit", "bob", edited(message(BOB_ROOM, 1, "bob", "hi alice!", null))));

        assertThat(shown(BOB_ROOM, 1)).extracting(MessageItem::content, MessageItem::edited)
                .containsExactly("hi alice!", true);
    }

    @Test
    void whenTheStateChangesTheTextIsAlreadyTheNewOne() {
        conversation.open(chat(BOB_ROOM));
        MessageItem hi = shown(BOB_ROOM, 1);
        List<String> seen = new java.util.ArrayList<>();
        hi.stateProperty().addListener(obs -> seen.add(hi.content()));

        socket.receive(update(BOB_ROOM, 3, "edit", "bob", edited(message(BOB_ROOM, 1, "bob", "hi alice!", null))));

        assertThat(seen).containsExactly("hi alice!");
    }

    @Test
    void aDeletedMessageIsATombstoneWordedForTheReaderWithoutReactions() {
        conversation.open(chat(BOB_ROOM));
        socket.receive(update(BOB_ROOM, 3, "react", "alice", with(message(BOB_ROOM, 1, "bob", "hi alice", null),
                List.of(new Reaction("👍", 1, List.of("alice"))))));

        socket.receive(update(BOB_ROOM, 4, "delete", "bob", deleted(message(BOB_ROOM, 1, "bob", "hi alice", null))));
        socket.receive(update(BOB_ROOM, 5, "delete", "alice", deleted(message(BOB_ROOM, 2, "alice", "hi bob", "c-0"))));

        assertThat(chat(BOB_ROOM).messages()).extracting(MessageItem::content, MessageItem::deleted,
                        MessageItem::reactions)
                .containsExactly(tuple("This message was deleted", true, List.of()),
                        tuple("You deleted this message", true, List.of()));
    }

    @Test
    void aMessageDeletedByAGroupAdminSaysWhoDeletedItEvenToItsAuthor() {
        api.history.add(trip(4, "alice", "my tent is tiny"));
        conversation.open(chat(TRIP));

        socket.receive(update(TRIP, 5, "delete", "bob", deletedBy(trip(4, "alice", "my tent is tiny"), "bob")));
        socket.receive(update(TRIP, 6, "delete", "bob", deletedBy(trip(2, "carol", "who brings the tent?"), "bob")));
        socket.receive(update(TRIP, 7, "delete", "alice", deletedBy(trip(3, "bob", "I do"), "alice")));

        assertThat(chat(TRIP).messages()).filteredOn(m -> !m.event()).extracting(MessageItem::content)
                .containsExactly("This message was deleted by bob", "You deleted this message",
                        "This message was deleted by bob");
    }

    @Test
    void theChatListSaysWhoDeletedTheLastMessage() {
        socket.receive(update(TRIP, 4, "delete", "alice", deletedBy(trip(3, "bob", "I do"), "alice")));
        String byMe = chat(TRIP).lastMessageProperty().get().content();
        socket.receive(new ServerFrame.Message(trip(5, "alice", "sorry, wrong chat")));
        socket.receive(update(TRIP, 6, "delete", "bob", deletedBy(trip(5, "alice", "sorry, wrong chat"), "bob")));

        assertThat(byMe).isEqualTo("You deleted this message");
        assertThat(chat(TRIP).lastMessageProperty().get().content()).isEqualTo("This message was deleted by bob");
    }

    @Test
    void aTombstoneThatDoesNotSayWhoDeletedItClaimsNobody() {
        conversation.open(chat(BOB_ROOM));

        socket.receive(update(BOB_ROOM, 3, "delete", "alice",
                deletedBy(message(BOB_ROOM, 2, "alice", "hi bob", "c-0"), null))); // an older server's view

        assertThat(shown(BOB_ROOM, 2).content()).isEqualTo("This message was deleted");
    }

    @Test
    void reactionsShowGroupedByEmojiWithCountsAndWho() {
        conversation.open(chat(TRIP));
        List<Reaction> reactions = List.of(new Reaction("👍", 2, List.of("bob", "alice")),
                new Reaction("❤️", 1, List.of("carol")));

        socket.receive(update(TRIP, 4, "react", "carol", with(trip(2, "carol", "who brings the tent?"), reactions)));

        assertThat(shown(TRIP, 2).reactions()).isEqualTo(reactions);
        assertThat(conversation.myReaction(shown(TRIP, 2))).isEqualTo("👍");
    }

    @Test
    void anOlderOrRepeatedUpdateChangesNothing() {
        conversation.open(chat(BOB_ROOM));
        MessageView hi = message(BOB_ROOM, 1, "bob", "hi alice", null);
        socket.receive(update(BOB_ROOM, 5, "edit", "bob", edited(text(hi, "second"))));

        socket.receive(update(BOB_ROOM, 4, "edit", "bob", edited(text(hi, "first")))); // out of order
        socket.receive(update(BOB_ROOM, 5, "edit", "bob", edited(text(hi, "second")))); // again

        assertThat(shown(BOB_ROOM, 1).content()).isEqualTo("second");
        assertThat(chat(BOB_ROOM).lastSeq()).isEqualTo(5);
    }

    @Test
    void quotesOfLoadedRepliesFollowTheOriginalsEditAndDelete() {
        MessageView tent = trip(2, "carol", "who brings the tent?");
        MessageView reply = quoting(trip(4, "bob", "me!"), new Quote(2, "carol", "who brings the tent?", false));
        MessageView hidden = quoting(trip(5, "dave", "and me"), new Quote(2, "carol", null, false));
        api.history.add(reply);
        api.history.add(hidden);
        conversation.open(chat(TRIP));

        socket.receive(update(TRIP, 6, "edit", "carol", edited(text(tent, "who brings the big tent?"))));
        Quote afterEdit = shown(TRIP, 4).quote();
        socket.receive(update(TRIP, 7, "delete", "carol", deleted(tent)));

        assertThat(afterEdit).isEqualTo(new Quote(2, "carol", "who brings the big tent?", false));
        assertThat(shown(TRIP, 4).quote()).isEqualTo(new Quote(2, "carol", "", true));
        assertThat(shown(TRIP, 5).quote()).isEqualTo(new Quote(2, "carol", null, true)); // still not for dave's eyes
    }

    @Test
    void aQuoteCarriesTheFirst200CharactersOfTheEditedText() {
        MessageView tent = trip(2, "carol", "short");
        api.history.add(quoting(trip(4, "bob", "me!"), new Quote(2, "carol", "short", false)));
        conversation.open(chat(TRIP));

        socket.receive(update(TRIP, 5, "edit", "carol", edited(text(tent, "x".repeat(250)))));

        assertThat(shown(TRIP, 4).quote().content()).isEqualTo("x".repeat(200));
    }

    @Test
    void anUpdateOfTheLastMessageChangesThePreviewButIsNeverUnreadNeverMovesTheChatAndNeverNotifies() {
        ChatItem trip = chat(TRIP);
        var activity = trip.lastActivityProperty().get();

        socket.receive(update(TRIP, 4, "edit", "bob", edited(trip(3, "bob", "I do, a big one"))));
        String afterEdit = trip.lastMessageProperty().get().content();
        socket.receive(update(TRIP, 5, "react", "bob", with(trip(3, "bob", "I do, a big one"),
                List.of(new Reaction("🎉", 1, List.of("bob"))))));
        socket.receive(update(TRIP, 6, "delete", "bob", deleted(trip(3, "bob", "I do"))));

        assertThat(afterEdit).isEqualTo("I do, a big one");
        assertThat(trip.lastMessageProperty().get().content()).isEqualTo("This message was deleted");
        assertThat(trip.unread()).isZero();
        assertThat(trip.lastActivityProperty().get()).isEqualTo(activity);
        assertThat(notices).isEmpty();
    }

    @Test
    void myDeletedLastMessageSaysSoInThePreview() {
        socket.receive(update(BOB_ROOM, 3, "delete", "alice", deleted(message(BOB_ROOM, 2, "alice", "hi bob", "c-0"))));

        assertThat(chat(BOB_ROOM).lastMessageProperty().get().content()).isEqualTo("You deleted this message");
    }

    @Test
    void updatesMoveTheSyncPositionSoTheNextMessageIsNoGapAndAReconnectResumesAfterThem() {
        socket.sent.clear();

        socket.receive(update(BOB_ROOM, 3, "react", "bob", with(message(BOB_ROOM, 2, "alice", "hi bob", "c-0"),
                List.of(new Reaction("❤️", 1, List.of("bob"))))));
        socket.receive(new ServerFrame.Message(message(BOB_ROOM, 4, "bob", "see you", "b4")));
        socket.drop();
        socket.open();

        assertThat(socket.sent(ClientFrame.Sync.class)).containsExactly(
                new ClientFrame.Sync(Map.of(BOB_ROOM, 4L, TRIP, 3L)));
    }

    @Test
    void aLiveUpdateThatSkipsSeqsSyncsItsRoom() {
        socket.sent.clear();

        socket.receive(update(BOB_ROOM, 5, "edit", "bob", edited(message(BOB_ROOM, 1, "bob", "hi", null))));

        assertThat(socket.sent(ClientFrame.Sync.class)).containsExactly(new ClientFrame.Sync(Map.of(BOB_ROOM, 2L)));
    }

    @Test
    void anUpdateThatCameWhileTheHistoryWasOnItsWayIsNotUndoneByIt() {
        socket.receive(update(BOB_ROOM, 3, "edit", "bob", edited(message(BOB_ROOM, 1, "bob", "hi alice!", null))));

        conversation.open(chat(BOB_ROOM)); // the page still has the text as it was

        assertThat(shown(BOB_ROOM, 1).content()).isEqualTo("hi alice!");
    }

    // --- what the menu offers ---

    @Test
    void onSomeoneElsesMessageInADirectChatReplyAndReactButNeitherEditNorDelete() {
        conversation.open(chat(BOB_ROOM));
        MessageItem bobs = shown(BOB_ROOM, 1);

        assertThat(List.of(conversation.canReply(bobs), conversation.canReact(bobs), conversation.canEdit(bobs),
                conversation.canDelete(bobs))).containsExactly(true, true, false, false);
    }

    @Test
    void myMessageIsEditableForFifteenMinutesAndDeletableForTwoDays() {
        conversation.open(chat(BOB_ROOM));
        MessageItem mine = shown(BOB_ROOM, 2);
        boolean editableAtFirst = conversation.canEdit(mine);

        clock.advance(Duration.ofMinutes(15));
        boolean editableAfter15 = conversation.canEdit(mine);
        boolean deletableAfter15 = conversation.canDelete(mine);
        clock.advance(Duration.ofHours(48));

        assertThat(List.of(editableAtFirst, editableAfter15, deletableAfter15, conversation.canDelete(mine)))
                .containsExactly(true, false, true, false);
    }

    @Test
    void theWindowsAreTheServers() {
        api.limits = new LimitsView(60, 120, 4096, 1024);
        api.calls.clear();
        startApp();
        conversation.open(chat(BOB_ROOM));
        MessageItem mine = shown(BOB_ROOM, 2);

        clock.advance(Duration.ofMinutes(1));
        boolean editable = conversation.canEdit(mine);
        boolean deletable = conversation.canDelete(mine);
        clock.advance(Duration.ofMinutes(1));

        assertThat(api.calls).containsOnlyOnce("limits");
        assertThat(List.of(editable, deletable, conversation.canDelete(mine))).containsExactly(false, true, false);
    }

    @Test
    void withoutTheServersLimitsItsDefaultsApply() {
        api.limits = null;
        startApp();
        conversation.open(chat(BOB_ROOM));
        clock.advance(Duration.ofMinutes(14));

        assertThat(conversation.canEdit(shown(BOB_ROOM, 2))).isTrue();
    }

    @Test
    void aGroupAdminMayDeleteAnyonesMessageAtAnyTimeButEditOnlyTheirOwn() {
        conversation.open(chat(TRIP));
        clock.advance(Duration.ofDays(30));

        assertThat(List.of(conversation.canDelete(shown(TRIP, 2)), conversation.canEdit(shown(TRIP, 2))))
                .containsExactly(true, false);
    }

    @Test
    void aPlainMemberMayDeleteOnlyTheirOwn() {
        api.rooms.set(1, GroupChatViewModelTest.group(TRIP, "Trip", 3, 0, true, trip(3, "bob", "I do"),
                GroupChatViewModelTest.member("alice", "member", 1, 3, 3),
                GroupChatViewModelTest.member("bob", "owner", 1, 3, 3)));
        startApp();
        conversation.open(chat(TRIP));

        assertThat(conversation.canDelete(shown(TRIP, 3))).isFalse();
    }

    @Test
    void eventsDeletedMessagesAndPendingOnesOfferNoAction() {
        conversation.open(chat(TRIP));
        socket.receive(update(TRIP, 4, "delete", "carol", deleted(trip(2, "carol", "who brings the tent?"))));
        conversation.draftProperty().set("on its way");
        conversation.send();

        for (MessageItem item : List.of(shown(TRIP, 1), shown(TRIP, 2), chat(TRIP).messages().getLast())) {
            assertThat(List.of(conversation.canReply(item), conversation.canReact(item), conversation.canEdit(item),
                    conversation.canDelete(item))).as(item.content()).containsOnly(false);
        }
    }

    @Test
    void myDeletedMessageInAGroupOffersNoMessageInfo() {
        api.history.add(trip(4, "alice", "oops"));
        conversation.open(chat(TRIP));
        boolean before = conversation.hasInfo(shown(TRIP, 4));

        socket.receive(update(TRIP, 5, "delete", "alice", deleted(trip(4, "alice", "oops"))));

        assertThat(List.of(before, conversation.hasInfo(shown(TRIP, 4)))).containsExactly(true, false);
    }

    @Test
    void aFormerMemberHasNoActions() {
        conversation.open(chat(TRIP));
        socket.receive(new ServerFrame.Message(GroupChatViewModelTest.event(4, "bob", EventView.REMOVED,
                List.of("alice"), null, null)));

        MessageItem tent = shown(TRIP, 2);
        assertThat(List.of(conversation.canReply(tent), conversation.canDelete(tent))).containsOnly(false);
    }

    @Test
    void inABlockedChatOnlyDeletingIsLeft() {
        conversation.open(chat(BOB_ROOM));
        conversation.block();
        MessageItem mine = shown(BOB_ROOM, 2);

        assertThat(List.of(conversation.canReply(mine), conversation.canReact(mine), conversation.canEdit(mine),
                conversation.canDelete(mine))).containsExactly(false, false, false, true);
    }

    // --- doing them ---

    @Test
    void editingPutsTheTextInTheComposerAndEnterSendsAnEditWhileTheDraftComesBack() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("half a thought");
        MessageItem mine = shown(BOB_ROOM, 2);

        conversation.edit(mine);
        var during = List.of(conversation.draftProperty().get(), conversation.composerModeProperty().get(),
                conversation.composerTitleProperty().get(), conversation.composerQuoteProperty().get());
        conversation.draftProperty().set("hi bob, how are you?");
        conversation.send();

        assertThat(during).containsExactly("hi bob", ComposerMode.EDIT, "Edit message",
                "hi bob");
        ClientFrame.Edit edit = (ClientFrame.Edit) last();
        assertThat(edit).isEqualTo(new ClientFrame.Edit(BOB_ROOM, 2, "hi bob, how are you?", edit.clientId()));
        assertThat(mine).extracting(MessageItem::content, MessageItem::edited)
                .containsExactly("hi bob, how are you?", true); // shown at once
        assertThat(conversation.composerModeProperty().get()).isEqualTo(ComposerMode.WRITE);
        assertThat(conversation.draftProperty().get()).isEqualTo("half a thought");
        assertThat(socket.sent(ClientFrame.Send.class)).isEmpty();
    }

    @Test
    void anEditStaysShownThroughItsAckAndTheUpdate() {
        conversation.open(chat(BOB_ROOM));
        MessageItem mine = shown(BOB_ROOM, 2);
        conversation.edit(mine);
        conversation.draftProperty().set("hi bob!");
        conversation.send();
        String clientId = ((ClientFrame.Edit) last()).clientId();
        MessageView stored = edited(message(BOB_ROOM, 2, "alice", "hi bob!", "c-0"));

        socket.receive(new ServerFrame.Ack(clientId, stored));
        String afterAck = mine.content();
        socket.receive(update(BOB_ROOM, 3, "edit", "alice", stored));

        assertThat(afterAck).isEqualTo("hi bob!");
        assertThat(mine).extracting(MessageItem::content, MessageItem::edited, MessageItem::actionPending)
                .containsExactly("hi bob!", true, false);
        assertThat(outbox.size()).isZero();
    }

    @Test
    void escCancelsAnEditAndTheDraftComesBack() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("half a thought");
        conversation.edit(shown(BOB_ROOM, 2));
        conversation.draftProperty().set("never mind");

        boolean cancelled = conversation.cancelComposerMode();

        assertThat(cancelled).isTrue();
        assertThat(conversation.draftProperty().get()).isEqualTo("half a thought");
        assertThat(socket.sent(ClientFrame.Edit.class)).isEmpty();
        assertThat(conversation.cancelComposerMode()).isFalse(); // nothing left to cancel: Esc goes on elsewhere
    }

    @Test
    void savingAnEditUnchangedSendsNothing() {
        conversation.open(chat(BOB_ROOM));
        conversation.edit(shown(BOB_ROOM, 2));

        conversation.send();

        assertThat(socket.sent(ClientFrame.Edit.class)).isEmpty();
        assertThat(conversation.composerModeProperty().get()).isEqualTo(ComposerMode.WRITE);
    }

    @Test
    void upInAnEmptyComposerEditsMyNewestEditableMessage() {
        conversation.open(chat(TRIP));
        boolean withNoneOfMine = conversation.editLast();
        conversation.draftProperty().set("first");
        conversation.send();
        socket.receive(new ServerFrame.Ack(socket.sent(ClientFrame.Send.class).getLast().clientId(),
                trip(4, "alice", "first")));

        boolean editing = conversation.editLast();

        assertThat(withNoneOfMine).isFalse();
        assertThat(editing).isTrue();
        assertThat(conversation.composerTargetProperty().get()).isSameAs(shown(TRIP, 4));
        assertThat(conversation.draftProperty().get()).isEqualTo("first");
    }

    @Test
    void anEditEndsWhenAnotherChatOpensAndItsTextIsNotKeptAsADraft() {
        conversation.open(chat(BOB_ROOM));
        conversation.edit(shown(BOB_ROOM, 2));

        conversation.open(chat(TRIP));
        conversation.open(chat(BOB_ROOM));

        assertThat(conversation.draftProperty().get()).isEmpty();
        assertThat(conversation.composerModeProperty().get()).isEqualTo(ComposerMode.WRITE);
    }

    @Test
    void aReplyGoesOutWithReplyToAndShowsItsQuoteAtOnce() {
        conversation.open(chat(TRIP));
        conversation.reply(shown(TRIP, 2));
        var bar = List.of(conversation.composerModeProperty().get(), conversation.composerTitleProperty().get(),
                conversation.composerQuoteProperty().get());

        conversation.draftProperty().set("I'll bring mine");
        conversation.send();

        assertThat(bar).containsExactly(ComposerMode.REPLY, "carol", "who brings the tent?");
        ClientFrame.Send send = socket.sent(ClientFrame.Send.class).getLast();
        assertThat(send).isEqualTo(new ClientFrame.Send(TRIP, "I'll bring mine", send.clientId(), 2L));
        assertThat(chat(TRIP).messages().getLast().quote())
                .isEqualTo(new Quote(2, "carol", "who brings the tent?", false));
        assertThat(conversation.composerModeProperty().get()).isEqualTo(ComposerMode.WRITE);
    }

    @Test
    void replyingToMyOwnMessageSaysYouAndEscCancelsIt() {
        conversation.open(chat(BOB_ROOM));
        conversation.reply(shown(BOB_ROOM, 2));
        String title = conversation.composerTitleProperty().get();

        conversation.cancelComposerMode();
        conversation.draftProperty().set("plain");
        conversation.send();

        assertThat(title).isEqualTo("You");
        assertThat(socket.sent(ClientFrame.Send.class).getLast().replyTo()).isNull();
    }

    @Test
    void aReplyToAMessageThatGetsDeletedMeanwhileEnds() {
        conversation.open(chat(TRIP));
        conversation.reply(shown(TRIP, 2));

        socket.receive(update(TRIP, 4, "delete", "carol", deleted(trip(2, "carol", "who brings the tent?"))));

        assertThat(conversation.composerModeProperty().get()).isEqualTo(ComposerMode.WRITE);
    }

    @Test
    void reactingShowsAtOnceAndTheSameEmojiAgainTakesItBack() {
        conversation.open(chat(BOB_ROOM));
        MessageItem bobs = shown(BOB_ROOM, 1);

        conversation.react(bobs, "😂");
        List<Reaction> shownAtOnce = bobs.reactions();
        conversation.react(bobs, "😂");

        assertThat(shownAtOnce).containsExactly(new Reaction("😂", 1, List.of("alice")));
        assertThat(socket.sent(ClientFrame.React.class)).extracting(ClientFrame.React::seq, ClientFrame.React::emoji)
                .containsExactly(tuple(1L, "😂"), tuple(1L, null));
        assertThat(bobs.reactions()).isEmpty();
    }

    @Test
    void clickingSomeoneElsesReactionMakesItMineAndClickingMineRemovesIt() {
        conversation.open(chat(TRIP));
        socket.receive(update(TRIP, 4, "react", "carol", with(trip(3, "bob", "I do"),
                List.of(new Reaction("👍", 1, List.of("carol")), new Reaction("❤️", 1, List.of("alice"))))));
        MessageItem bobs = shown(TRIP, 3);

        conversation.toggleReaction(bobs, "👍");
        List<Reaction> afterThumbs = bobs.reactions();
        conversation.toggleReaction(bobs, "👍");

        assertThat(afterThumbs).containsExactly(new Reaction("👍", 2, List.of("carol", "alice")));
        assertThat(bobs.reactions()).containsExactly(new Reaction("👍", 1, List.of("carol")));
    }

    @Test
    void deletingSendsADeleteAndShowsTheTombstoneAtOnce() {
        conversation.open(chat(BOB_ROOM));
        MessageItem mine = shown(BOB_ROOM, 2);

        conversation.delete(mine);

        ClientFrame.Delete delete = (ClientFrame.Delete) last();
        assertThat(delete).isEqualTo(new ClientFrame.Delete(BOB_ROOM, 2, delete.clientId()));
        assertThat(mine).extracting(MessageItem::content, MessageItem::deleted)
                .containsExactly("You deleted this message", true);
    }

    @Test
    void actionsMadeOfflineWaitAndGoOutAfterTheSyncInOrderWithTheirClientIds() {
        conversation.open(chat(BOB_ROOM));
        socket.drop();
        conversation.react(shown(BOB_ROOM, 1), "👍");
        conversation.reply(shown(BOB_ROOM, 1));
        conversation.draftProperty().set("sure");
        conversation.send();
        conversation.edit(shown(BOB_ROOM, 2));
        conversation.draftProperty().set("hi bob :)");
        conversation.send();
        List<ClientFrame> queued = outbox.frames();
        socket.sent.clear();

        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));

        assertThat(queued).hasSize(3);
        assertThat(socket.sent).containsSubsequence(queued);
        assertThat(queued.get(0)).isInstanceOf(ClientFrame.React.class);
        assertThat(((ClientFrame.Send) queued.get(1)).replyTo()).isEqualTo(1L);
        assertThat(queued.get(2)).isInstanceOf(ClientFrame.Edit.class);
        assertThat(shown(BOB_ROOM, 2).content()).isEqualTo("hi bob :)"); // shown while waiting
    }

    @Test
    void aMessageShowsTheClockWhileAnActionOnItWaitsAndItsTicksOnceTheServerHasIt() {
        conversation.open(chat(BOB_ROOM));
        MessageItem mine = shown(BOB_ROOM, 2);
        MessageItem bobs = shown(BOB_ROOM, 1);
        Tick before = mine.shownTick();
        socket.drop();
        conversation.edit(mine);
        conversation.draftProperty().set("hi bob :)");
        conversation.send();
        conversation.react(bobs, "👍");
        Tick editWaits = mine.shownTick();
        Tick reactionWaits = bobs.shownTick();
        Tick previewWaits = chat(BOB_ROOM).lastMessageProperty().get().shownTick();

        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
        Tick stillWaiting = mine.shownTick();
        ClientFrame.Edit edit = socket.sent(ClientFrame.Edit.class).getFirst();
        ClientFrame.React react = socket.sent(ClientFrame.React.class).getFirst();
        socket.receive(new ServerFrame.Ack(edit.clientId(), edited(message(BOB_ROOM, 2, "alice", "hi bob :)", "c-0"))));
        socket.receive(new ServerFrame.Ack(react.clientId(), with(message(BOB_ROOM, 1, "bob", "hi alice", null),
                List.of(new Reaction("👍", 1, List.of("alice"))))));

        assertThat(before).isEqualTo(Tick.READ);
        assertThat(List.of(editWaits, reactionWaits, previewWaits, stillWaiting)).containsOnly(Tick.PENDING);
        assertThat(mine).extracting(MessageItem::content, MessageItem::edited, MessageItem::shownTick)
                .containsExactly("hi bob :)", true, Tick.READ);
        assertThat(bobs.shownTick()).isEqualTo(Tick.NONE); // someone else's message has no ticks
    }

    @Test
    void aTombstoneShowsTheClockUntilTheDeleteIsStoredThenNoTicks() {
        conversation.open(chat(BOB_ROOM));
        MessageItem mine = shown(BOB_ROOM, 2);
        socket.drop();
        conversation.delete(mine);
        Tick waiting = mine.shownTick();

        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
        ClientFrame.Delete delete = socket.sent(ClientFrame.Delete.class).getFirst();
        socket.receive(new ServerFrame.Ack(delete.clientId(), deleted(message(BOB_ROOM, 2, "alice", "hi bob", "c-0"))));

        assertThat(waiting).isEqualTo(Tick.PENDING);
        assertThat(mine).extracting(MessageItem::content, MessageItem::shownTick)
                .containsExactly("You deleted this message", Tick.NONE);
    }

    @Test
    void aRefusedActionTakesTheClockAwayWithIt() {
        conversation.open(chat(BOB_ROOM));
        MessageItem bobs = shown(BOB_ROOM, 1);
        conversation.react(bobs, "🙏");
        Tick waiting = bobs.shownTick();

        socket.receive(new ServerFrame.Error("conflict", "the message was deleted",
                ((ClientFrame.React) last()).clientId()));

        assertThat(waiting).isEqualTo(Tick.PENDING);
        assertThat(bobs.shownTick()).isEqualTo(Tick.NONE);
    }

    @Test
    void aRateLimitedActionGoesAgainWithTheSameClientIdOnceTheHintHasPassed() {
        conversation.open(chat(BOB_ROOM));
        conversation.react(shown(BOB_ROOM, 1), "🙏");
        ClientFrame.React react = (ClientFrame.React) last();

        socket.receive(new ServerFrame.Error("rate_limited", "slow down", react.clientId(), 1500L));
        scheduler.advance(Duration.ofMillis(1500));

        assertThat(socket.sent(ClientFrame.React.class)).containsExactly(react, react);
        assertThat(shown(BOB_ROOM, 1).reactions()).hasSize(1);
    }

    @Test
    void aRefusedActionIsUndoneAndSaysWhyUnderTheMessage() {
        conversation.open(chat(BOB_ROOM));
        MessageItem mine = shown(BOB_ROOM, 2);
        conversation.edit(mine);
        conversation.draftProperty().set("too late");
        conversation.send();
        String clientId = ((ClientFrame.Edit) last()).clientId();

        socket.receive(new ServerFrame.Error("forbidden", "the edit window is over", clientId));

        assertThat(mine).extracting(MessageItem::content, MessageItem::edited, MessageItem::failure, MessageItem::tick)
                .containsExactly("hi bob", false, "Not edited. The edit window is over.", Tick.READ); // not failed: it was sent
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aRefusalsNoteGoesAfterSomeSecondsInFrontOfTheUser() {
        conversation.open(chat(BOB_ROOM));
        MessageItem bobs = shown(BOB_ROOM, 1);
        conversation.react(bobs, "🙏");

        socket.receive(new ServerFrame.Error("conflict", "the message was deleted",
                ((ClientFrame.React) last()).clientId()));
        String shownAtFirst = bobs.failure();
        scheduler.advance(ConversationViewModel.REFUSAL_SHOWN.minusMillis(1));
        String justBefore = bobs.failure();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(shownAtFirst).isEqualTo("Reaction not sent. The message was deleted.");
        assertThat(justBefore).isEqualTo(shownAtFirst);
        assertThat(bobs.failure()).isEmpty();
    }

    @Test
    void aRefusalsNoteGoesAtOnceWhenIActOnTheMessageAgainAndAnOlderTimerLeavesTheNewOne() {
        conversation.open(chat(BOB_ROOM));
        MessageItem bobs = shown(BOB_ROOM, 1);
        conversation.react(bobs, "🙏");
        socket.receive(new ServerFrame.Error("validation", "not an emoji", ((ClientFrame.React) last()).clientId()));
        scheduler.advance(Duration.ofSeconds(2));

        conversation.react(bobs, "👍");
        String afterActing = bobs.failure();
        socket.receive(new ServerFrame.Error("conflict", "the message was deleted",
                ((ClientFrame.React) last()).clientId()));
        scheduler.advance(ConversationViewModel.REFUSAL_SHOWN.minusSeconds(2)); // the first note's time is up

        assertThat(afterActing).isEmpty();
        assertThat(bobs.failure()).isEqualTo("Reaction not sent. The message was deleted.");
    }

    @Test
    void aRefusalInAChatNotInFrontOfTheUserWaitsForItToShow() {
        conversation.open(chat(BOB_ROOM));
        MessageItem mine = shown(BOB_ROOM, 2);
        socket.drop();
        conversation.delete(mine);
        conversation.open(chat(TRIP));
        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
        socket.receive(new ServerFrame.Error("forbidden", "the delete window is over",
                socket.sent(ClientFrame.Delete.class).getFirst().clientId()));
        scheduler.advance(Duration.ofMinutes(1));
        conversation.windowFocusedProperty().set(false);
        conversation.open(chat(BOB_ROOM));
        scheduler.advance(Duration.ofMinutes(1));
        String unfocused = mine.failure();

        conversation.windowFocusedProperty().set(true);
        scheduler.advance(ConversationViewModel.REFUSAL_SHOWN);

        assertThat(unfocused).isEqualTo("Not deleted. The delete window is over.");
        assertThat(mine).extracting(MessageItem::content, MessageItem::failure).containsExactly("hi bob", "");
    }

    @Test
    void aMessageTheServerRefusedKeepsSayingSo() {
        conversation.open(chat(BOB_ROOM));
        conversation.draftProperty().set("hello?");
        conversation.send();
        MessageItem refused = chat(BOB_ROOM).messages().getLast();

        socket.receive(new ServerFrame.Error("forbidden", "you can't message this person", refused.clientId()));
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(refused).extracting(MessageItem::tick, MessageItem::failure)
                .containsExactly(Tick.FAILED, "You can't message this person.");
    }

    @Test
    void jumpingToAQuotedMessageWithinAPageLoadsOlderHistoryUntilItIsThere() {
        openLongChat();

        MessageItem found = conversation.jumpTo(30).join();

        assertThat(found.content()).isEqualTo("m30");
        assertThat(conversation.highlightedProperty().get()).isSameAs(found);
        assertThat(api.calls).containsExactly("before 71");
        assertThat(chat(LONG_ROOM).hasNewerProperty().get()).isFalse();
    }

    @Test
    void jumpingToAQuotedMessageFarBackLoadsTheHistoryAroundItInstead() {
        openLongChat();

        MessageItem found = conversation.jumpTo(3).join();

        assertThat(found.content()).isEqualTo("m3");
        assertThat(conversation.highlightedProperty().get()).isSameAs(found);
        assertThat(api.calls).containsExactly("before 4", "after 3");
        assertThat(chat(LONG_ROOM).messages()).extracting(MessageItem::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 28).boxed().toList());
        assertThat(chat(LONG_ROOM).hasNewerProperty().get()).isTrue();
    }

    /** Dave's chat of 120 messages, open at its newest page (71 to 120). */
    private void openLongChat() {
        api.rooms.add(room(LONG_ROOM, "dave", 120, 0, 120, 120, message(LONG_ROOM, 120, "dave", "m120", null)));
        LongStream.rangeClosed(1, 120).forEach(seq -> api.history.add(message(LONG_ROOM, seq, "dave", "m" + seq, null)));
        socket.drop();
        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
        conversation.open(chat(LONG_ROOM));
        api.calls.clear();
    }

    @Test
    void jumpingToAMessageThatCannotBeHadFindsNothing() {
        conversation.open(chat(TRIP));

        assertThat(conversation.jumpTo(0).join()).isNull();
    }

    // --- message views ---

    static ServerFrame.Update update(UUID room, long seq, String action, String user, MessageView message) {
        return new ServerFrame.Update(room, seq, action, user, message);
    }

    static MessageView trip(long seq, String user, String content) {
        return GroupChatViewModelTest.message(seq, user, content);
    }

    private static MessageView copy(MessageView v, String content, Instant editedAt, boolean deleted,
                                    List<Reaction> reactions, Quote quote) {
        return new MessageView(v.messageUuid(), content, v.room(), v.roomUuid(), v.user(), v.createdAt(), v.seq(),
                v.clientId(), v.kind(), v.event(), quote, editedAt, deleted, deleted ? v.user() : null, reactions);
    }

    static MessageView edited(MessageView v) {
        return copy(v, v.content(), v.createdAt().plusSeconds(60), false, v.reactions(), v.replyTo());
    }

    static MessageView text(MessageView v, String content) {
        return copy(v, content, v.editedAt(), v.deleted(), v.reactions(), v.replyTo());
    }

    static MessageView deleted(MessageView v) {
        return copy(v, "", null, true, List.of(), null);
    }

    /** {@code v} deleted for everyone by {@code by} (null: a view that does not say). */
    static MessageView deletedBy(MessageView v, String by) {
        return new MessageView(v.messageUuid(), "", v.room(), v.roomUuid(), v.user(), v.createdAt(), v.seq(),
                v.clientId(), v.kind(), v.event(), null, null, true, by, List.of());
    }

    static MessageView with(MessageView v, List<Reaction> reactions) {
        return copy(v, v.content(), v.editedAt(), v.deleted(), reactions, v.replyTo());
    }

    static MessageView quoting(MessageView v, Quote quote) {
        return copy(v, v.content(), v.editedAt(), v.deleted(), v.reactions(), quote);
    }
}

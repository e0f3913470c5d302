package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.common.Formats;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.EventView;
import dev.parley.protocol.MemberView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.UserView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Groups in the signed-in window's ViewModels, wired as the app wires them, without a toolkit: Alice owns "Trip" with
 * Bob (an admin) and Carol; membership events change the group, ticks wait for every member who was there, and a
 * removal ends Alice's part in it.
 */
class GroupChatViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final UUID TRIP = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID BOB_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private final FakeChatApi api = new FakeChatApi();
    private final FakeConnection socket = new FakeConnection();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Outbox<MessageItem> outbox = new Outbox<>();
    private ConversationViewModel conversation;
    private ChatListViewModel chats;
    private MainViewModel vm;
    private GroupInfoViewModel groupInfo;

    @BeforeEach
    void startSignedInAsAlice() {
        api.rooms.add(MainViewModelTest.room(BOB_ROOM, "bob", 1, 0, 1, 1,
                MainViewModelTest.message(BOB_ROOM, 1, "bob", "hi", null)));
        api.rooms.add(group(TRIP, "Trip", 3, 1, true, message(3, "carol", "who brings the tent?"),
                member("alice", "owner", 1, 3, 3), member("bob", "admin", 1, 3, 2), member("carol", "member", 1, 3, 3)));
        api.history.add(event(1, "alice", EventView.CREATED, List.of("bob", "carol"), "Trip", null));
        api.history.add(message(2, "bob", "I'm in"));
        api.history.add(message(3, "carol", "who brings the tent?"));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        ConnectionStatus connection = new ConnectionStatus(scheduler);
        conversation = new ConversationViewModel("alice", api, socket, connection, outbox, Runnable::run,
                scheduler, clock, new Formats(clock));
        chats = new ChatListViewModel("alice", conversation, scheduler);
        vm = new MainViewModel("alice", api, socket, connection, outbox, chats, conversation, Runnable::run,
                scheduler);
        groupInfo = new GroupInfoViewModel("alice", api, Runnable::run, conversation, chats);
        vm.start();
        socket.open();
        socket.receive(new ServerFrame.Synced(List.of()));
    }

    private ChatItem trip() {
        return chats.allChats().stream().filter(c -> c.roomUuid().equals(TRIP)).findFirst().orElseThrow();
    }

    private ChatItem bob() {
        return chats.allChats().stream().filter(c -> !c.group()).findFirst().orElseThrow();
    }

    private List<String> memberNames() {
        return trip().members().stream().map(Member::username).toList();
    }

    private MessageItem sendAndAck(String text, long seq) {
        conversation.draftProperty().set(text);
        conversation.send();
        String clientId = socket.sent(ClientFrame.Send.class).getLast().clientId();
        socket.receive(new ServerFrame.Ack(clientId, new MessageView(UUID.randomUUID(), text, "Trip", TRIP, "alice",
                T0.plusSeconds(seq), seq, clientId)));
        return trip().messages().getLast();
    }

    @Test
    void aGroupIsListedUnderItsNameWithItsMembersAndTheirRoles() {
        conversation.open(trip());

        assertThat(trip().name()).isEqualTo("Trip");
        assertThat(trip().group()).isTrue();
        assertThat(trip().members()).extracting(Member::username, Member::role).containsExactly(
                Tuple.tuple("alice", "owner"), Tuple.tuple("bob", "admin"),
                Tuple.tuple("carol", "member"));
        assertThat(conversation.titleProperty().get()).isEqualTo("Trip");
        assertThat(conversation.subtitleProperty().get()).isEqualTo("3 members");
        assertThat(chats.chats().stream().map(ChatItem::name).toList()).contains("Trip", "bob");
    }

    @Test
    void historyShowsEventsAsSystemLinesWordedForMe() {
        conversation.open(trip());

        assertThat(trip().messages()).extracting(MessageItem::event, MessageItem::content).containsExactly(
                Tuple.tuple(true, "You created the group \"Trip\""),
                Tuple.tuple(false, "I'm in"),
                Tuple.tuple(false, "who brings the tent?"));
    }

    @Test
    void anAddedEventAddsMembersWithTheRoleMemberFromItsSeqAndNeverCountsAsUnread() {
        conversation.open(bob()); // Trip is not in front

        socket.receive(new ServerFrame.Message(event(4, "bob", EventView.ADDED, List.of("dave", "erin"), null, null)));

        assertThat(memberNames()).containsExactly("alice", "bob", "carol", "dave", "erin");
        assertThat(trip().member("dave")).isEqualTo(new Member("dave", "member", 4, 3, 3, false, null));
        assertThat(trip().unread()).isEqualTo(1); // the one from the room list, not the event
        assertThat(trip().lastMessageProperty().get().content()).isEqualTo("bob added dave and erin");
        assertThat(vm.notices()).isEmpty();
    }

    @Test
    void removedLeftRenamedAndRoleChangedEventsChangeTheGroup() {
        conversation.open(trip());

        socket.receive(new ServerFrame.Message(event(4, "alice", EventView.ROLE_CHANGED, List.of("carol"), null, "admin")));
        socket.receive(new ServerFrame.Message(event(5, "bob", EventView.RENAMED, List.of(), "Trip 2027", null)));
        socket.receive(new ServerFrame.Message(event(6, "bob", EventView.REMOVED, List.of("carol"), null, null)));
        socket.receive(new ServerFrame.Message(event(7, "bob", EventView.LEFT, List.of("bob"), null, null)));

        assertThat(memberNames()).containsExactly("alice");
        assertThat(trip().name()).isEqualTo("Trip 2027");
        assertThat(conversation.titleProperty().get()).isEqualTo("Trip 2027");
        assertThat(conversation.subtitleProperty().get()).isEqualTo("1 member");
        assertThat(trip().messages().stream().filter(MessageItem::event).map(MessageItem::content).toList())
                .containsExactly("You created the group \"Trip\"", "You made carol an admin",
                        "bob renamed the group to \"Trip 2027\"", "bob removed carol", "bob left");
    }

    @Test
    void beingRemovedEndsMyMembershipTheComposerSaysSoAndNothingMoreIsSent() {
        conversation.open(trip());
        int readsBefore = socket.sent(ClientFrame.Read.class).size();

        socket.receive(new ServerFrame.Message(event(4, "bob", EventView.REMOVED, List.of("alice"), null, null)));
        conversation.draftProperty().set("wait, why");
        conversation.send();

        assertThat(trip().isMember()).isFalse();
        assertThat(conversation.notMemberProperty().get()).isTrue();
        assertThat(conversation.canSendProperty().get()).isFalse();
        assertThat(socket.sent(ClientFrame.Send.class)).isEmpty();
        assertThat(socket.sent(ClientFrame.Typing.class)).isEmpty();
        assertThat(socket.sent(ClientFrame.Read.class)).hasSize(readsBefore);
        assertThat(trip().messages().getLast().content()).isEqualTo("bob removed you");
        assertThat(groupInfo.memberProperty().get()).isFalse();
    }

    @Test
    void leavingIsAskedOfTheServerAndItsLeftEventSaysYouLeft() {
        conversation.open(trip());
        groupInfo.show();

        groupInfo.leave();
        socket.receive(new ServerFrame.Message(event(4, "alice", EventView.LEFT, List.of("alice"), null, null)));

        assertThat(api.calls).contains("remove alice");
        assertThat(trip().isMember()).isFalse();
        assertThat(trip().messages().getLast().content()).isEqualTo("You left");
        assertThat(memberNames()).containsExactly("bob", "carol");
    }

    @Test
    void aGroupIFormerlyLeftIsListedWithTheComposerDisabled() {
        api.rooms.set(1, group(TRIP, "Trip", 4, 0, false, event(4, "alice", EventView.LEFT, List.of("alice"), null, null),
                member("bob", "owner", 1, 4, 4), member("carol", "member", 1, 4, 4)));
        socket.drop();
        socket.open(); // refreshes the rooms

        conversation.open(trip());

        assertThat(trip().isMember()).isFalse();
        assertThat(conversation.notMemberProperty().get()).isTrue();
    }

    @Test
    void eventsOlderThanTheGroupsStateAreHistoryAndChangeNothing() {
        // Dave was added at seq 2 and left at 30: the older page, loaded last, must not bring him back.
        api.history.clear();
        api.history.add(event(1, "alice", EventView.CREATED, List.of("bob", "carol"), "Trip", null));
        api.history.add(event(2, "alice", EventView.ADDED, List.of("dave"), null, null));
        LongStream.rangeClosed(3, 29).forEach(seq -> api.history.add(message(seq, "bob", "m" + seq)));
        api.history.add(event(30, "dave", EventView.LEFT, List.of("dave"), null, null));
        LongStream.rangeClosed(31, 60).forEach(seq -> api.history.add(message(seq, "carol", "m" + seq)));
        api.rooms.set(1, group(TRIP, "Trip", 60, 0, true, api.history.getLast(), member("alice", "owner", 1, 60, 60),
                member("bob", "admin", 1, 60, 60), member("carol", "member", 1, 60, 60)));
        socket.drop();
        socket.open(); // takes the room list again
        conversation.open(trip());

        conversation.loadOlder();

        assertThat(trip().messages()).hasSize(60);
        assertThat(trip().messages().get(1).content()).isEqualTo("You added dave");
        assertThat(memberNames()).containsExactly("alice", "bob", "carol");
    }

    @Test
    void aRoomFrameForANewGroupListsItAndItsMessagesFollow() {
        UUID camp = UUID.randomUUID();
        socket.receive(new ServerFrame.Room(group(camp, "Camp", 1, 0, true,
                new MessageView(UUID.randomUUID(), "x", "Camp", camp, "dave", T0, 1, null, MessageView.EVENT,
                        new EventView(EventView.CREATED, "dave", List.of("alice"), "Camp", null)),
                member("dave", "owner", 1, 1, 1), member("alice", "member", 1, 0, 0))));
        socket.receive(new ServerFrame.Message(new MessageView(UUID.randomUUID(), "welcome", "Camp", camp, "dave",
                T0, 2, "d1")));

        ChatItem chat = chats.allChats().stream().filter(c -> c.roomUuid().equals(camp)).findFirst().orElseThrow();
        assertThat(chat.name()).isEqualTo("Camp");
        assertThat(chat.unread()).isEqualTo(1);
        assertThat(vm.notices()).containsExactly(new MainViewModel.Notice(chat, "Camp", "dave: welcome", 1));
    }

    @Test
    void aMessageOfAGroupThisClientDoesNotKnowFetchesTheRooms() {
        long before = api.calls.stream().filter("rooms"::equals).count();

        socket.receive(new ServerFrame.Message(new MessageView(UUID.randomUUID(), "hi", "New", UUID.randomUUID(),
                "dave", T0, 2, "d1")));

        assertThat(api.calls.stream().filter("rooms"::equals).count()).isEqualTo(before + 1);
    }

    @Test
    void myMessageTurnsTwoGreyOnlyWhenEveryOtherMemberHasItAndBlueWhenEveryoneReadIt() {
        conversation.open(trip());
        MessageItem mine = sendAndAck("tent: me", 4);
        Tick acked = mine.tick();

        socket.receive(new ServerFrame.Receipt(TRIP, "bob", ServerFrame.ReceiptKind.DELIVERED, 4));
        Tick bobHasIt = mine.tick();
        socket.receive(new ServerFrame.Receipt(TRIP, "carol", ServerFrame.ReceiptKind.DELIVERED, 4));
        Tick bothHaveIt = mine.tick();
        socket.receive(new ServerFrame.Receipt(TRIP, "carol", ServerFrame.ReceiptKind.READ, 4));
        Tick carolRead = mine.tick();
        socket.receive(new ServerFrame.Receipt(TRIP, "bob", ServerFrame.ReceiptKind.READ, 4));

        assertThat(List.of(acked, bobHasIt, bothHaveIt, carolRead))
                .containsExactly(Tick.SENT, Tick.SENT, Tick.DELIVERED, Tick.DELIVERED);
        assertThat(mine.tick()).isEqualTo(Tick.READ);
    }

    @Test
    void theGroupsTicksTurnMyMessageTwoGreyThenBlueAndLeaveLaterOnesAlone() {
        conversation.open(trip());
        MessageItem mine = sendAndAck("tent: me", 4);
        MessageItem later = sendAndAck("and a stove", 5);

        socket.receive(new ServerFrame.Ticks(TRIP, 4, 3));
        Tick delivered = mine.tick();
        socket.receive(new ServerFrame.Ticks(TRIP, 5, 4));

        assertThat(delivered).isEqualTo(Tick.DELIVERED);
        assertThat(mine.tick()).isEqualTo(Tick.READ);
        assertThat(later.tick()).isEqualTo(Tick.DELIVERED);
    }

    @Test
    void myMessageStaysBlueWhenEveryoneWhoReadItLeaves() {
        conversation.open(trip());
        MessageItem mine = sendAndAck("tent: me", 4);
        socket.receive(new ServerFrame.Ticks(TRIP, 4, 4));

        socket.receive(new ServerFrame.Message(event(5, "alice", EventView.REMOVED, List.of("carol"), null, null)));
        socket.receive(new ServerFrame.Message(event(6, "bob", EventView.LEFT, List.of("bob"), null, null)));

        assertThat(trip().members()).extracting(Member::username).containsExactly("alice");
        assertThat(mine.tick()).isEqualTo(Tick.READ);
    }

    @Test
    void aMessageFromAMemberCountsAsReadByThemAsTheServerStoresIt() {
        conversation.open(trip());
        MessageItem mine = sendAndAck("tent: me", 4);
        socket.receive(new ServerFrame.Receipt(TRIP, "carol", ServerFrame.ReceiptKind.READ, 4));

        // Bob answers without a receipt of his own: the server moved his watermarks to his message silently.
        socket.receive(new ServerFrame.Message(message(5, "bob", "me too")));

        assertThat(mine.tick()).isEqualTo(Tick.READ);
    }

    @Test
    void someoneAddedAfterMyMessageNeverHoldsBackItsTicksAndSomeoneRemovedNoLongerDoes() {
        conversation.open(trip());
        MessageItem mine = sendAndAck("tent: me", 4);
        socket.receive(new ServerFrame.Receipt(TRIP, "bob", ServerFrame.ReceiptKind.READ, 4));

        socket.receive(new ServerFrame.Message(event(5, "alice", EventView.ADDED, List.of("dave"), null, null)));
        Tick withDaveAdded = mine.tick();
        socket.receive(new ServerFrame.Message(event(6, "bob", EventView.REMOVED, List.of("carol"), null, null)));

        assertThat(withDaveAdded).isEqualTo(Tick.SENT);
        assertThat(mine.tick()).isEqualTo(Tick.READ);
    }

    @Test
    void typingNamesWhoIsTypingInTheHeaderAndTheList() {
        conversation.open(trip());

        socket.receive(new ServerFrame.Typing(TRIP, "bob"));
        String one = conversation.subtitleProperty().get();
        socket.receive(new ServerFrame.Typing(TRIP, "carol"));
        String two = conversation.subtitleProperty().get();
        socket.receive(new ServerFrame.Message(message(4, "bob", "done")));

        assertThat(one).isEqualTo("bob is typing…");
        assertThat(two).isEqualTo("bob and carol are typing…");
        assertThat(trip().typingTextProperty().get()).isEqualTo("carol is typing…");
        assertThat(conversation.subtitleProperty().get()).isEqualTo("carol is typing…");
    }

    @Test
    void typingLinesCallMembersByTheirDisplayNamesAndFollowAChangeOfName() {
        conversation.open(trip());
        socket.receive(new ServerFrame.Profile("bob", "Bob Builder", null));

        socket.receive(new ServerFrame.Typing(TRIP, "bob"));
        String one = conversation.subtitleProperty().get();
        socket.receive(new ServerFrame.Typing(TRIP, "carol"));
        String two = trip().typingTextProperty().get();
        socket.receive(new ServerFrame.Profile("carol", "Carol Danvers", null));

        assertThat(one).isEqualTo("Bob Builder is typing…");
        assertThat(two).isEqualTo("Bob Builder and carol are typing…");
        assertThat(trip().typingTextProperty().get()).isEqualTo("Bob Builder and Carol Danvers are typing…");
        assertThat(conversation.subtitleProperty().get()).isEqualTo("Bob Builder and Carol Danvers are typing…");
    }

    @Test
    void messageInfoCountsOnlyMembersWhoWereThereAtItsSeq() {
        conversation.open(trip());
        MessageItem mine = sendAndAck("tent: me", 4);
        api.rooms.set(1, group(TRIP, "Trip", 5, 0, true, null, member("alice", "owner", 1, 5, 5),
                member("bob", "admin", 1, 4, 4), member("carol", "member", 1, 4, 2),
                member("dave", "member", 5, 4, 4), member("erin", "member", 1, 3, 3)));

        MessageInfoViewModel info = conversation.messageInfo(mine);
        info.load();

        assertThat(conversation.hasInfo(mine)).isTrue();
        assertThat(info.readBy()).containsExactly("bob");
        assertThat(info.deliveredTo()).containsExactly("carol");
        assertThat(info.waiting()).containsExactly("erin");
    }

    @Test
    void ownerMayDismissAdminsButNobodyRemovesTheOwner() {
        conversation.open(trip());
        groupInfo.show();
        Member bob = trip().member("bob");
        Member carol = trip().member("carol");
        Member alice = trip().member("alice");

        assertThat(groupInfo.adminProperty().get()).isTrue();
        assertThat(groupInfo.members()).extracting(Member::username).containsExactly("alice", "bob", "carol");
        assertThat(List.of(groupInfo.canDismissAdmin(bob), groupInfo.canMakeAdmin(bob), groupInfo.canRemove(bob)))
                .containsExactly(true, false, true);
        assertThat(List.of(groupInfo.canMakeAdmin(carol), groupInfo.canDismissAdmin(carol))).containsExactly(true, false);
        assertThat(groupInfo.canRemove(alice)).isFalse();
    }

    @Test
    void anAdminWhoIsNotTheOwnerCannotDismissAdminsOrRemoveTheOwner() {
        conversation.open(trip());
        socket.receive(new ServerFrame.Message(event(4, "bob", EventView.ROLE_CHANGED, List.of("bob"), null, "owner")));
        socket.receive(new ServerFrame.Message(event(5, "bob", EventView.ROLE_CHANGED, List.of("alice"), null, "admin")));
        socket.receive(new ServerFrame.Message(event(6, "bob", EventView.ROLE_CHANGED, List.of("carol"), null, "admin")));

        assertThat(trip().messages().getLast().content()).isEqualTo("bob made carol an admin");
        assertThat(groupInfo.adminProperty().get()).isTrue();
        assertThat(groupInfo.canDismissAdmin(trip().member("carol"))).isFalse();
        assertThat(groupInfo.canRemove(trip().member("bob"))).isFalse();
        assertThat(groupInfo.canRemove(trip().member("carol"))).isTrue();
    }

    @Test
    void aPlainMemberIsOfferedNoChangesButMayLeave() {
        conversation.open(trip());
        socket.receive(new ServerFrame.Message(event(4, "alice", EventView.LEFT, List.of("alice"), null, null)));
        socket.receive(new ServerFrame.Message(event(5, "bob", EventView.ADDED, List.of("alice"), null, null)));

        assertThat(trip().isMember()).isTrue();
        assertThat(groupInfo.memberProperty().get()).isTrue();
        assertThat(groupInfo.adminProperty().get()).isFalse();
        assertThat(groupInfo.canRemove(trip().member("carol"))).isFalse();
        assertThat(groupInfo.canMakeAdmin(trip().member("carol"))).isFalse();
    }

    @Test
    void renamingSendsTheEditedNameOnlyWhenItChanged() {
        conversation.open(trip());
        groupInfo.show();

        groupInfo.rename();
        groupInfo.nameDraftProperty().set("  Trip 2027 ");
        groupInfo.rename();

        assertThat(api.calls).filteredOn(c -> c.startsWith("rename")).containsExactly("rename Trip 2027");
    }

    @Test
    void groupInfoClosesWhenAnotherChatOpens() {
        conversation.open(trip());
        groupInfo.show();
        boolean shown = groupInfo.openProperty().get();

        conversation.open(chats.allChats().stream().filter(c -> !c.group()).findFirst().orElseThrow());

        assertThat(shown).isTrue();
        assertThat(groupInfo.openProperty().get()).isFalse();
    }

    @Test
    void groupInfoClosesWhenAnotherGroupOpensToo() {
        UUID camp = UUID.randomUUID();
        socket.receive(new ServerFrame.Room(group(camp, "Camp", 1, 0, true, null,
                member("dave", "owner", 1, 1, 1), member("alice", "member", 1, 0, 0))));
        conversation.open(trip());
        groupInfo.show();
        boolean shown = groupInfo.openProperty().get();

        conversation.open(chats.allChats().stream().filter(c -> c.roomUuid().equals(camp)).findFirst().orElseThrow());

        assertThat(shown).isTrue();
        assertThat(groupInfo.openProperty().get()).isFalse();
        assertThat(groupInfo.nameProperty().get()).isEqualTo("Camp"); // opened again, it shows the open group
    }

    @Test
    void rolesAreWordedAsTheWebClientWordsThem() {
        conversation.open(trip());

        assertThat(groupInfo.members()).extracting(Member::username, groupInfo::roleLabel).containsExactly(
                Tuple.tuple("alice", "Group owner"), Tuple.tuple("bob", "Group admin"), Tuple.tuple("carol", ""));
    }

    @Test
    void theMessageInfoShortcutTakesTheFocusedMessageIfMineElseMyNewestStoredOne() {
        conversation.open(trip());
        MessageItem older = sendAndAck("tent: me", 4);
        MessageItem newest = sendAndAck("and a stove", 5);
        socket.receive(new ServerFrame.Message(message(6, "bob", "great")));
        conversation.draftProperty().set("not acknowledged yet");
        conversation.send();
        MessageItem bobs = trip().messages().stream().filter(m -> m.content().equals("great")).findFirst()
                .orElseThrow();

        assertThat(trip().messages().getLast().pending()).isTrue();
        assertThat(conversation.infoTarget(null)).isSameAs(newest);
        assertThat(conversation.infoTarget(older)).isSameAs(older);
        assertThat(conversation.infoTarget(bobs)).isNull();
    }

    @Test
    void theMessageInfoShortcutFindsNothingInADirectChat() {
        conversation.open(bob());
        conversation.draftProperty().set("hi bob");
        conversation.send();
        String clientId = socket.sent(ClientFrame.Send.class).getLast().clientId();
        socket.receive(new ServerFrame.Ack(clientId, new MessageView(UUID.randomUUID(), "hi bob", "bob", BOB_ROOM,
                "alice", T0.plusSeconds(2), 2, clientId)));

        assertThat(bob().messages().getLast().pending()).isFalse();
        assertThat(conversation.infoTarget(null)).isNull();
    }

    @Test
    void aNewGroupNeedsANameAndSomeoneThenIsCreatedAndOpened() {
        MemberPickerViewModel picker = vm.newGroup();
        picker.queryProperty().set("da");
        boolean withoutAnyone = picker.canConfirmBinding().get();
        picker.pick(picker.results().getFirst());
        boolean withoutName = picker.canConfirmBinding().get();
        picker.nameProperty().set(" Camp ");
        boolean[] closed = {false};

        picker.confirm(() -> closed[0] = true);

        assertThat(withoutAnyone).isFalse();
        assertThat(withoutName).isFalse();
        assertThat(picker.picked()).containsExactly("da_found");
        assertThat(picker.queryProperty().get()).isEmpty();
        assertThat(api.calls).contains("create Camp [da_found]");
        assertThat(closed[0]).isTrue();
        assertThat(conversation.chatProperty().get()).isSameAs(trip()); // the fake answers with its last room
    }

    @Test
    void aNewGroupTheServerMayHaveStoredSaysSoAndReloadsTheChatListInsteadOfClosing() {
        api.failGroups = new dev.parley.desktop.net.ApiException(503, "outcome_unknown",
                "the connection to the database was lost while this was being stored");
        MemberPickerViewModel picker = vm.newGroup();
        picker.queryProperty().set("da");
        picker.pick(picker.results().getFirst());
        picker.nameProperty().set("Camp");
        api.calls.clear();
        boolean[] closed = {false};

        picker.confirm(() -> closed[0] = true);

        assertThat(api.calls).containsExactly("create Camp [da_found]", "rooms");
        assertThat(picker.errorProperty().get()).isEqualTo("The server lost its database connection while saving"
                + " this, so it may have been saved. Check before you try again.");
        assertThat(closed[0]).isFalse();
    }

    @Test
    void aRefusedNewGroupSaysWhyAndReadsNothingBack() {
        api.failGroups = new dev.parley.desktop.net.ApiException(400, "validation", "no such user: dan");
        MemberPickerViewModel picker = vm.newGroup();
        picker.queryProperty().set("da");
        picker.pick(picker.results().getFirst());
        picker.nameProperty().set("Camp");
        api.calls.clear();

        picker.confirm(() -> { });

        assertThat(api.calls).containsExactly("create Camp [da_found]");
        assertThat(picker.errorProperty().get()).isEqualTo("No such user: dan.");
    }

    @Test
    void aGroupChangeTheServerMayHaveStoredReadsTheGroupBack() {
        api.failGroups = new dev.parley.desktop.net.ApiException(503, "outcome_unknown", "lost");
        conversation.open(trip());
        groupInfo.show();
        groupInfo.nameDraftProperty().set("Trip 2027");
        api.calls.clear();

        groupInfo.rename();

        assertThat(api.calls).containsExactly("rename Trip 2027", "room " + TRIP);
        assertThat(groupInfo.errorProperty().get()).startsWith("The server lost its database connection");
    }

    @Test
    void addingMembersTheServerMayHaveStoredReadsTheGroupBack() {
        api.people.add("dave");
        api.failGroups = new dev.parley.desktop.net.ApiException(503, "outcome_unknown", "lost");
        conversation.open(trip());
        MemberPickerViewModel picker = groupInfo.addMembers();
        picker.queryProperty().set("d");
        picker.pick(picker.results().getFirst());
        api.calls.clear();

        picker.confirm(() -> { });

        assertThat(api.calls).containsExactly("add [dave]", "room " + TRIP);
    }

    @Test
    void addingMembersOffersNobodyAlreadyInTheGroup() {
        api.people.addAll(List.of("alice", "carol", "dave"));
        conversation.open(trip());
        MemberPickerViewModel picker = groupInfo.addMembers();

        picker.queryProperty().set("c");
        List<UserView> offeredForC = List.copyOf(picker.results());
        String saidForC = picker.messageProperty().get();
        picker.queryProperty().set("d");
        picker.pick(picker.results().getFirst());
        picker.confirm(() -> { });

        assertThat(offeredForC).isEmpty();
        assertThat(saidForC).isEqualTo("Everyone found is already in the group");
        assertThat(api.calls).contains("add [dave]");
    }

    @Test
    void directChatsKeepTheirPersonsNameAndOneOtherMembersTicks() {
        ChatItem bob = chats.allChats().stream().filter(c -> !c.group()).findFirst().orElseThrow();

        assertThat(bob.name()).isEqualTo("bob");
        assertThat(bob.peer()).isEqualTo("bob");
        assertThat(bob.group()).isFalse();
        assertThat(bob.members()).extracting(Member::username).containsExactly("alice", "bob");
    }

    static RoomView group(UUID uuid, String name, long lastSeq, long unread, boolean member, MessageView last,
                          MemberView... members) {
        return new RoomView(uuid, List.of(members).stream().map(MemberView::username).toList(), name,
                T0.minusSeconds(3600), lastSeq, unread, last, List.of(members), RoomView.GROUP, member, 0L, 0L);
    }

    static MemberView member(String name, String role, long joined, long delivered, long read) {
        return new MemberView(name, false, null, delivered, read, role, joined);
    }

    static MessageView message(long seq, String user, String content) {
        return new MessageView(UUID.nameUUIDFromBytes(("trip/" + seq).getBytes()), content, "Trip", TRIP, user,
                T0.plusSeconds(seq), seq, user + "-" + seq);
    }

    static MessageView event(long seq, String actor, String action, List<String> users, String name, String role) {
        EventView event = new EventView(action, actor, users, name, role);
        return new MessageView(UUID.nameUUIDFromBytes(("trip/" + seq).getBytes()), event.describe(), "Trip", TRIP,
                actor, T0.plusSeconds(seq), seq, null, MessageView.EVENT, event);
    }
}

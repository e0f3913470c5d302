package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.chat.Member;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.Tick;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.server.Parley;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A group of three on a real server: Alice in the desktop app, Bob and Carol (and Dave, added later) over the
 * protocol. A group made in the "New group" dialog, sender names, ticks that wait for both others, group info from
 * the keyboard, and a group Bob runs: members added, a rename, typing names, and Alice removed. Then message info
 * from the keyboard, the group info panel closing when another chat opens, and the owner's member options.
 */
class GroupUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    private ChatItem group(String name) {
        return fx(() -> desktop.chats().allChats().stream().filter(c -> c.group() && c.name().equals(name))
                .findFirst().orElse(null));
    }

    private ChatItem openChat() {
        return fx(() -> desktop.conversation().chatProperty().get());
    }

    private MessageItem last(ChatItem chat) {
        return fx(() -> chat.messages().getLast());
    }

    /** The texts of the labels with this style class that are on screen (a list keeps spare cells hidden). */
    private List<String> shownTexts(String styleClass) {
        return fx(() -> desktop.robot().lookup(styleClass).queryAll().stream().filter(GroupUiTest::shown)
                .sorted(Comparator.comparingDouble(n -> n.localToScene(0, 0).getY()))
                .map(n -> ((Label) n).getText()).toList());
    }

    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private String text(String id) {
        return fx(() -> ((Label) desktop.lookup(id)).getText());
    }

    private String composerText() {
        return fx(() -> ((TextArea) desktop.lookup("#composerField")).getText());
    }

    /**
     * Types {@code text} key by key into whichever window has the focus. ({@code write} sends characters to the first
     * window that says it is focused, which headless is the main window even while a dialog has the focus.)
     */
    private void typeKeys(String text) {
        var robot = desktop.robot();
        for (char c : text.toCharArray()) {
            KeyCode key = c == ' ' ? KeyCode.SPACE : KeyCode.getKeyCode(String.valueOf(Character.toUpperCase(c)));
            if (Character.isUpperCase(c)) {
                robot.press(KeyCode.SHIFT).type(key).release(KeyCode.SHIFT);
            } else {
                robot.type(key);
            }
        }
    }

    /** Clicks {@code chat}'s row in the chat list. */
    private void openFromList(ChatItem chat) {
        var robot = desktop.robot();
        robot.clickOn(robot.from((Node) desktop.lookup("#chatList"))
                .lookup((Node n) -> n instanceof ListCell<?> cell && cell.getItem() == chat).<Node>query());
        eventually(chat.name() + " opens", () -> openChat() == chat);
    }

    private boolean groupInfoShows(String name) {
        return fx(() -> desktop.lookup("#groupInfoPane").isVisible()
                && ((TextField) desktop.lookup("#groupNameField")).getText().equals(name));
    }

    private boolean messageInfoShows(String content) {
        return fx(() -> desktop.robot().lookup(".info-quote").tryQuery()
                .map(n -> WrapSafeText.text((TextFlow) n).equals(content)).orElse(false));
    }

    private void closeMessageInfo() {
        desktop.robot().type(KeyCode.ESCAPE);
        eventually("Esc closes message info", () -> desktop.robot().lookup(".info-quote").tryQuery().isEmpty());
    }

    private static boolean isMessage(JsonNode frame, String content) {
        return Peer.type(frame).equals("message") && frame.get("message").get("content").asText().equals(content);
    }

    @Test
    void aGroupMadeInTheNewGroupDialogShowsSenderNamesAndTicksTurnBlueOnlyOnceBothOthersRead() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob").connect(TestNode.ws(node));
        Peer carol = Peer.register(server, "carol").connect(TestNode.ws(node));
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("online", () -> desktop.vm() != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.N).release(KeyCode.SHIFT, KeyCode.CONTROL);
        eventually("the dialog opens in its name field", () -> desktop.robot().lookup("#nameField").tryQuery()
                .map(Node::isFocused).orElse(false));
        typeKeys("Trip 2027");
        robot.type(KeyCode.TAB);
        for (Peer member : List.of(bob, carol)) {
            typeKeys(member.username());
            eventually(member.username() + " is found", () -> ((ListView<?>) desktop.lookup("#resultList"))
                    .getItems().size() == 1);
            robot.type(KeyCode.ENTER);
        }
        eventually("both are picked", () -> ((FlowPane) desktop.lookup("#chips")).getChildren().size() == 2);
        robot.type(KeyCode.ENTER);

        eventually("the new group is open", () -> openChat() != null && openChat().name().equals("Trip 2027"));
        ChatItem chat = openChat();
        assertThat(text("#peerName")).isEqualTo("Trip 2027");
        assertThat(text("#peerStatus")).isEqualTo("3 members");
        eventually("the creation shows as a system line", () -> shownTexts(".system-line")
                .equals(List.of("You created the group \"Trip 2027\"")));
        UUID room = chat.roomUuid();
        bob.await(f -> Peer.type(f).equals("room") && f.get("room").get("room_name").asText().equals("Trip 2027"),
                "the new group");

        robot.write("Who is in?").type(KeyCode.ENTER);
        long seq = bob.await(f -> isMessage(f, "Who is in?"), "alice's question").get("message").get("seq").asLong();
        carol.await(f -> isMessage(f, "Who is in?"), "alice's question");
        assertThat(composerText()).isEmpty(); // what was typed after the dialog closed went to the composer
        eventually("two grey ticks once both have it", () -> last(chat).tick() == Tick.DELIVERED);

        bob.send(Map.of("type", "read", "room_uuid", room, "seq", seq));
        // The server answers Bob's read (to his own devices) after deciding the group's ticks: Carol has not read it.
        bob.await(f -> Peer.type(f).equals("receipt") && f.get("kind").asText().equals("read"), "Bob's own read");
        assertThat(fx(() -> last(chat).tick())).isEqualTo(Tick.DELIVERED);
        carol.send(Map.of("type", "read", "room_uuid", room, "seq", seq));
        eventually("blue ticks once Carol read it too", () -> last(chat).tick() == Tick.READ);

        bob.post(room, "I'm in!");
        bob.post(room, "Can we leave on *Friday* evening?");
        carol.post(room, "Count me in too. I'll bring the tent if someone else takes care of the food.");
        eventually("their messages show", () -> chat.messages().size() == 5);
        eventually("each run of messages is named once", () -> shownTexts(".bubble-sender")
                .equals(List.of(bob.username(), carol.username())));
        desktop.screenshot("desktop-group");

        robot.clickOn("#peerName");
        eventually("group info opens with the members", () -> desktop.lookup("#groupInfoPane").isVisible()
                && ((ListView<?>) desktop.lookup("#memberList")).getItems().size() == 3);
        assertThat(fx(() -> desktop.lookup("#groupNameField").isFocused())).isTrue();
        assertThat(fx(() -> chat.member(alice.username()).role())).isEqualTo(Member.OWNER);
        desktop.screenshot("desktop-group-info");
        robot.type(KeyCode.ESCAPE);
        eventually("Esc closes it", () -> !desktop.lookup("#groupInfoPane").isVisible());
        robot.write("Great");
        assertThat(composerText()).isEqualTo("Great");
        bob.close();
        carol.close();
    }

    @Test
    void inBobsGroupAnAddedMemberAndARenameShowAsSystemLinesAndRemovingAliceEndsHerComposer() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob").connect(TestNode.ws(node));
        Peer carol = Peer.register(server, "carol").connect(TestNode.ws(node));
        Peer dave = Peer.register(server, "dave");
        UUID room = bob.createGroup("Book club", alice, carol);
        bob.post(room, "Next book: Dune?");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the group is listed", () -> desktop.vm() != null && group("Book club") != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        ChatItem chat = group("Book club");
        robot.clickOn("Book club");
        eventually("it opens with Bob's message", () -> chat.messages().stream().anyMatch(m -> !m.event()));
        assertThat(shownTexts(".bubble-sender")).containsExactly(bob.username());

        bob.addToGroup(room, dave);
        eventually("Dave's joining shows", () -> shownTexts(".system-line").contains(bob.username() + " added "
                + dave.username()) && text("#peerStatus").equals("4 members"));
        bob.renameGroup(room, "Book club 2027");
        eventually("the rename shows", () -> text("#peerName").equals("Book club 2027")
                && shownTexts(".system-line").contains(bob.username() + " renamed the group to \"Book club 2027\""));

        bob.send(Map.of("type", "typing", "room_uuid", room));
        eventually("Bob is typing", () -> text("#peerStatus").equals(bob.username() + " is typing…"));
        carol.send(Map.of("type", "typing", "room_uuid", room));
        eventually("both typists are named", () -> text("#peerStatus")
                .equals(bob.username() + " and " + carol.username() + " are typing…"));

        bob.removeFromGroup(room, alice);
        eventually("Alice is no longer a member", () -> desktop.lookup("#notMemberNotice").isVisible());
        assertThat(fx(() -> desktop.lookup("#composerField").isDisabled())).isTrue();
        assertThat(shownTexts(".system-line")).last().isEqualTo(bob.username() + " removed you");
        assertThat(fx(() -> chat.name())).isEqualTo("Book club 2027");
        desktop.screenshot("desktop-group-removed");
        bob.close();
        carol.close();
    }

    @Test
    void messageInfoOpensFromTheKeyboardOnAFocusedMessageOfMineAndWithCtrlI() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        Peer carol = Peer.register(server, "carol");
        UUID room = bob.createGroup("Keys", alice, carol);
        bob.post(room, "Who has the keys?");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the group is listed", () -> desktop.vm() != null && group("Keys") != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        ChatItem chat = group("Keys");
        openFromList(chat);
        robot.write("I do").type(KeyCode.ENTER);
        eventually("my message is stored", () -> last(chat).mine() && !last(chat).pending());
        ListView<MessageItem> messages = desktop.lookup("#messageList");

        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        eventually("Shift+Tab puts the keyboard on my message", () -> messages.isFocused()
                && messages.getFocusModel().getFocusedItem() == last(chat));
        desktop.screenshot("desktop-group-keyboard");
        robot.press(KeyCode.SHIFT).type(KeyCode.F10).release(KeyCode.SHIFT);
        eventually("Shift+F10 opens its menu", () -> robot.lookup("Message info").tryQuery().isPresent());
        robot.type(KeyCode.UP).type(KeyCode.ENTER); // its last entry (the first is Reply)
        eventually("Enter opens its message info", () -> messageInfoShows("I do"));
        closeMessageInfo();
        robot.type(KeyCode.UP);
        boolean onBobsMessage = fx(() -> messages.getFocusModel().getFocusedItem().content())
                .equals("Who has the keys?");
        robot.type(KeyCode.ESCAPE);
        eventually("Esc goes back to the composer", () -> desktop.lookup("#composerField").isFocused());
        robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);

        eventually("Ctrl+I in the composer opens my newest message's info, with both others yet to get it",
                () -> messageInfoShows("I do") && robot.lookup("#waiting").tryQuery()
                        .map(n -> ((Pane) n).getChildren().size() == 2).orElse(false));
        robot.clickOn((Button b) -> "Close".equals(b.getText())); // still in view: the dialog grew to its members
        eventually("Close closes it", () -> robot.lookup(".info-quote").tryQuery().isEmpty());
        assertThat(onBobsMessage).isTrue();
        assertThat(fx(() -> openChat())).isSameAs(chat); // Up in the messages stays in this chat
    }

    @Test
    void groupInfoClosesWhenAnotherGroupOrADirectChatOpens() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        bob.post(bob.createGroup("Alpha", alice), "in Alpha");
        bob.post(bob.createGroup("Beta", alice), "in Beta");
        bob.post(bob.roomWith(alice), "just us");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chats are listed", () -> desktop.vm() != null && group("Alpha") != null
                && group("Beta") != null && desktop.chatWith(bob) != null);
        openFromList(group("Alpha"));
        robot.clickOn("#peerName");
        eventually("Alpha's info shows", () -> groupInfoShows("Alpha"));

        openFromList(group("Beta"));
        boolean shownAfterAnotherGroup = fx(() -> desktop.lookup("#groupInfoPane").isVisible());
        robot.clickOn("#peerName");
        eventually("Beta's info shows", () -> groupInfoShows("Beta"));
        openFromList(desktop.chatWith(bob));

        assertThat(shownAfterAnotherGroup).isFalse();
        assertThat(fx(() -> desktop.lookup("#groupInfoPane").isVisible())).isFalse();
    }

    @Test
    void theOwnerSeesRolesInTheWebClientsWordsAndRemovingSomeoneIsRed() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        Peer carol = Peer.register(server, "carol");
        alice.createGroup("Crew", bob, carol);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the group is listed", () -> desktop.vm() != null && group("Crew") != null);
        ChatItem chat = group("Crew");
        openFromList(chat);
        robot.clickOn("#peerName");
        eventually("group info shows its three members", () -> groupInfoShows("Crew")
                && ((ListView<?>) desktop.lookup("#memberList")).getItems().size() == 3);
        List<String> roles = shownTexts(".role-badge");
        desktop.screenshot("desktop-group-info-owner");

        robot.clickOn(robot.lookup(".member-cell").match((Node n) -> n instanceof ListCell<?> cell
                && cell.getItem() instanceof Member m && m.username().equals(bob.username()))
                .<Node>query().lookup(".member-actions"));
        eventually("Bob's options open", () -> robot.lookup("Remove " + bob.username()).tryQuery().isPresent());
        Color removeItem = fx(() -> (Color) robot.lookup("Remove " + bob.username()).<Label>query().getTextFill());
        robot.clickOn("Remove " + bob.username());
        eventually("the question is asked", () -> robot.lookup((Button b) -> "Remove".equals(b.getText()))
                .tryQuery().isPresent());
        Button remove = robot.lookup((Button b) -> "Remove".equals(b.getText())).query();
        Object removeButton = fx(() -> remove.getBackground().getFills().getFirst().getFill());
        robot.clickOn(remove);

        eventually("Bob is removed", () -> chat.member(bob.username()) == null);
        Color danger = Color.web("#ea0038");
        assertThat(List.of(roles, removeItem, removeButton)).containsExactly(List.of("Group owner"), danger, danger);
    }
}

package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.UUID;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chat with unread messages opens at the first of them, under an "N unread messages" divider: above someone else's
 * message only, never one of mine, and gone once I answer.
 */
class UnreadDividerUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void aChatWithUnreadMessagesOpensAtTheFirstOfThemUnderACountingDivider() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ualice");
        Peer bob = Peer.register(server, "ubob");
        UUID room = bob.roomWith(alice);
        for (int i = 1; i <= 15; i++) {
            bob.post(room, "unread " + i + "\nwith a second line\nand a third");
        }
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        ChatItem chat = desktop.chatWith(bob);

        robot.clickOn(bob.username());
        eventually("all 15 messages loaded", () -> chat.messages().size() == 15);

        eventually("the divider above the first unread message, in view", () -> {
            Label divider = robot.lookup(".unread-label").match(Node::isVisible).query();
            Text first = robot.lookup(".bubble-text").match((Text t) -> t.getText().startsWith("unread 1\n")).query();
            Bounds list = desktop.lookup("#messageList").localToScreen(desktop.lookup("#messageList").getBoundsInLocal());
            Bounds shown = first.localToScreen(first.getBoundsInLocal());
            return divider != null && divider.getText().equals("15 UNREAD MESSAGES")
                    && shown.getMinY() >= list.getMinY() && shown.getMaxY() <= list.getMaxY();
        });
        // The day over the first message in the web's casing (its CSS upper-cases it), as is the divider's.
        assertThat(fx(() -> robot.lookup(".day-separator").match(Node::isVisible).queryAll().stream()
                .map(n -> ((Label) n).getText()).filter(text -> !text.isEmpty()).toList())).containsExactly("TODAY");
        desktop.screenshot("desktop-unread-divider");
    }

    @Test
    void aChatWithMoreUnreadMessagesThanAPageOpensAtTheFirstOfThem() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "umalice");
        Peer bob = Peer.register(server, "umbob");
        UUID room = bob.roomWith(alice);
        bob.postMany(room, "unread", 120);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        ChatItem chat = desktop.chatWith(bob);

        robot.clickOn(bob.username());

        eventually("the divider right above the first unread message, both in view", () -> {
            Label divider = robot.lookup(".unread-label").match(Node::isVisible).<Label>tryQuery().orElse(null);
            Text first = robot.lookup(".bubble-text").match((Text t) -> t.getText().equals("unread 1"))
                    .<Text>tryQuery().orElse(null);
            if (divider == null || first == null || !divider.getText().equals("120 UNREAD MESSAGES")) {
                return false;
            }
            Bounds list = desktop.lookup("#messageList").localToScreen(desktop.lookup("#messageList").getBoundsInLocal());
            Bounds line = divider.localToScreen(divider.getBoundsInLocal());
            Bounds shown = first.localToScreen(first.getBoundsInLocal());
            return line.getMinY() >= list.getMinY() && shown.getMaxY() <= list.getMaxY() && line.getMaxY() <= shown.getMinY();
        });
        assertThat(fx(() -> chat.messages().getFirst().seq())).isLessThanOrEqualTo(1L);
    }

    private double top(String query, String text) {
        return fx(() -> {
            Node node = desktop.robot().lookup(query).match(Node::isVisible)
                    .match((Node n) -> n instanceof Text t ? t.getText().equals(text) : ((Label) n).getText().equals(text))
                    .query();
            return node.localToScreen(node.getBoundsInLocal()).getMinY();
        });
    }

    @Test
    void inAGroupMyOwnMessageFromAnotherDeviceIsNeverUnderTheDivider() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "dalice");
        Peer bob = Peer.register(server, "dbob");
        Peer carol = Peer.register(server, "dcarol");
        UUID room = bob.createGroup("Picnic", alice, carol);
        bob.post(room, "who brings the cake?");
        bob.post(bob.roomWith(alice), "see you there");
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online with both chats listed", () -> desktop.vm() != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE
                && desktop.chats().chats().size() == 2);
        ChatItem group = fx(() -> desktop.chats().chats().stream().filter(ChatItem::group).findFirst().orElseThrow());
        desktop.robot().clickOn("Picnic");
        eventually("the group read", () -> group.unread() == 0 && group.loaded());
        desktop.robot().clickOn(desktop.chatWith(bob).name()); // the group is not in front: nothing there is read
        eventually("the other chat open", () -> desktop.conversation().chatProperty().get() != group);

        long before = fx(group::lastSeq);
        alice.post(room, "I do, from my phone"); // another of Alice's devices
        eventually("my message arrived", () -> group.lastSeq() > before);
        carol.post(room, "new 1");
        carol.post(room, "new 2");
        eventually("two unread", () -> group.unread() == 2);
        desktop.robot().clickOn("Picnic");

        eventually("the divider between my message and carol's first", () -> {
            double divider = top(".unread-label", "2 UNREAD MESSAGES");
            return top(".bubble-text", "I do, from my phone") < divider && divider < top(".bubble-text", "new 1");
        });
        desktop.screenshot("desktop-unread-divider-group");
    }

    @Test
    void answeringTakesTheDividerAway() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "walice");
        Peer bob = Peer.register(server, "wbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "lunch?");
        bob.post(room, "at noon");
        desktop = DesktopApp.signedIn(server, alice);
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        desktop.robot().clickOn(bob.username());
        eventually("the divider", () -> desktop.robot().lookup(".unread-label").match(Node::isVisible).tryQuery()
                .isPresent());
        TextArea composer = desktop.lookup("#composerField");
        eventually("the caret in the composer", composer::isFocused);

        desktop.robot().write("yes").type(KeyCode.ENTER);

        eventually("my answer shown and no divider", () -> desktop.robot().lookup(".bubble-text")
                .match((Text t) -> t.getText().equals("yes")).tryQuery().isPresent()
                && desktop.robot().lookup(".unread-label").match((Label l) -> !l.getText().isEmpty()).tryQuery()
                .isEmpty());
    }
}

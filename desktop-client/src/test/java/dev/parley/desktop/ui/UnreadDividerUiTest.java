package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.UUID;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A chat with unread messages opens at the first of them, under an "N unread messages" divider. */
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
            return divider != null && divider.getText().equals("15 unread messages")
                    && shown.getMinY() >= list.getMinY() && shown.getMaxY() <= list.getMaxY();
        });
        desktop.screenshot("desktop-unread-divider");
    }
}

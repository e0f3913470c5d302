package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A person's avatar shows the same initials everywhere: those of the name the app shows for them. */
class AvatarInitialsUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    private static String initialsIn(Node cell) {
        return fx(() -> ((Label) cell.lookup(".avatar-initials")).getText());
    }

    @Test
    void newChatShowsTheDisplayNamesInitialsAsTheChatListDoes() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ia");
        Peer bob = Peer.register(server, "ib");
        bob.setProfile("Bob Builder", "Can we fix it");
        bob.post(bob.roomWith(alice), "can we fix it?");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("online with the chat listed", () -> desktop.vm() != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE
                && desktop.chats().chats().size() == 1);
        Node listed = fx(() -> robot.lookup(".chat-cell").match((Node n) -> n instanceof ChatCell c
                && c.getItem() != null).query());

        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        robot.write(bob.username());
        eventually("bob found", () -> robot.lookup(".chat-cell").match((Node n) -> n instanceof UserCell c
                && c.getItem() != null && c.getItem().username().equals(bob.username())).tryQuery().isPresent());
        Node found = fx(() -> robot.lookup(".chat-cell").match((Node n) -> n instanceof UserCell c
                && c.getItem() != null && c.getItem().username().equals(bob.username())).query());

        assertThat(initialsIn(listed)).isEqualTo("BB");
        assertThat(initialsIn(found)).isEqualTo("BB");
    }
}

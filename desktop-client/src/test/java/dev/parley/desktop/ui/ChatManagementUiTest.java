package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.server.Parley;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chat management in the desktop app: pin, mute, archive, mark unread and clear from the chat list's context menu
 * (right click, Shift+F10) and the conversation header's menu; the server keeps them, and a change made on another of
 * Alice's devices shows at once.
 */
class ChatManagementUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    private static JsonNode listed(Peer peer, UUID room) {
        for (JsonNode each : peer.rooms()) {
            if (each.get("room_uuid").asText().equals(room.toString())) {
                return each;
            }
        }
        throw new AssertionError("room " + room + " not listed");
    }

    private Node cell(ChatItem chat) throws Exception {
        return fx(() -> desktop.robot().lookup(".chat-cell").queryAll().stream()
                .filter(n -> n instanceof ChatCell c && c.getItem() == chat).findFirst().orElseThrow());
    }

    private boolean cellShows(ChatItem chat, String styleClass) throws Exception {
        return fx(() -> desktop.robot().lookup(".chat-cell").queryAll().stream()
                .filter(n -> n instanceof ChatCell cell && cell.getItem() == chat)
                .flatMap(n -> n.lookupAll("." + styleClass).stream()).anyMatch(Node::isVisible));
    }

    @Test
    void pinMuteArchiveAndMarkUnreadFromTheMenusAreKeptByTheServer() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        Peer carol = Peer.register(server, "carol");
        Peer dave = Peer.register(server, "dave");
        UUID withCarol = carol.roomWith(alice);
        carol.post(withCarol, "oldest chat");
        UUID withDave = dave.roomWith(alice);
        dave.post(withDave, "middle chat");
        UUID withBob = bob.roomWith(alice);
        bob.post(withBob, "newest chat");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("three chats", () -> desktop.vm() != null && desktop.chats().chats().size() == 3);
        ChatItem carolsChat = desktop.chatWith(carol);
        ChatItem bobsChat = desktop.chatWith(bob);
        ChatItem davesChat = desktop.chatWith(dave);

        // Pin the oldest chat with a right click (which does not open it): it goes on top.
        robot.rightClickOn(cell(carolsChat));
        robot.clickOn("Pin chat");
        assertThat(fx(() -> desktop.conversation().chatProperty().get())).isNull();
        eventually("carol's chat pinned on top", () -> fx(() -> desktop.chats().chats().getFirst()) == carolsChat
                && cellShows(carolsChat, "pinned-mark"));
        assertThat(listed(alice, withCarol).get("pinned").asBoolean()).isTrue();

        // Mute bob's chat from the keyboard: Shift+F10 on its row opens the same menu.
        robot.clickOn(cell(bobsChat));
        eventually("bob's chat open", () -> fx(() -> desktop.conversation().chatProperty().get()) == bobsChat);
        fx(() -> {
            desktop.lookup("#chatList").requestFocus(); // bob's row is selected: it is the open chat
            return null;
        });
        robot.press(KeyCode.SHIFT).press(KeyCode.F10).release(KeyCode.F10).release(KeyCode.SHIFT);
        robot.clickOn("Mute for 8 hours");
        eventually("bob's chat muted", () -> cellShows(bobsChat, "muted-mark"));
        assertThat(listed(alice, withBob).get("muted_until").asText()).isNotEqualTo("null");
        robot.clickOn(cell(carolsChat));
        eventually("carol's chat open", () -> fx(() -> desktop.conversation().chatProperty().get()) == carolsChat);
        bob.post(withBob, "a muted message");
        eventually("counted unread", () -> fx(bobsChat::unread) == 1);
        assertThat(fx(() -> desktop.vm().notices().stream().noneMatch(n -> n.chat() == bobsChat))).isTrue();
        desktop.screenshot("desktop-chat-list-managed");

        // Archive dave's chat from the conversation header's menu: "Archived (1)" takes it.
        robot.clickOn(cell(davesChat));
        eventually("dave's chat open", () -> fx(() -> desktop.conversation().chatProperty().get()) == davesChat);
        javafx.scene.Node menuButton = desktop.lookup("#chatMenu");
        robot.clickOn("#chatMenu");
        eventually("the chat menu open", () -> fx(() -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing())));
        // It hangs leftwards from the ⋮ at the window's right edge, inside the window (it used to hang past it).
        double[] edges = fx(() -> {
            javafx.stage.Window menu = javafx.stage.Window.getWindows().stream()
                    .filter(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing()).findFirst()
                    .orElseThrow();
            javafx.stage.Window stage = menuButton.getScene().getWindow();
            return new double[] {menu.getX() + menu.getWidth(), stage.getX() + stage.getWidth(),
                    menuButton.localToScreen(menuButton.getBoundsInLocal()).getMaxX()};
        });
        assertThat(edges[0]).isCloseTo(edges[2], org.assertj.core.data.Offset.offset(1.0));
        assertThat(edges[0]).isLessThanOrEqualTo(edges[1]);
        robot.clickOn("Archive chat");
        eventually("dave's chat archived", () -> !fx(() -> desktop.chats().chats().contains(davesChat))
                && fx(() -> ((Button) desktop.lookup("#archivedEntry")).getText()).equals("Archived (1)"));
        robot.clickOn("#archivedEntry");
        eventually("the archived list", () -> fx(() -> desktop.chats().chats().equals(java.util.List.of(davesChat))));
        desktop.screenshot("desktop-chat-archived");
        robot.clickOn("#archivedEntry");
        dave.post(withDave, "back from the archive");
        eventually("dave's message brings it back", () -> fx(() -> desktop.chats().chats().contains(davesChat))
                && !fx(() -> desktop.lookup("#archivedEntry").isVisible()));

        // Marked unread on another of Alice's devices: a dot here at once; opening the chat clears it everywhere.
        alice.chatSettings(withCarol, Map.of("marked_unread", true));
        eventually("the unread dot", () -> fx(carolsChat::markedUnread) && cellShows(carolsChat, "unread-badge"));
        robot.clickOn(cell(carolsChat));
        eventually("read again", () -> !fx(carolsChat::markedUnread)
                && !listed(alice, withCarol).get("marked_unread").asBoolean());

        // Ctrl+Alt+Shift+U (WhatsApp's) marks the open chat unread, and read again.
        robot.press(KeyCode.CONTROL, KeyCode.ALT, KeyCode.SHIFT, KeyCode.U)
                .release(KeyCode.U, KeyCode.SHIFT, KeyCode.ALT, KeyCode.CONTROL);
        eventually("marked unread by the shortcut", () -> fx(carolsChat::markedUnread)
                && listed(alice, withCarol).get("marked_unread").asBoolean() && cellShows(carolsChat, "unread-badge"));
        robot.press(KeyCode.CONTROL, KeyCode.ALT, KeyCode.SHIFT, KeyCode.U)
                .release(KeyCode.U, KeyCode.SHIFT, KeyCode.ALT, KeyCode.CONTROL);
        eventually("read again by the shortcut", () -> !fx(carolsChat::markedUnread)
                && !listed(alice, withCarol).get("marked_unread").asBoolean());
        assertThat(fx(() -> ((javafx.scene.control.TextArea) desktop.lookup("#composerField")).getText())).isEmpty();
    }

    @Test
    void clearingAChatEmptiesItHereAndAFourthPinIsRefusedWithItsReason() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "an old secret");
        for (int i = 0; i < 3; i++) {
            Peer other = Peer.register(server, "pin" + i);
            alice.chatSettings(other.roomWith(alice), Map.of("pinned", true));
        }
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("four chats", () -> desktop.vm() != null && desktop.chats().chats().size() == 4);
        ChatItem chat = desktop.chatWith(bob);
        robot.clickOn(cell(chat));
        eventually("the message", () -> fx(() -> chat.messages().size()) == 1);

        robot.rightClickOn(cell(chat));
        robot.clickOn("Clear chat");
        robot.clickOn((Button b) -> "Clear chat".equals(b.getText()));
        eventually("an empty chat", () -> fx(() -> chat.messages().isEmpty()));
        bob.post(room, "something new");
        eventually("only the new message", () -> fx(() -> chat.messages().size()) == 1);
        assertThat(bob.history(room)).hasSize(2);

        Node before = cell(chat);
        double rowTop = fx(() -> before.localToScene(0, 0).getY());
        robot.rightClickOn(cell(chat));
        robot.clickOn("Pin chat");
        eventually("the reason", () -> fx(() -> ((Label) desktop.lookup("#settingsRefusal")).getText())
                .contains("up to 3 chats"));
        desktop.awaitLayout();
        desktop.screenshot("desktop-chat-pin-refused");
        assertThat(fx(chat::pinned)).isFalse();
        // Over the list's foot: no row moved under the pointer (it pushed the list down 34 px).
        Node after = cell(chat);
        assertThat(fx(() -> after.localToScene(0, 0).getY())).as("the chat's row").isEqualTo(rowTop);
    }
}

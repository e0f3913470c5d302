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
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bubble shows *bold* as bold text and a link as a Hyperlink; markup stays text; an emoji alone is larger; `code`
 * is in a monospace font.
 */
class RichTextUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void aBubbleShowsBoldTextAndALinkWithoutTheSentencesDot() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "talice");
        Peer bob = Peer.register(server, "tbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "see *this* at https://example.com/x.");
        bob.post(room, "<b>x</b>");
        bob.post(room, "\uD83D\uDE00");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        ChatItem chat = desktop.chatWith(bob);

        robot.clickOn(bob.username());
        eventually("all 3 messages loaded", () -> chat.messages().size() == 3);

        eventually("the link and the bold word", () -> robot.lookup(".bubble-link").tryQuery().isPresent()
                && robot.lookup(".bubble-text.bold").tryQuery().isPresent());
        Hyperlink link = robot.lookup(".bubble-link").query();
        Text bold = robot.lookup(".bubble-text.bold").query();
        assertThat(fx(link::getText)).isEqualTo("https://example.com/x");
        assertThat(fx(bold::getText)).isEqualTo("this");
        assertThat(fx(() -> robot.lookup(".bubble-text").match((Text t) -> t.getText().equals("<b>x</b>"))
                .queryAll().size())).isEqualTo(1);
        assertThat(fx(() -> robot.lookup(".bubble-text.emoji-only").queryAll().stream()
                .filter(Node::isVisible).map(node -> ((Text) node).getText()).toList()))
                .containsExactly("\uD83D\uDE00");
        desktop.screenshot("desktop-rich-text");
    }

    @Test
    void inlineCodeIsInAMonospaceFont() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "calice");
        Peer bob = Peer.register(server, "cbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "run `iiiii` then `MMMMM` now");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        robot.clickOn(bob.username());
        eventually("both code segments show", () -> fx(() -> robot.lookup(".bubble-text.code").queryAll().stream()
                .filter(Node::isVisible).count() == 2));
        java.util.List<Text> code = fx(() -> robot.lookup(".bubble-text.code").queryAll().stream()
                .filter(Node::isVisible).map(Text.class::cast).toList());
        assertThat(fx(() -> code.stream().map(Text::getText).toList())).containsExactly("iiiii", "MMMMM");
        // In a monospace font five narrow letters are as wide as five wide ones.
        assertThat(fx(() -> code.get(0).getLayoutBounds().getWidth()))
                .as("the width of `iiiii` in %s", fx(() -> code.get(0).getFont()))
                .isCloseTo(fx(() -> code.get(1).getLayoutBounds().getWidth()), org.assertj.core.data.Offset.offset(0.5));
        desktop.screenshot("desktop-inline-code");
    }
}

package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.Tick;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.server.Parley;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alice blocks Bob from the chat menu of the desktop app (Bob over the protocol), then unblocks him. */
class BlockingUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void blockingFromTheChatMenuRefusesBobsMessagesUntilAliceUnblocks() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "Hi Alice!");
        bob.connect(TestNode.ws(node));
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        ChatItem chat = desktop.chatWith(bob);
        robot.clickOn(bob.username());
        eventually("the conversation shows Bob's message", () -> chat.messages().size() == 1);

        robot.clickOn("#chatMenu");
        robot.clickOn("Block " + bob.username());
        robot.clickOn((Button b) -> "Block".equals(b.getText()));

        eventually("the blocked notice shows", () -> desktop.lookup("#blockedNotice").isVisible());
        assertThat(fx(() -> ((Label) desktop.lookup("#blockedText")).getText()))
                .isEqualTo("You blocked " + bob.username() + ". Unblock to send a message.");
        assertThat(fx(() -> ((TextArea) desktop.lookup("#composerField")).isDisabled())).isTrue();
        bob.send(Map.of("type", "send", "room_uuid", room, "content", "why?", "client_id", "b-1"));
        JsonNode refused = bob.await(f -> Peer.type(f).equals("error"), "the refusal");
        assertThat(refused.get("message").asText()).isEqualTo("you can't message this person");
        Path light = desktop.screenshot("desktop-blocked-light");
        fx(() -> {
            desktop.app().darkThemeProperty().set(true);
            return null;
        });
        Path dark = desktop.screenshot("desktop-blocked-dark");

        robot.clickOn("#unblockButton");
        eventually("the composer is back", () -> !desktop.lookup("#blockedNotice").isVisible()
                && !desktop.lookup("#composerField").isDisabled());
        bob.post(room, "Friends again?");
        eventually("Bob's message arrives", () -> chat.messages().size() == 2);
        assertThat(light).isNotEmptyFile();
        assertThat(dark).isNotEmptyFile();
        bob.close();
    }

    @Test
    void aBlockMadeOnAnotherDeviceShowsInTheOpenChatAtOnceAndSoDoesTheUnblock() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "Hi Alice!");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        ChatItem chat = desktop.chatWith(bob);
        robot.clickOn(bob.username());
        eventually("the conversation shows Bob's message", () -> chat.messages().size() == 1);

        alice.block(bob); // on her phone, say

        eventually("the blocked notice shows", () -> desktop.lookup("#blockedNotice").isVisible()
                && desktop.lookup("#composerField").isDisabled());
        assertThat(fx(() -> ((Label) desktop.lookup("#blockedText")).getText()))
                .isEqualTo("You blocked " + bob.username() + ". Unblock to send a message.");

        alice.unblock(bob);

        eventually("the composer is back", () -> !desktop.lookup("#blockedNotice").isVisible()
                && !desktop.lookup("#composerField").isDisabled());
    }

    @Test
    void aMessageToSomeoneWhoBlockedAliceIsMarkedNotSentWithTheReason() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "Bye.");
        bob.block(alice);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        ChatItem chat = desktop.chatWith(bob);
        robot.clickOn(bob.username());
        eventually("the conversation shows Bob's message", () -> chat.messages().size() == 1);

        robot.clickOn("#composerField").write("Why?");
        robot.type(KeyCode.ENTER);

        eventually("the reason shows under the message", () -> robot.lookup(".failure-reason").queryAll().stream()
                .anyMatch(n -> n.isVisible() && "Not sent. You can't message this person.".equals(((Label) n).getText())));
        assertThat(fx(() -> chat.messages().getLast().tick())).isEqualTo(Tick.FAILED);
        assertThat(desktop.screenshot("desktop-blocked-sender")).isNotEmptyFile();
    }
}

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.robot.Robot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The first keys typed after opening a chat reach its composer even when they come before the app has handled the
 * click or the key that opened it (a fast typist, a busy moment): the mouse and key events are queued in one go, so
 * they are all waiting before anything the app itself puts on the FX thread's queue while handling the first.
 */
class TypingAfterOpeningUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    private List<Peer> startWithChats(String prefix, int count) throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, prefix + "a");
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Peer peer = Peer.register(server, prefix + "p" + i);
            peer.post(peer.roomWith(alice), "hello from " + i);
            peers.add(peer);
        }
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online with the chats listed", () -> desktop.vm() != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE
                && desktop.chats().chats().size() == count);
        return peers;
    }

    @Test
    void lettersTypedRightAfterClickingChatsLandInTheirComposersEveryTime() throws Exception {
        List<Peer> peers = startWithChats("fc", 3);
        for (int round = 0; round < 12; round++) {
            Peer peer = peers.get(round % peers.size());
            ChatItem chat = desktop.chatWith(peer);
            String word = "word" + (char) ('a' + round);
            Node row = fx(() -> desktop.robot().lookup(".chat-cell").queryAll().stream()
                    .filter(n -> n instanceof ChatCell cell && cell.getItem() == chat).findFirst().orElseThrow());
            fx(() -> {
                Robot robot = new Robot();
                Bounds box = row.localToScreen(row.getLayoutBounds());
                robot.mouseMove(box.getCenterX(), box.getCenterY());
                robot.mousePress(MouseButton.PRIMARY);
                robot.mouseRelease(MouseButton.PRIMARY);
                type(robot, word);
                return null;
            });
            eventually("round " + round + ": the chat is open", () ->
                    desktop.conversation().chatProperty().get() == chat);
            WaitForAsyncUtils.waitForFxEvents(); // every key queued has been handled
            assertThat(fx(this::composerText)).as("round %d: the composer", round).isEqualTo(word);
            fx(() -> {
                desktop.conversation().draftProperty().set("");
                return null;
            });
        }
    }

    @Test
    void lettersTypedRightAfterDownInTheChatSearchLandInTheComposer() throws Exception {
        List<Peer> peers = startWithChats("fk", 2);
        for (int round = 0; round < 6; round++) {
            Peer peer = peers.get(round % peers.size());
            ChatItem chat = desktop.chatWith(peer);
            String word = "key" + (char) ('a' + round);
            fx(() -> {
                TextField filter = desktop.lookup("#filterField");
                filter.clear();
                filter.requestFocus();
                return null;
            });
            eventually("the chat search has the keyboard", () -> desktop.lookup("#filterField").isFocused());
            fx(() -> {
                Robot robot = new Robot();
                type(robot, peer.username().toLowerCase(Locale.ROOT));
                robot.keyType(KeyCode.DOWN); // the first chat found opens
                type(robot, word);
                return null;
            });
            eventually("round " + round + ": the chat is open", () ->
                    desktop.conversation().chatProperty().get() == chat);
            WaitForAsyncUtils.waitForFxEvents(); // every key queued has been handled
            assertThat(fx(this::composerText)).as("round %d: the composer", round).isEqualTo(word);
            fx(() -> {
                desktop.conversation().draftProperty().set("");
                return null;
            });
        }
    }

    @Test
    void lettersTypedRightAfterEnterInNewChatLandInTheNewChatsComposer() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "fna");
        List<Peer> strangers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            strangers.add(Peer.register(server, "fns" + i));
        }
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online", () -> desktop.vm() != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        for (int round = 0; round < strangers.size(); round++) {
            Peer stranger = strangers.get(round);
            String words = "hi there " + round;
            desktop.robot().press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
            eventually("the new chat drawer opens", () -> desktop.lookup("#newChatPane").isVisible());
            desktop.robot().write(stranger.username());
            eventually("round " + round + ": the stranger is found",
                    () -> ((ListView<?>) desktop.lookup("#userList")).getItems().size() == 1);
            fx(() -> { // Enter and the first words in one go: all queued before the server answers with the room
                Robot robot = new Robot();
                robot.keyType(KeyCode.ENTER);
                for (char c : words.toCharArray()) {
                    robot.keyType(c == ' ' ? KeyCode.SPACE : KeyCode.getKeyCode(String.valueOf(Character.toUpperCase(c))));
                }
                return null;
            });
            eventually("round " + round + ": the new chat is open", () -> desktop.conversation().chatProperty().get() != null
                    && desktop.conversation().chatProperty().get().nameProperty().get().equals(stranger.username()));
            WaitForAsyncUtils.waitForFxEvents(); // every key queued has been handled
            assertThat(fx(this::composerText)).as("round %d: the composer", round).isEqualTo(words);
            assertThat(fx(() -> desktop.lookup("#composerField").isFocused())).isTrue();
            fx(() -> {
                desktop.conversation().draftProperty().set("");
                return null;
            });
        }
    }

    /** Lower-case letters and digits, one key each. */
    private static void type(Robot robot, String text) {
        for (char c : text.toCharArray()) {
            robot.keyType(KeyCode.getKeyCode(String.valueOf(Character.toUpperCase(c))));
        }
    }

    private String composerText() {
        return ((TextArea) desktop.lookup("#composerField")).getText();
    }
}

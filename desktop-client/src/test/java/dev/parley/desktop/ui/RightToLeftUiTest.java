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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An all-Hebrew message wraps wherever the desktop shows it whole (JavaFX 25.0.2 throws wrapping a line inside a
 * right-to-left run, see {@link WrapSafeText}): in the toast it raises and in its message info, with nothing thrown
 * on the FX thread. The bubbles are swept across widths by {@code BubbleLayoutUiTest}.
 */
class RightToLeftUiTest {

    /** Long enough to wrap in a toast and in the message info dialog. */
    private static final String HEBREW = "אני מגיע עם החברים בעוד חמש דקות, תחכו לי ליד הכניסה הראשית של הקניון "
            + "ואל תשכחו להביא את הכרטיסים";

    private DesktopApp desktop;
    private final List<Throwable> thrown = new CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler before;

    @BeforeEach
    void collectWhatTheFxThreadThrows() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        fx(() -> {
            before = Thread.currentThread().getUncaughtExceptionHandler();
            Thread.currentThread().setUncaughtExceptionHandler((thread, e) -> thrown.add(e));
            return null;
        });
    }

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
        fx(() -> {
            Thread.currentThread().setUncaughtExceptionHandler(before);
            return null;
        });
    }

    @Test
    void anAllHebrewMessageWrapsInItsToast() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "halice");
        Peer bob = Peer.register(server, "hbob");
        Peer dave = Peer.register(server, "hdave");
        bob.roomWith(alice);
        UUID daveRoom = dave.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online with the chats listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null
                && desktop.chatWith(dave) != null && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        ChatItem chat = desktop.chatWith(bob);
        desktop.robot().clickOn(bob.username());
        eventually("Bob's chat is open", () -> desktop.conversation().chatProperty().get() == chat);

        dave.post(daveRoom, HEBREW);
        eventually("the toast shows the message", () -> fx(() -> desktop.robot().lookup(".toast-body").queryAll()
                .stream().anyMatch(n -> WrapSafeText.text((TextFlow) n).equals(HEBREW))));
        Node body = fx(() -> desktop.robot().lookup(".toast-body").query());
        eventually("the toast is laid out on several lines", () -> fx(() -> body.getLayoutBounds().getHeight()
                > 2 * ((TextFlow) body).getChildren().getFirst().getLayoutBounds().getHeight()));
        desktop.screenshot("desktop-toast-hebrew");
        assertThat(thrown).as("thrown on the FX thread").isEmpty();
    }

    @Test
    void anAllHebrewMessageWrapsInItsMessageInfo() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ialice");
        Peer bob = Peer.register(server, "ibob");
        UUID room = alice.createGroup("Hebrew", bob);
        alice.post(room, HEBREW);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the group is listed", () -> desktop.vm() != null && desktop.chats().allChats().size() == 1
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        robot.clickOn("Hebrew");
        eventually("my message shows", () -> desktop.conversation().chatProperty().get() != null
                && !desktop.conversation().chatProperty().get().messages().isEmpty());
        robot.clickOn("#composerField");
        robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);

        eventually("its message info shows it", () -> fx(() -> robot.lookup(".info-quote").tryQuery()
                .map(n -> WrapSafeText.text((TextFlow) n).equals(HEBREW)).orElse(false)));
        TextFlow quote = fx(() -> robot.lookup(".info-quote").query());
        eventually("on several lines", () -> fx(() -> quote.getLayoutBounds().getHeight()
                > 2 * quote.getChildren().getFirst().getLayoutBounds().getHeight()));
        desktop.screenshot("desktop-message-info-hebrew");
        robot.type(KeyCode.ESCAPE);
        assertThat(thrown).as("thrown on the FX thread").isEmpty();
    }
}

package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.Properties;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window: where it opens (where it was left, on a screen that shows it all), that its place is remembered as soon
 * as it settles, and how the chat list and the conversation share a narrow one.
 */
class WindowLayoutUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    private DesktopApp start(Properties settings) throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "wa");
        Peer bob = Peer.register(server, "wb");
        bob.post(bob.roomWith(alice), "hi");
        desktop = DesktopApp.signedIn(server, alice, settings);
        eventually("the chat listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        return desktop;
    }

    @Test
    void aWindowLeftPartlyOffTheScreenOpensWhollyOnItAndANewPlaceIsRememberedOnceSettled() throws Exception {
        Properties before = new Properties();
        before.setProperty("window.x", "900");
        before.setProperty("window.y", "500");
        before.setProperty("window.width", "3000");
        before.setProperty("window.height", "2000");
        start(before);
        Stage stage = desktop.stage();
        Rectangle2D screen = fx(() -> Screen.getPrimary().getVisualBounds());

        Rectangle2D opened = fx(() -> new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        fx(() -> {
            stage.setX(40);
            stage.setY(30);
            stage.setWidth(900);
            stage.setHeight(640);
            return null;
        });

        assertThat(screen.contains(opened)).as("%s on %s", opened, screen).isTrue();
        eventually("the new place saved while the app runs", () -> {
            Properties saved = desktop.store().settings();
            return "40.0".equals(saved.getProperty("window.x")) && "30.0".equals(saved.getProperty("window.y"))
                    && "900.0".equals(saved.getProperty("window.width"))
                    && "640.0".equals(saved.getProperty("window.height"));
        });
    }

    @Test
    void theChatListsDraggedWidthIsRememberedOnceSettledAndRestoredNextRun() throws Exception {
        start(new Properties());
        Region sidebar = desktop.lookup(".sidebar");
        eventually("laid out at its usual width", () -> sidebar.getWidth() == 375);

        Region edge = desktop.lookup(".list-resizer");
        desktop.robot().drag(edge, MouseButton.PRIMARY).moveBy(-60, 0)
                .release(MouseButton.PRIMARY);

        eventually("the list narrowed", () -> sidebar.getWidth() == 315);
        eventually("its width saved while the app runs",
                () -> "315.0".equals(desktop.store().settings().getProperty("list.width")));
        Properties saved = desktop.store().settings();
        desktop.close();
        start(saved);
        Region again = desktop.lookup(".sidebar");
        eventually("the next run's list laid out", () -> again.getWidth() > 0);
        assertThat(fx(again::getWidth)).isEqualTo(315);
    }

    @Test
    void aRememberedListWidthOutsideItsRangeIsClampedToIt() throws Exception {
        Properties wide = new Properties();
        wide.setProperty("list.width", "900");
        start(wide);
        Region sidebar = desktop.lookup(".sidebar");
        eventually("laid out", () -> sidebar.getWidth() > 0);
        assertThat(fx(sidebar::getWidth)).isEqualTo(420);
        desktop.close();

        Properties narrow = new Properties();
        narrow.setProperty("list.width", "12");
        start(narrow);
        Region again = desktop.lookup(".sidebar");
        eventually("laid out", () -> again.getWidth() > 0);
        assertThat(fx(again::getWidth)).isEqualTo(260);
    }

    @Test
    void theChatListKeepsItsWidthAndANarrowWindowNarrowsItBeforeTheConversation() throws Exception {
        start(new Properties());
        Stage stage = desktop.stage();
        Region sidebar = desktop.lookup(".sidebar");
        Region conversation = desktop.lookup(".conversation-area");
        eventually("laid out", () -> sidebar.getWidth() > 0);
        double listAtStart = fx(sidebar::getWidth);

        fx(() -> {
            stage.setWidth(stage.getMinWidth());
            return null;
        });
        eventually("the narrowest window", () -> stage.getWidth() == stage.getMinWidth()
                && sidebar.getWidth() < listAtStart);
        desktop.screenshot("desktop-narrow-window");

        assertThat(listAtStart).isEqualTo(375);
        assertThat(fx(sidebar::getWidth)).isEqualTo(260);
        assertThat(fx(conversation::getWidth)).isGreaterThanOrEqualTo(380);
    }
}

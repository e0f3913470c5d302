package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "Sign out" in the window's menu asks first; only "Sign out" in that question ends the session. */
class SignOutUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void signingOutAsksFirstAndEscapeKeepsTheUserSignedIn() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        desktop = DesktopApp.signedIn(server, Peer.register(server, "soesc"));
        var robot = desktop.robot();
        eventually("the window is up", () -> desktop.vm() != null);

        robot.clickOn("#menuButton").clickOn("Sign out");
        eventually("the question shows", () -> !robot.lookup(".confirm-dialog").queryAll().isEmpty());
        String question = DesktopApp.fx(() -> robot.lookup(".confirm-dialog").queryAs(DialogPane.class).getHeaderText());
        robot.type(KeyCode.ESCAPE);
        eventually("the question is gone", () -> robot.lookup(".confirm-dialog").queryAll().isEmpty());

        assertThat(question).isEqualTo("Sign out of Parley on this device?");
        assertThat(desktop.store().session()).isPresent();
        assertThat(DesktopApp.fx(() -> desktop.vm() != null)).isTrue();
    }

    @Test
    void confirmingSignsOut() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        desktop = DesktopApp.signedIn(server, Peer.register(server, "soyes"));
        var robot = desktop.robot();
        eventually("the window is up", () -> desktop.vm() != null);

        robot.clickOn("#menuButton").clickOn("Sign out");
        eventually("the question shows", () -> !robot.lookup(".confirm-dialog").queryAll().isEmpty());
        robot.clickOn((Button b) -> "Sign out".equals(b.getText()));

        eventually("the sign-in screen shows", () -> !robot.lookup("#usernameField").queryAll().isEmpty());
        assertThat(desktop.store().session()).isEmpty();
    }
}

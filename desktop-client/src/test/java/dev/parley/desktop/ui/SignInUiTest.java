package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.login.Session;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sign-in screen against a real server: clear errors, then the chats, and a session remembered privately. */
class SignInUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void aWrongPasswordIsExplainedAndTheRightOneOpensTheChatsAndIsRemembered() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "signin");
        desktop = DesktopApp.signedOut(server);
        var robot = desktop.robot();

        robot.clickOn("#usernameField").write(alice.username());
        robot.clickOn("#passwordField").write("not-the-password");
        robot.clickOn("#submitButton");
        eventually("the error shows", () -> ((Label) desktop.lookup("#errorLabel")).isVisible());
        String error = DesktopApp.fx(() -> ((Label) desktop.lookup("#errorLabel")).getText());
        robot.doubleClickOn("#passwordField").eraseText(30).write(alice.password()).type(KeyCode.ENTER);
        eventually("the chat list shows", () -> !robot.lookup("#chatList").queryAll().isEmpty());

        assertThat(error).isEqualTo("Wrong username or password.");
        assertThat(desktop.store().session()).get().extracting(Session::username).isEqualTo(alice.username());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                desktop.store().dir().resolve("session.properties")))).isEqualTo("rw-------");
    }

    @Test
    void anUnreachableServerIsNamed() throws Exception {
        desktop = DesktopApp.signedOut(URI.create("http://127.0.0.1:9"));
        var robot = desktop.robot();

        robot.clickOn("#usernameField").write("nobody");
        robot.clickOn("#passwordField").write("whatever-password").type(KeyCode.ENTER);
        eventually("the error shows", () -> ((Label) desktop.lookup("#errorLabel")).isVisible());

        assertThat(DesktopApp.fx(() -> ((Label) desktop.lookup("#errorLabel")).getText()))
                .isEqualTo("Can't reach the server at http://127.0.0.1:9. Is it running?");
    }

    @Test
    void aTakenNameIsExplainedWhenSigningUp() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer taken = Peer.register(server, "taken");
        desktop = DesktopApp.signedOut(server);
        var robot = desktop.robot();

        robot.clickOn("#modeLink");
        robot.clickOn("#usernameField").write(taken.username());
        robot.clickOn("#passwordField").write("long-enough-password").type(KeyCode.ENTER);
        eventually("the error shows", () -> ((Label) desktop.lookup("#errorLabel")).isVisible());

        assertThat(DesktopApp.fx(() -> ((Label) desktop.lookup("#errorLabel")).getText()))
                .isEqualTo("That username is taken. Try another one.");
    }

    @Test
    void aShortPasswordIsExplainedWhenSigningUp() throws Exception {
        desktop = DesktopApp.signedOut(TestNode.http(TestNode.shared()));
        var robot = desktop.robot();

        robot.clickOn("#modeLink");
        robot.clickOn("#usernameField").write("shortpw" + System.nanoTime() % 1_000_000);
        robot.clickOn("#passwordField").write("abc").type(KeyCode.ENTER);
        eventually("the error shows", () -> ((Label) desktop.lookup("#errorLabel")).isVisible());

        assertThat(DesktopApp.fx(() -> ((Label) desktop.lookup("#errorLabel")).getText()))
                .isEqualTo("Password must be at least 8 characters.");
    }

    /** What a button or link shows of its text: the whole of it, or the part before the ellipsis the skin cut it to. */
    private static String shownText(Labeled control) {
        return DesktopApp.fx(() -> ((Text) control.lookup(".text")).getText());
    }

    @Test
    void signInAndSignUpShowTheirButtonsWholeAtTheDefaultSize() throws Exception {
        desktop = DesktopApp.signedOut(TestNode.http(TestNode.shared()));
        Labeled submit = desktop.lookup("#submitButton");
        Labeled mode = desktop.lookup("#modeLink");
        String signIn = shownText(submit) + " | " + shownText(mode);
        desktop.screenshot("desktop-sign-in");

        desktop.robot().clickOn("#modeLink");
        eventually("the sign-up form", () -> submit.getText().equals("Create account"));
        String signUp = shownText(submit) + " | " + shownText(mode);
        desktop.screenshot("desktop-sign-up");

        assertThat(signIn).isEqualTo("Sign in | Create account");
        assertThat(signUp).isEqualTo("Create account | I already have an account");
    }
}

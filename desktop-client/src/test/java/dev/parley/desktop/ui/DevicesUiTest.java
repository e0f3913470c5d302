package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signed-in devices on the desktop (issue 15, "Sessions"): the Profile drawer lists this app as "Parley desktop" and
 * Alice's other device; she signs the other one out (asked first), then signs out of all devices and is back at the
 * sign-in screen.
 */
class DevicesUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void aliceSignsHerOtherDeviceOutThenSignsOutOfAllDevices() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "devs"); // her other device: a script, whose User-Agent names no browser
        Peer other = Peer.register(server, "devso");
        desktop = DesktopApp.signedOut(server);
        var robot = desktop.robot();
        robot.clickOn("#usernameField").write(alice.username());
        robot.clickOn("#passwordField").write(alice.password()).type(KeyCode.ENTER);
        eventually("the window is up", () -> desktop.vm() != null);

        robot.clickOn("#profileButton");
        eventually("both devices listed", () -> rows().size() == 2);
        assertThat(rows().getFirst()).startsWith("Parley desktop This device ").endsWith(" · Active now");
        assertThat(rows().get(1)).startsWith("Unknown device ").contains(" · Last active ");
        scrollToDevices();
        assertThat(desktop.screenshot("desktop-devices")).isNotEmptyFile();

        robot.clickOn(".device-sign-out");
        eventually("the question shows", () -> !robot.lookup(".confirm-dialog").queryAll().isEmpty());
        assertThat(fx(() -> robot.lookup(".confirm-dialog").queryAs(DialogPane.class).getHeaderText()))
                .isEqualTo("Sign out Unknown device?");
        robot.clickOn((Button b) -> "Sign out".equals(b.getText()) && b.getScene() != desktop.stage().getScene());

        eventually("one device left", () -> rows().size() == 1);
        assertThat(fx(() -> ((Label) desktop.lookup("#devicesStatusLabel")).getText()))
                .isEqualTo("Unknown device is signed out.");
        eventually("the keyboard carries on below the list", () -> fx(() -> desktop.stage().getScene()
                .getFocusOwner() == desktop.lookup("#signOutAllButton")));
        assertThat(new dev.parley.server.Api(server).get("/api/me", alice.token()).status()).isEqualTo(401);
        assertThat(new dev.parley.server.Api(server).get("/api/me", other.token()).status()).isEqualTo(200);

        robot.type(KeyCode.SPACE); // the focused "Sign out of all devices"
        eventually("the question shows", () -> !robot.lookup(".confirm-dialog").queryAll().isEmpty());
        assertThat(fx(() -> robot.lookup(".confirm-dialog").queryAs(DialogPane.class).getHeaderText()))
                .isEqualTo("Sign out of all devices?");
        robot.clickOn((Button b) -> "Sign out everywhere".equals(b.getText()));

        eventually("the sign-in screen shows", () -> !robot.lookup("#usernameField").queryAll().isEmpty());
        assertThat(desktop.store().session()).isEmpty();
    }

    @Test
    void escapeClosesTheDrawerWithItsDevices() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        desktop = DesktopApp.signedIn(server, Peer.register(server, "devesc"));
        var robot = desktop.robot();
        eventually("the window is up", () -> desktop.vm() != null);
        robot.clickOn("#profileButton");
        eventually("this device listed", () -> rows().size() == 1);

        robot.type(KeyCode.ESCAPE);

        eventually("the drawer is closed", () -> !fx(() -> desktop.lookup("#profilePane").isVisible()));
    }

    /** Each device row's labels, joined by spaces. */
    private List<String> rows() throws Exception {
        return fx(() -> ((VBox) desktop.lookup("#devicesBox")).getChildren().stream()
                .map(row -> row.lookupAll(".label").stream().map(n -> ((Label) n).getText())
                        .filter(t -> !t.isEmpty()).reduce((a, b) -> a + " " + b).orElse(""))
                .toList());
    }

    private void scrollToDevices() throws Exception {
        fx(() -> {
            ((ScrollPane) desktop.lookup("#profileScroll")).setVvalue(1);
            return null;
        });
        Node button = desktop.lookup("#signOutAllButton");
        eventually("the devices in view", () -> fx(() -> button.localToScene(button.getBoundsInLocal()).getMaxY()
                <= desktop.stage().getScene().getHeight()));
    }
}

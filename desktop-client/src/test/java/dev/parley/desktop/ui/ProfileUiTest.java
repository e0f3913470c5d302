package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.server.Parley;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Profiles on the desktop (issue 17): Alice edits her display name and About in the Profile drawer and Bob is told;
 * Bob's name and About show in her chat list and header, and follow his changes live.
 */
class ProfileUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void aliceSavesHerProfileFromTheDrawerAndBobIsTold() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        bob.roomWith(alice);
        bob.connect(TestNode.ws(node));
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);

        robot.clickOn("#profileButton");
        eventually("the profile drawer shows", () -> desktop.lookup("#profilePane").isVisible());
        robot.clickOn("#profileNameField").write("x".repeat(65));
        eventually("the name is too long", () -> desktop.lookup("#profileNameError").isVisible());
        assertThat(fx(() -> ((Label) desktop.lookup("#profileNameError")).getText()))
                .isEqualTo("Your name is too long: at most 64 characters.");
        fx(() -> {
            ((TextField) desktop.lookup("#profileNameField")).setText("");
            return null;
        });
        robot.clickOn("#profileNameField").write("Alice Liddell");
        robot.clickOn("#profileAboutField").write("At the tea party");
        robot.clickOn("#profileSaveButton");

        eventually("my name shows in the sidebar", () -> "Alice Liddell".equals(
                ((Label) desktop.lookup("#meLabel")).getText()));
        JsonNode told = bob.await(f -> Peer.type(f).equals("profile"), "alice's profile");
        assertThat(told.get("display_name").asText()).isEqualTo("Alice Liddell");
        assertThat(told.get("about").asText()).isEqualTo("At the tea party");
        assertThat(desktop.screenshot("desktop-profile")).isNotEmptyFile();
        bob.close();
    }

    @Test
    void theNameAndAboutFieldsShowTheirEdgeAndAReadablePlaceholderInBothThemes() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "falice");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("signed in", () -> desktop.vm() != null);
        robot.clickOn("#profileButton");
        eventually("the profile drawer shows", () -> desktop.lookup("#profilePane").isVisible());
        for (boolean dark : new boolean[] {false, true}) {
            fx(() -> {
                desktop.app().darkThemeProperty().set(dark);
                desktop.stage().getScene().getRoot().applyCss();
                desktop.stage().getScene().getRoot().layout();
                return null;
            });
            String theme = dark ? "dark" : "light";
            robot.clickOn("#profileNameField");
            desktop.screenshot("desktop-profile-fields-" + theme);
            for (String id : new String[] {"#profileNameField", "#profileAboutField"}) {
                assertLooksEditable(id, true, theme);
                assertLooksEditable(id, false, theme);
            }
            javafx.geometry.Bounds name = fx(() -> desktop.lookup("#profileNameField").localToScene(
                    desktop.lookup("#profileNameField").getLayoutBounds()));
            javafx.geometry.Bounds about = fx(() -> desktop.lookup("#profileAboutField").localToScene(
                    desktop.lookup("#profileAboutField").getLayoutBounds()));
            assertThat(name.getMinX()).as("the fields' left edges").isCloseTo(about.getMinX(), within(0.5));
            assertThat(name.getWidth()).as("the fields' widths").isCloseTo(about.getWidth(), within(0.5));
        }
    }

    /**
     * The field's edge stands out from the drawer (3:1, as for any control's boundary) and its placeholder is readable
     * on it (4.5:1), with the focus in it or in the other field.
     */
    private void assertLooksEditable(String id, boolean focused, String theme) {
        TextField field = desktop.lookup(id);
        String other = id.equals("#profileNameField") ? "#profileAboutField" : "#profileNameField";
        String state = focused ? "focused" : "not focused";
        fx(() -> {
            field.clear();
            desktop.lookup(focused ? id : other).requestFocus();
            field.applyCss();
            return null;
        });
        fx(() -> {
            String panel = hex(behind(field.getParent()));
            List<BackgroundFill> fills = field.getBackground().getFills();
            String edge = hex(colour(fills.getFirst().getFill()));
            String inside = hex(colour(fills.getLast().getFill()));
            assertThat(ThemeColours.contrast(edge, panel))
                    .as("%s %s in the %s theme: its edge %s against the drawer %s", id, state, theme, edge, panel)
                    .isGreaterThanOrEqualTo(3);
            Color fill = (Color) prompt(field).getFill();
            assertThat(fill.getOpacity()).as("%s %s in the %s theme: its placeholder's opacity", id, state, theme)
                    .isEqualTo(1);
            assertThat(ThemeColours.contrast(hex(fill), inside))
                    .as("%s %s in the %s theme: its placeholder %s on %s", id, state, theme, hex(fill), inside)
                    .isGreaterThanOrEqualTo(4.5);
            return null;
        });
    }

    /** The colour of the nearest background behind {@code node}. */
    private static Color behind(Parent node) {
        for (Parent p = node; p != null; p = p.getParent()) {
            if (p instanceof Region region && region.getBackground() != null) {
                Background background = region.getBackground();
                for (BackgroundFill fill : background.getFills().reversed()) {
                    if (fill.getFill() instanceof Color colour && colour.getOpacity() == 1) {
                        return colour;
                    }
                }
            }
        }
        throw new AssertionError("no background behind " + node);
    }

    /** The text node showing the field's placeholder (shown while it is empty). */
    private static Text prompt(TextField field) {
        java.util.ArrayDeque<Node> nodes = new java.util.ArrayDeque<>(List.of(field));
        while (!nodes.isEmpty()) {
            Node node = nodes.pop();
            if (node instanceof Text text && field.getPromptText().equals(text.getText()) && text.isVisible()) {
                return text;
            }
            if (node instanceof Parent parent) {
                nodes.addAll(parent.getChildrenUnmodifiable());
            }
        }
        throw new AssertionError("no placeholder in " + field);
    }

    /** A colour, or a gradient's last (a text field's inner shade ends in it). */
    private static Color colour(javafx.scene.paint.Paint paint) {
        return paint instanceof javafx.scene.paint.LinearGradient gradient ? gradient.getStops().getLast().getColor()
                : (Color) paint;
    }

    private static String hex(Color colour) {
        return String.format("#%02x%02x%02x", Math.round(colour.getRed() * 255), Math.round(colour.getGreen() * 255),
                Math.round(colour.getBlue() * 255));
    }

    @Test
    void bobsNameAndAboutShowAndFollowHisChangesWithoutAReload() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        UUID room = bob.roomWith(alice);
        bob.setProfile("Bob Builder", "Can we fix it?");
        bob.post(room, "Hi Alice!");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        ChatItem chat = desktop.chatWith(bob);
        assertThat(fx(chat::name)).isEqualTo("Bob Builder");

        robot.clickOn("Bob Builder");
        eventually("the header shows his About", () -> fx(() -> desktop.conversation().subtitleProperty().get())
                .endsWith("Can we fix it?"));

        bob.setProfile("Robert", "Yes we can");

        eventually("the chat follows his new name", () -> "Robert".equals(fx(chat::name)));
        eventually("the header follows it", () -> "Robert".equals(
                fx(() -> desktop.conversation().titleProperty().get()))
                && fx(() -> desktop.conversation().subtitleProperty().get()).endsWith("Yes we can"));
        assertThat(robot.lookup(".chat-name").queryAll().stream()
                .anyMatch(n -> n instanceof Label l && "Robert".equals(l.getText()))).isTrue();
    }

    @Test
    void alicesPrivacyChoicesAreSavedOnTheServerAndBobNoLongerSeesHerOnline() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        bob.roomWith(alice);
        bob.connect(TestNode.ws(node));
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        bob.await(f -> Peer.type(f).equals("presence") && f.get("online").asBoolean(), "alice online");

        robot.clickOn("#profileButton");
        eventually("the settings are read", () -> !desktop.lookup("#readReceiptsCheck").isDisabled());
        robot.clickOn("#lastSeenCheck");
        eventually("saved", () -> "Saved".equals(((Label) desktop.lookup("#settingsStatusLabel")).getText()));
        // The box keeps the focus (one that turned disabled while saving handed it further down and the drawer
        // scrolled there).
        assertThat(fx(() -> desktop.stage().getScene().getFocusOwner())).as("the focus after ticking")
                .isSameAs(desktop.lookup("#lastSeenCheck"));
        // The focused box shows where the focus is: an edge that stands out (it lost its border and looked disabled).
        fx(() -> {
            javafx.scene.layout.Region box = (javafx.scene.layout.Region) desktop.lookup("#lastSeenCheck").lookup(".box");
            String panel = hex(behind(desktop.lookup("#lastSeenCheck").getParent()));
            Color ring = colour(box.getBackground().getFills().getFirst().getFill());
            String edge = hex(ring);
            assertThat(ring.getOpacity()).as("the focused box's edge's opacity").isEqualTo(1);
            assertThat(ThemeColours.contrast(edge, panel)).as("the focused box's edge %s on %s", edge, panel)
                    .isGreaterThanOrEqualTo(3);
            return null;
        });
        robot.clickOn("#readReceiptsCheck");

        eventually("both saved", () -> "{\"last_seen\":\"nobody\",\"read_receipts\":false}".equals(
                alice.get("/api/me/settings/").toString()));
        JsonNode hidden = bob.await(f -> Peer.type(f).equals("presence") && !f.get("online").asBoolean(),
                "alice hidden");
        assertThat(hidden.get("last_seen").isNull()).isTrue();
        assertThat(desktop.screenshot("desktop-privacy")).isNotEmptyFile();
        bob.close();
    }
}

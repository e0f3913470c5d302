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
import java.util.UUID;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
        eventually("saved", () -> !desktop.lookup("#readReceiptsCheck").isDisabled()
                && "Saved".equals(((Label) desktop.lookup("#settingsStatusLabel")).getText()));
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

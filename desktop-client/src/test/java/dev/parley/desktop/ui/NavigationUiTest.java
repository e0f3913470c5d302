package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding people and chats with the keyboard, and older history on scrolling up, against a real server. */
class NavigationUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void ctrlNFindsAPersonAndEnterOpensANewChatWithThem() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "nalice");
        Peer carol = Peer.register(server, "ncarol");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the window is up", () -> desktop.vm() != null);

        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        eventually("the new chat drawer opens", () -> ((VBox) desktop.lookup("#newChatPane")).isVisible());
        robot.write(carol.username());
        eventually("Carol is found", () -> ((ListView<?>) desktop.lookup("#userList")).getItems().size() == 1);
        robot.type(KeyCode.ENTER);
        eventually("the chat with Carol is open", () -> desktop.conversation().chatProperty().get() != null);

        assertThat(fx(() -> ((Label) desktop.lookup("#peerName")).getText())).isEqualTo(carol.username());
        assertThat(fx(() -> ((VBox) desktop.lookup("#newChatPane")).isVisible())).isFalse();
        assertThat(fx(() -> desktop.chats().chats().size())).isEqualTo(1);
    }

    @Test
    void escClosesTheNewChatDrawerAndCtrlFFiltersTheChats() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "falice");
        Peer bob = Peer.register(server, "fbob");
        Peer carol = Peer.register(server, "fcarol");
        bob.roomWith(alice);
        carol.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("both chats are listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 2);

        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        eventually("the drawer opens", () -> ((VBox) desktop.lookup("#newChatPane")).isVisible());
        robot.type(KeyCode.ESCAPE);
        eventually("Esc closes it", () -> !((VBox) desktop.lookup("#newChatPane")).isVisible());
        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        eventually("the filter has focus", () -> ((TextField) desktop.lookup("#filterField")).isFocused());
        robot.write("fcar");
        eventually("only Carol is listed", () -> desktop.chats().chats().size() == 1);
        String listed = fx(() -> desktop.chats().chats().getFirst().peer());
        robot.type(KeyCode.DOWN);
        eventually("Down opens the listed chat", () -> desktop.conversation().chatProperty().get() != null);
        String opened = fx(() -> desktop.conversation().chatProperty().get().peer());
        robot.type(KeyCode.ESCAPE);
        eventually("Esc clears the filter", () -> desktop.chats().chats().size() == 2);

        assertThat(listed).isEqualTo(carol.username());
        assertThat(opened).isEqualTo(carol.username());
    }

    private VirtualFlow<?> flow() {
        return (VirtualFlow<?>) ((ListView<?>) desktop.lookup("#messageList")).lookup(".virtual-flow");
    }

    @Test
    void scrollingToTheTopLoadsOlderMessagesAboveTheOnesShown() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "halice");
        Peer bob = Peer.register(server, "hbob");
        UUID room = bob.roomWith(alice);
        bob.postMany(room, "message", 60);
        // Read on another device first: a chat with unread messages would open at the first of them.
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 60, bob);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null);
        ChatItem chat = desktop.chatWith(bob);

        robot.clickOn(bob.username());
        eventually("the newest page is shown", () -> chat.messages().size() == 50);
        eventually("it opens scrolled to the newest message", () -> flow().getPosition() >= 0.98);
        // Reaching the top as a user's scrolling does (the headless robot's wheel direction is platform-dependent).
        fx(() -> {
            ((ListView<?>) desktop.lookup("#messageList")).scrollTo(0);
            return null;
        });
        eventually("the older page is shown too", () -> chat.messages().size() == 60);

        assertThat(fx(() -> chat.messages().stream().map(MessageItem::seq).toList()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(fx(() -> chat.hasOlderProperty().get())).isFalse();
        assertThat(fx(() -> flow().getPosition())).isGreaterThan(0); // the message that was on top stays in view
    }

    /** Each person the "New chat" search lists, with the status line under their name. */
    private Map<String, String> listedPeople() {
        return fx(() -> desktop.robot().lookup("#userList").lookup(".chat-cell").queryAll().stream()
                .filter(cell -> cell.lookup(".chat-name") instanceof Label name && name.getText() != null
                        && !name.getText().isEmpty() && cell.isVisible())
                .collect(Collectors.toMap(cell -> ((Label) cell.lookup(".chat-name")).getText(),
                        cell -> ((Label) cell.lookup(".chat-preview")).getText(), (a, b) -> a)));
    }

    @Test
    void newChatShowsWhoIsOnlineAndWhenTheOthersWereLastSeenAndInventsNoStatus() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ualice");
        Peer bob = Peer.register(server, "uxbob");
        Peer carol = Peer.register(server, "uxcarol");
        Peer dave = Peer.register(server, "uxdave");
        bob.roomWith(alice); // presence is shown only to people who share a chat
        dave.roomWith(alice);
        dave.roomWith(bob);
        bob.connect(TestNode.ws(TestNode.shared()));
        dave.connect(TestNode.ws(TestNode.shared()));
        dave.close();
        bob.await(f -> Peer.type(f).equals("presence") && f.get("user").asText().equals(dave.username())
                && !f.get("online").asBoolean(), "dave going offline");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the window is up", () -> desktop.vm() != null);

        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        eventually("the new chat drawer opens", () -> ((VBox) desktop.lookup("#newChatPane")).isVisible());
        robot.write("ux");
        eventually("the three are listed", () -> listedPeople().keySet().containsAll(
                java.util.List.of(bob.username(), carol.username(), dave.username())));
        Map<String, String> people = listedPeople();

        assertThat(people.get(bob.username())).isEqualTo("online");
        assertThat(people.get(dave.username())).matches("last seen today at \\d{1,2}:\\d\\d(\\h?[AaPp][Mm])?");
        assertThat(people.get(carol.username())).isEmpty();
        bob.close();
    }

    @Test
    void aFilterThatMatchesNoChatSaysSoAndOffersANewChatWithThePersonFoundWhichOpensItDirectly() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "zalice");
        Peer bob = Peer.register(server, "zbob");
        Peer carol = Peer.register(server, "zcarol");
        bob.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);

        String nobody = carol.username() + "x";
        robot.clickOn("#filterField").write(nobody);
        eventually("no chat matches", () -> desktop.chats().chats().isEmpty());
        Node empty = desktop.lookup("#noMatches");
        assertThat(fx(empty::isVisible)).isTrue();
        assertThat(fx(() -> ((Label) desktop.lookup("#noMatchesLabel")).getText()))
                .isEqualTo("No chats match \"" + nobody + "\"");
        Hyperlink start = desktop.lookup("#startChatWithFilter");
        // Offered at once before (any name-like filter); now only once the server finds someone (MainViewModelTest
        // holds an answer of nobody to it without a race).
        assertThat(fx(start::isVisible)).as("a new chat offered with a name nobody has").isFalse();

        robot.type(KeyCode.BACK_SPACE);
        eventually("a new chat is offered with Carol", () -> fx(start::isVisible));
        assertThat(fx(() -> ((Label) desktop.lookup("#noMatchesLabel")).getText()))
                .isEqualTo("No chats match \"" + carol.username() + "\"");
        assertThat(fx(start::getText)).isEqualTo("Start a new chat with " + carol.username());
        robot.clickOn(start);

        // As on the web: the chat with Carol opens at once (created), the filter cleared, the caret in the composer.
        eventually("the chat with Carol opens", () -> desktop.chatWith(carol) != null
                && desktop.conversation().chatProperty().get() == desktop.chatWith(carol));
        eventually("the filter is cleared", () -> fx(() -> ((TextField) desktop.lookup("#filterField")).getText())
                .isEmpty());
        assertThat(fx(() -> ((VBox) desktop.lookup("#newChatPane")).isVisible())).as("New chat shown").isFalse();
        eventually("the caret in the composer", () -> fx(() -> desktop.stage().getScene().getFocusOwner()
                == desktop.lookup("#composerField")));
        eventually("both chats listed", () -> desktop.chats().chats().size() == 2);
    }
}

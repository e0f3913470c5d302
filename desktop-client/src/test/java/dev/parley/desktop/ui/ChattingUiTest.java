package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.Tick;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.server.Parley;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alice in the desktop app, Bob (and Dave) over the WebSocket protocol, one real server: the conversation as a
 * user sees it, ticks, typing, unread counts, toasts, and screenshots of the window in both themes.
 */
class ChattingUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    /** The tick marks the message list currently shows for messages of mine. */
    private List<Tick> shownTicks() {
        return fx(() -> desktop.robot().lookup("#messageList").lookup(".tick").queryAll().stream()
                .filter(Node::isVisible).map(n -> ((TickMark) n).tick()).toList());
    }

    private MessageItem last(ChatItem chat) {
        return fx(() -> chat.messages().getLast());
    }

    @Test
    void aConversationFlowsBothWaysWithTicksTypingReceiptsAndUnreadCounts() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        Peer dave = Peer.register(server, "dave");
        UUID room = bob.roomWith(alice);
        UUID daveRoom = dave.roomWith(alice);
        dave.post(daveRoom, "Lunch at one?");
        bob.post(room, "Hi Alice! Are you coming tonight?");
        bob.connect(TestNode.ws(node));
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();

        eventually("both chats are listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 2);
        ChatItem chat = desktop.chatWith(bob);
        assertThat(fx(() -> chat.unread())).isEqualTo(1);
        assertThat(fx(() -> desktop.stage().getTitle())).isEqualTo("(2) Parley");
        assertThat(fx(() -> desktop.chats().chats().getFirst())).isSameAs(chat); // newest activity first

        robot.clickOn(bob.username());
        eventually("the conversation shows Bob's message", () -> chat.messages().size() == 1);
        JsonNode read = bob.await(f -> Peer.type(f).equals("receipt") && f.get("kind").asText().equals("read")
                && f.get("user").asText().equals(alice.username()), "alice's read receipt");
        assertThat(read.get("seq").asLong()).isEqualTo(1);
        assertThat(fx(() -> ((Label) desktop.lookup("#peerName")).getText())).isEqualTo(bob.username());
        assertThat(fx(() -> ((Label) desktop.lookup("#peerStatus")).getText())).isEqualTo("online");
        eventually("the title counts only Dave's message", () -> desktop.stage().getTitle().equals("(1) Parley"));

        robot.clickOn("#composerField").write("Yes! See you at eight.");
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT).write("Bring the map.");
        robot.type(KeyCode.ENTER);
        JsonNode received = bob.await(f -> Peer.type(f).equals("message"), "alice's message");
        assertThat(received.get("message").get("content").asText()).isEqualTo("Yes! See you at eight.\nBring the map.");
        eventually("two grey ticks once Bob's device has it", () -> last(chat).tick() == Tick.DELIVERED);
        assertThat(shownTicks()).containsExactly(Tick.DELIVERED);

        bob.send(Map.of("type", "read", "room_uuid", room, "seq", received.get("message").get("seq").asLong()));
        eventually("blue ticks once Bob read it", () -> last(chat).tick() == Tick.READ);
        eventually("the list shows blue ticks too", () -> shownTicks().equals(List.of(Tick.READ)));

        bob.send(Map.of("type", "typing", "room_uuid", room));
        eventually("the header says typing…",
                () -> ((Label) desktop.lookup("#peerStatus")).getText().equals("typing…"));
        bob.post(room, "Great, I'll bring snacks");
        eventually("Bob's reply shows", () -> chat.messages().size() == 3);
        eventually("typing ends with the message",
                () -> ((Label) desktop.lookup("#peerStatus")).getText().equals("online"));
        assertThat(fx(() -> chat.messages().stream().map(MessageItem::content).toList())).containsExactly(
                "Hi Alice! Are you coming tonight?", "Yes! See you at eight.\nBring the map.",
                "Great, I'll bring snacks");

        dave.post(daveRoom, "Or two?");
        eventually("a toast tells about Dave's message",
                () -> ((VBox) desktop.lookup("#toasts")).getChildren().size() == 1);
        eventually("the title counts Dave's two messages", () -> desktop.stage().getTitle().equals("(2) Parley"));
        assertThat(fx(() -> desktop.chatWith(dave).unread())).isEqualTo(2);

        Path light = desktop.screenshot("desktop-light");
        fx(() -> {
            desktop.app().darkThemeProperty().set(true);
            return null;
        });
        Path dark = desktop.screenshot("desktop-dark");
        // docs/desktop.png (the README's picture) is copied from target/ by hand: tests never write outside target/.
        assertThat(light).isNotEmptyFile();
        assertThat(dark).isNotEmptyFile();
        bob.close();
    }

    private String composerText() {
        return fx(() -> ((TextArea) desktop.lookup("#composerField")).getText());
    }

    /** Starts Alice's app with Bob connected over the protocol and waits until it is online with the chat listed. */
    private ChatItem startWithBob(Peer alice, Peer bob) throws Exception {
        desktop = DesktopApp.signedIn(TestNode.http(TestNode.shared()), alice);
        eventually("online with the chat listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        return desktop.chatWith(bob);
    }

    @Test
    void whatIsTypedRightAfterClickingAChatLandsInItsComposerAndTellsThePeer() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "kalice");
        Peer bob = Peer.register(server, "kbob");
        UUID room = bob.roomWith(alice);
        bob.connect(TestNode.ws(TestNode.shared()));
        ChatItem chat = startWithBob(alice, bob);

        desktop.robot().clickOn(bob.username());
        eventually("the chat is open", () -> desktop.conversation().chatProperty().get() == chat);
        desktop.robot().write("Hello");

        assertThat(composerText()).isEqualTo("Hello");
        JsonNode typing = bob.await(f -> Peer.type(f).equals("typing"), "alice typing");
        assertThat(typing.get("room_uuid").asText()).isEqualTo(room.toString());
        bob.close();
    }

    @Test
    void whatIsTypedRightAfterOpeningAChatFoundByTheFilterLandsInItsComposer() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ealice");
        Peer bob = Peer.register(server, "ebob");
        Peer dave = Peer.register(server, "edave");
        bob.roomWith(alice);
        dave.roomWith(alice);
        desktop = DesktopApp.signedIn(TestNode.http(TestNode.shared()), alice);
        eventually("online with both chats listed", () -> desktop.vm() != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE
                && desktop.chats().allChats().size() == 2);
        ChatItem chat = desktop.chatWith(bob);
        var robot = desktop.robot();

        robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        eventually("the filter has focus", () -> ((TextField) desktop.lookup("#filterField")).isFocused());
        robot.write("ebo");
        eventually("only Bob's chat is listed", () -> desktop.chats().chats().size() == 1);
        robot.type(KeyCode.DOWN); // Enter would search the messages
        eventually("Down opens the chat found", () -> desktop.conversation().chatProperty().get() == chat);
        robot.write("Hi");

        assertThat(composerText()).isEqualTo("Hi");
        assertThat(fx(() -> ((TextField) desktop.lookup("#filterField")).getText())).isEqualTo("ebo");
    }

    @Test
    void whatIsTypedRightAfterMovingToAChatWithDownLandsInItsComposer() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "dalice");
        Peer bob = Peer.register(server, "dbob");
        bob.roomWith(alice);
        ChatItem chat = startWithBob(alice, bob);
        var robot = desktop.robot();

        robot.clickOn("#filterField").type(KeyCode.DOWN);
        eventually("Down opens the chat", () -> desktop.conversation().chatProperty().get() == chat);
        robot.write("Yo");

        assertThat(composerText()).isEqualTo("Yo");
    }

    private VirtualFlow<?> messageFlow() {
        return (VirtualFlow<?>) ((ListView<?>) desktop.lookup("#messageList")).lookup(".virtual-flow");
    }

    /** The newest message's cell is on screen from its top to its bottom. */
    private boolean newestMessageWhollyShown() {
        ListView<?> list = desktop.lookup("#messageList");
        VirtualFlow<?> flow = messageFlow();
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (last == null || last.getIndex() != list.getItems().size() - 1) {
            return false;
        }
        Bounds cell = last.localToScene(last.getLayoutBounds());
        Bounds view = flow.localToScene(flow.getLayoutBounds());
        return cell.getMaxY() <= view.getMaxY() + 0.5 && cell.getMinY() >= view.getMinY() - 0.5;
    }

    /** Both themes of the window as it is now, for a look at the layout. */
    private void screenshots(String name) {
        desktop.screenshot(name + "-light");
        fx(() -> {
            desktop.app().darkThemeProperty().set(true);
            return null;
        });
        desktop.screenshot(name + "-dark");
        fx(() -> {
            desktop.app().darkThemeProperty().set(false);
            return null;
        });
    }

    @Test
    void inAFullChatWhatISendAndWhatArrivesWhileAtTheBottomIsScrolledWhollyIntoView() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "salice");
        Peer bob = Peer.register(server, "sbob");
        UUID room = bob.roomWith(alice);
        bob.postMany(room, "Earlier message", 40);
        // Nothing unread: the chat opens at its newest message.
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 40, bob);
        ChatItem chat = startWithBob(alice, bob);
        var robot = desktop.robot();
        robot.clickOn(bob.username());
        eventually("the chat shows the newest message", () -> chat.messages().size() == 40
                && newestMessageWhollyShown());

        robot.write("A longer answer of mine, long enough to wrap onto a second line in the bubble so that it "
                + "is taller than the rows around it and would end below the fold if only its top were shown.");
        robot.type(KeyCode.ENTER);
        eventually("my message is stored", () -> chat.messages().size() == 41 && !last(chat).pending());
        screenshots("scroll-after-send");
        eventually("my message is wholly in view", this::newestMessageWhollyShown);

        bob.post(room, "And the reply to it,\nwritten on\nthree lines");
        eventually("Bob's reply arrives", () -> chat.messages().size() == 42);
        eventually("the reply is wholly in view", this::newestMessageWhollyShown);
    }

    @Test
    void resizingTheWindowWhileAtTheBottomStaysAtTheBottom() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "walice");
        Peer bob = Peer.register(server, "wbob");
        UUID room = bob.roomWith(alice);
        bob.postMany(room, "A message long enough to wrap when the window gets narrower than it is now, number", 40);
        // Nothing unread: the chat opens at its newest message.
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 40, bob);
        ChatItem chat = startWithBob(alice, bob);
        desktop.robot().clickOn(bob.username());
        eventually("the chat shows the newest message", () -> chat.messages().size() == 40
                && newestMessageWhollyShown());

        fx(() -> {
            Stage stage = desktop.stage();
            stage.setWidth(stage.getWidth() - 250);
            stage.setHeight(stage.getHeight() - 180);
            return null;
        });
        screenshots("scroll-after-resize");

        eventually("the newest message is still wholly in view", this::newestMessageWhollyShown);
    }

    @Test
    void theTimeAndTicksSitAtTheEndOfTheLastLineOfAShortMessage() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "balice");
        Peer bob = Peer.register(server, "bbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "Short one");
        bob.post(room, "A much longer message that takes the whole width of a bubble and then some more words, "
                + "so that it wraps and the time has to find its place after the last line of it.");
        ChatItem chat = startWithBob(alice, bob);
        desktop.robot().clickOn(bob.username());
        eventually("both messages show", () -> chat.messages().size() == 2);
        fx(() -> {
            desktop.conversation().draftProperty().set("ok");
            desktop.conversation().send();
            return null;
        });
        eventually("my reply is stored", () -> chat.messages().size() == 3 && !last(chat).pending());
        screenshots("bubbles");

        List<Node> bubbles = fx(() -> desktop.robot().lookup("#messageList").lookup(".bubble").queryAll().stream()
                .filter(ChattingUiTest::shown).sorted(java.util.Comparator.comparingDouble(b -> scene(b).getMinY()))
                .toList());
        assertThat(bubbles).hasSize(3);
        for (Node bubble : List.of(bubbles.getFirst(), bubbles.getLast())) {
            assertTimeAtTheEndOfTheLastLine(bubble);
        }
    }

    private static void assertTimeAtTheEndOfTheLastLine(Node bubble) {
        Bounds text = fx(() -> scene(bubble.lookup(".bubble-text")));
        Bounds meta = fx(() -> scene(bubble.lookup(".bubble-meta")));
        assertThat(meta.getMinY()).as("the time starts above the bottom of the text").isLessThan(text.getMaxY());
        assertThat(meta.getMinX()).as("the time comes after the text").isGreaterThanOrEqualTo(text.getMinX());
    }

    /** Visible with all its parents (a list keeps spare cells out of sight). */
    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static Bounds scene(Node node) {
        return node.localToScene(node.getBoundsInLocal());
    }

    @Test
    void manyMessagesFromOneChatMakeOneToastThatCountsThemAndGoesWhenTheyAreReadOnAnotherDevice()
            throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "talice");
        Peer bob = Peer.register(server, "tbob");
        Peer dave = Peer.register(server, "tdave");
        bob.roomWith(alice);
        UUID daveRoom = dave.roomWith(alice);
        ChatItem chat = startWithBob(alice, bob);
        desktop.robot().clickOn(bob.username());
        eventually("Bob's chat is open", () -> desktop.conversation().chatProperty().get() == chat);
        AtomicInteger mostToasts = new AtomicInteger();
        fx(() -> {
            VBox toasts = desktop.lookup("#toasts");
            toasts.getChildren().addListener((ListChangeListener<Node>) c ->
                    mostToasts.accumulateAndGet(toasts.getChildren().size(), Math::max));
            return null;
        });

        dave.postMany(daveRoom, "news", 120);
        eventually("the toast counts Dave's messages", () -> toastTexts().equals(
                List.of(dave.username(), "120 new messages")));
        screenshots("toast");
        assertThat(mostToasts.get()).isEqualTo(1);
        // Under the open chat's header: its search and menu buttons stay in reach (a click there opened Dave's chat).
        assertThat(fx(() -> {
            Node toast = desktop.robot().lookup("#toasts").lookup(".toast").query();
            Node header = desktop.robot().lookup(".conversation-header").query();
            return toast.localToScene(toast.getLayoutBounds()).getMinY()
                    - header.localToScene(header.getLayoutBounds()).getMaxY();
        })).as("the toast's top below the header's bottom").isGreaterThanOrEqualTo(0.0);

        alice.connect(TestNode.ws(TestNode.shared())); // Alice's other device reads Dave's chat there
        alice.send(Map.of("type", "read", "room_uuid", daveRoom, "seq", 120));
        eventually("the toast goes", () -> ((VBox) desktop.lookup("#toasts")).getChildren().isEmpty());
        assertThat(fx(() -> desktop.chatWith(dave).unread())).isZero();
        alice.close();
    }

    @Test
    void messagesThatComeWhileIAmScrolledUpShowAsACountOnTheButtonDownWhichTakesMeToThem() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ualice");
        Peer bob = Peer.register(server, "ubob");
        UUID room = bob.roomWith(alice);
        bob.postMany(room, "earlier", 40);
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 40, bob); // the chat opens at its bottom
        ChatItem chat = startWithBob(alice, bob);
        desktop.robot().clickOn(bob.username());
        eventually("the chat shows its messages", () -> desktop.conversation().chatProperty().get() == chat
                && chat.messages().size() == 40);
        desktop.awaitLayout();
        boolean shownAtTheBottom = fx(() -> desktop.lookup("#latestButton").isVisible());

        fx(() -> {
            ((ListView<?>) desktop.lookup("#messageList")).scrollTo(0);
            return null;
        });
        eventually("the button down shows", () -> fx(() -> desktop.lookup("#latestButton").isVisible()));
        bob.post(room, "new one");
        bob.post(room, "and another");
        eventually("its badge counts the two", () -> fx(() -> desktop.lookup("#latestCount").isVisible()
                && "2".equals(((Label) desktop.lookup("#latestCount")).getText())));
        screenshots("scrolled-up-new-messages");
        desktop.robot().clickOn("#latestButton");

        eventually("at the newest message, the button and its badge gone", () -> fx(() ->
                !desktop.lookup("#latestButton").isVisible() && !desktop.lookup("#latestCount").isVisible()));
        assertThat(shownAtTheBottom).as("the button at the bottom").isFalse();
    }

    private List<String> toastTexts() {
        return fx(() -> desktop.robot().lookup("#toasts").lookup(".toast").queryAll().stream()
                .flatMap(t -> java.util.stream.Stream.of(((Label) t.lookup(".toast-title")).getText(),
                        WrapSafeText.text((TextFlow) t.lookup(".toast-body")))).toList());
    }

    @Test
    void aBurstOfSendsPastTheServersLimitsAllArriveInOrderAndNoneStaysNotSent() throws Exception {
        // The server's own limits (application.yaml), which the shared test node lifts: a burst of 20 sends, then 10 a
        // second, and 60 frames of any type, then 20 a second.
        try (Parley node = TestNode.start(TestNode.freshDataDir(), 0, Map.of(
                "parley.limits.send-burst", "20", "parley.limits.send-per-second", "10",
                "parley.limits.frames-burst", "60", "parley.limits.frames-per-second", "20"))) {
            URI server = TestNode.http(node);
            Peer alice = Peer.register(server, "ralice");
            Peer bob = Peer.register(server, "rbob");
            UUID room = bob.roomWith(alice);
            desktop = DesktopApp.signedIn(server, alice);
            eventually("online with the chat listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null
                    && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
            ChatItem chat = desktop.chatWith(bob);
            desktop.robot().clickOn(bob.username());
            eventually("Bob's chat is open", () -> desktop.conversation().chatProperty().get() == chat);

            // 90 sends at once, as Enter pressed as fast as it goes (they went out at once, and those past the limits
            // were stored out of order or, refused unread past the frame limit, never).
            List<String> sent = new java.util.ArrayList<>();
            fx(() -> {
                for (int i = 1; i <= 90; i++) {
                    sent.add("burst " + i);
                    desktop.conversation().draftProperty().set("burst " + i);
                    desktop.conversation().send();
                }
                return null;
            });

            eventually("all of them are stored", () -> fx(() -> chat.messages().stream()
                    .filter(m -> m.mine() && !m.pending()).count() == 90));
            assertThat(fx(() -> chat.messages().stream().filter(MessageItem::mine).map(MessageItem::content)
                    .toList())).as("in the order sent").isEqualTo(sent);
            assertThat(fx(() -> chat.messages().stream().filter(m -> !m.failure().isEmpty()).toList()))
                    .as("messages with a failure").isEmpty();
            List<String> stored = new java.util.ArrayList<>();
            bob.history(room).forEach(m -> {
                if (m.path("kind").asText().equals("message")) {
                    stored.add(m.path("content").asText());
                }
            });
            assertThat(stored).as("what the server stored, in order").isEqualTo(sent);
            assertThat(fx(() -> desktop.robot().lookup(".failure-reason").queryAll().stream()
                    .filter(Node::isVisible).toList())).as("notes under bubbles").isEmpty();
            desktop.close();
            desktop = null;
        }
    }

    @Test
    void anEmptyChatShowsTheWallpaperNotTheWelcomePanelsStyle() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "valice");
        Peer bob = Peer.register(server, "vbob");
        bob.roomWith(alice);
        ChatItem chat = startWithBob(alice, bob);
        desktop.robot().clickOn(bob.username());
        eventually("the empty chat is open", () -> desktop.conversation().chatProperty().get() == chat);

        // The list's own placeholder shares the style class of the welcome panel shown while no chat is open.
        javafx.scene.layout.Region empty = fx(() -> (javafx.scene.layout.Region)
                ((ListView<?>) desktop.lookup("#messageList")).lookup(".placeholder"));
        assertThat(fx(() -> empty.getBorder() == null || empty.getBorder().isEmpty())).isTrue();
        assertThat(fx(() -> empty.getBackground() == null || empty.getBackground().isEmpty())).isTrue();
    }
}

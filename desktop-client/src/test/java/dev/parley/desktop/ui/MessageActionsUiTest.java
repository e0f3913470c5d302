package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ComposerMode;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.server.Parley;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.input.ContextMenuEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.PickResult;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alice in the desktop app, Bob over the WebSocket protocol, one real server: reply, edit, react and delete for
 * everyone from the message menu and the keyboard, each reaching Bob, and Bob's actions showing on Alice's side.
 */
class MessageActionsUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    /** The cell showing the message whose text (or tombstone) is {@code content}. */
    private Optional<MessageCell> cell(String content) {
        return desktop.robot().lookup(".message-cell").queryAll().stream()
                .filter(n -> n instanceof MessageCell c && c.isVisible() && c.getItem() != null
                        && c.getItem().content().equals(content))
                .map(MessageCell.class::cast).findFirst();
    }

    private Node bubble(String content) {
        return fx(() -> cell(content).orElseThrow().lookup(".bubble"));
    }

    /** The texts of the visible labels with {@code styleClass} in the cell of {@code content}. */
    private List<String> labels(String content, String styleClass) {
        return cell(content).map(c -> c.lookupAll("." + styleClass).stream()
                .filter(n -> n.isVisible() && n instanceof javafx.scene.control.Labeled)
                .map(n -> ((javafx.scene.control.Labeled) n).getText()).toList()).orElse(List.of());
    }

    /**
     * A right click on {@code node}: the context-menu request a desktop platform sends on it (Monocle's headless
     * mouse sends none, see its MouseInput).
     */
    private void rightClick(Node node) {
        desktop.robot().moveTo(node);
        fx(() -> {
            Bounds b = node.localToScreen(node.getLayoutBounds());
            double x = b.getCenterX();
            double y = b.getCenterY();
            Point2D local = node.screenToLocal(x, y);
            node.fireEvent(new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED, local.getX(), local.getY(),
                    x, y, false, new PickResult(node, x, y)));
            return null;
        });
    }

    /** What the bubble of the message {@code content} draws: its text nodes, joined (the model may be ahead). */
    private String drawn(String content) {
        return cell(content).map(c -> c.lookupAll(".bubble-text").stream().filter(n -> n instanceof Text)
                .map(n -> ((Text) n).getText()).collect(Collectors.joining()).strip()).orElse("");
    }

    /** The preview line of the one chat in the list. */
    private String chatPreview() {
        return fx(() -> desktop.robot().lookup(".chat-cell").queryAll().stream()
                .map(cell -> cell.lookup(".chat-preview")).filter(n -> n instanceof Label l && l.getText() != null
                        && !l.getText().isEmpty()).map(n -> ((Label) n).getText()).findFirst().orElse(""));
    }

    private static Predicate<JsonNode> update(String action, String user) {
        return f -> Peer.type(f).equals("update") && f.get("action").asText().equals(action)
                && f.get("user").asText().equals(user);
    }

    @Test
    void theMenuOfMyMessageAtTheWindowsRightEdgeOpensInsideTheWindow() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        UUID room = bob.roomWith(alice);
        alice.post(room, "ok");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        javafx.stage.Stage stage = desktop.stage();
        // A window with screen to its right (the screen is 1280 wide): JavaFX kept popups on the screen only.
        fx(() -> {
            stage.setX(40);
            stage.setY(40);
            stage.setWidth(900);
            stage.setHeight(640);
            return null;
        });
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        robot.clickOn(bob.username());
        eventually("my message shows", () -> cell("ok").isPresent());

        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).type(KeyCode.F10).release(KeyCode.SHIFT);
        eventually("the menu opens on my message", () -> robot.lookup("Reply").tryQuery().isPresent());

        double[] edges = fx(() -> {
            javafx.stage.Window menu = javafx.stage.Window.getWindows().stream()
                    .filter(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing()).findFirst()
                    .orElseThrow();
            return new double[] {menu.getX() + menu.getWidth(), stage.getX() + stage.getWidth()};
        });
        assertThat(edges[0]).as("the menu's right edge inside the window's").isLessThanOrEqualTo(edges[1]);
        robot.type(KeyCode.ESCAPE);
    }

    @Test
    void replyEditReactAndDeleteForEveryoneReachTheOtherSideAndTheirsReachMine() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob");
        UUID room = bob.roomWith(alice);
        long where = bob.post(room, "Where do we meet?");
        bob.connect(TestNode.ws(node));
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        ChatItem chat = desktop.chatWith(bob);
        robot.clickOn(bob.username());
        eventually("Bob's message shows", () -> cell("Where do we meet?").isPresent());

        // Reply from the menu, opened from the keyboard (Shift+Tab to the messages, Shift+F10, Enter on its first
        // entry): the bar quotes Bob, the reply carries reply_to to Bob, the bubble shows the quote.
        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).type(KeyCode.F10).release(KeyCode.SHIFT);
        eventually("the menu opens on Bob's message", () -> robot.lookup("Reply").tryQuery().isPresent());
        robot.type(KeyCode.ENTER);
        eventually("the reply bar quotes Bob and the composer has the focus", () -> desktop.lookup("#composerBar")
                .isVisible() && ((Label) desktop.lookup("#composerBarText")).getText().equals("Where do we meet?")
                && desktop.lookup("#composerField").isFocused());
        robot.write("At the station").type(KeyCode.ENTER);
        JsonNode reply = bob.await(f -> Peer.type(f).equals("message"), "alice's reply").get("message");
        assertThat(reply.path("reply_to").path("seq").asLong()).as(reply::toString).isEqualTo(where);
        assertThat(reply.get("reply_to").get("content").asText()).isEqualTo("Where do we meet?");
        eventually("my reply quotes Bob", () -> labels("At the station", "quote-text")
                .equals(List.of("Where do we meet?")) && !desktop.lookup("#composerBar").isVisible()
                && desktop.lookup("#composerField").isFocused());

        // Up in the empty composer edits my last message; Enter saves; Bob sees it edited.
        eventually("the reply is stored", () -> !chat.messages().getLast().pending());
        robot.type(KeyCode.UP);
        eventually("Up edits my reply", () -> desktop.conversation().composerModeProperty().get() == ComposerMode.EDIT
                && desktop.conversation().draftProperty().get().equals("At the station")
                && ((Label) desktop.lookup("#composerBarTitle")).getText().equals("Edit message"));
        robot.press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write("At the main station");
        robot.type(KeyCode.ENTER);
        JsonNode edited = bob.await(update("edit", alice.username()), "alice's edit").get("message");
        assertThat(edited.get("content").asText()).isEqualTo("At the main station");
        assertThat(edited.get("edited_at").isNull()).isFalse();
        eventually("my bubble says edited", () -> labels("At the main station", "edited-label").equals(List.of("Edited")));

        // React from the menu; Bob reacts to mine; a click on my chip takes mine back.
        rightClick(bubble("Where do we meet?"));
        robot.clickOn("React");
        // The menu's 👍, not the composer emoji picker's (built with the chat, hidden until opened).
        robot.clickOn(fx(() -> robot.lookup(".reaction-choice").queryAll().stream()
                .filter(n -> n.isVisible() && n.getScene() != null && n.lookupAll(".label").stream()
                        .anyMatch(l -> l instanceof Labeled label && "👍".equals(label.getText())))
                .findFirst().orElseThrow()));
        JsonNode reacted = bob.await(update("react", alice.username()), "alice's reaction").get("message");
        assertThat(reacted.get("reactions").get(0).get("emoji").asText()).isEqualTo("👍");
        bob.act("react", room, reply.get("seq").asLong(), Map.of("emoji", "❤️"));
        eventually("Bob's heart shows under my reply", () -> labels("At the main station", "reaction-chip")
                .equals(List.of("❤️")));
        eventually("my thumb shows under Bob's message", () -> labels("Where do we meet?", "reaction-chip")
                .equals(List.of("👍")));
        robot.clickOn(fx(() -> cell("Where do we meet?").orElseThrow().lookup(".reaction-chip")));
        JsonNode removed = bob.await(update("react", alice.username()), "alice taking it back").get("message");
        assertThat(removed.get("reactions").size()).isZero();
        eventually("my thumb is gone", () -> labels("Where do we meet?", "reaction-chip").isEmpty());

        // Bob edits: his bubble and the quote of it in my reply follow; a click on the quote goes to his message.
        bob.act("edit", room, where, Map.of("content", "Where shall we meet?"));
        eventually("the quote follows Bob's edit", () -> labels("At the main station", "quote-text")
                .equals(List.of("Where shall we meet?")) && drawn("Where shall we meet?").equals("Where shall we meet?")
                && labels("Where shall we meet?", "edited-label").equals(List.of("Edited")));
        robot.clickOn(fx(() -> cell("At the main station").orElseThrow().lookup(".bubble-quote")));
        eventually("the quote's original is highlighted",
                () -> desktop.conversation().highlightedProperty().get() == chat.messages().getFirst());
        desktop.screenshot("desktop-message-actions");

        // Bob deletes his: a tombstone, and my quote of it says so.
        bob.act("delete", room, where, new HashMap<>());
        eventually("Bob's message is a tombstone", () -> cell("This message was deleted").isPresent()
                && labels("At the main station", "quote-text").equals(List.of("This message was deleted")));

        // Delete mine from the keyboard: Shift+Tab to the messages, Delete, confirm; both sides show the tombstone.
        robot.clickOn("#composerField");
        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        ListView<MessageItem> messages = desktop.lookup("#messageList");
        eventually("the keyboard is on my reply", () -> messages.isFocused()
                && messages.getFocusModel().getFocusedItem().content().equals("At the main station"));
        robot.type(KeyCode.DELETE);
        eventually("the question is asked", () -> robot.lookup((Button b) -> "Delete for everyone".equals(b.getText()))
                .tryQuery().isPresent());
        robot.type(KeyCode.ENTER);
        JsonNode deleted = bob.await(update("delete", alice.username()), "alice's delete").get("message");
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.get("content").asText()).isEmpty();
        eventually("my reply is a tombstone, in the chat list too", () -> cell("You deleted this message").isPresent()
                && chat.lastMessageProperty().get().content().equals("You deleted this message"));
        eventually("the keyboard is back on the messages", messages::isFocused);
        desktop.screenshot("desktop-message-actions-deleted");
        assertThat(fx(chat::unread)).isZero();
    }

    @Test
    void inAGroupAnAdminsDeleteSaysWhoAndARefusedReactionsNoteSitsUnderItsBubbleForAWhile() throws Exception {
        Parley node = TestNode.shared();
        URI server = TestNode.http(node);
        Peer alice = Peer.register(server, "alice");
        Peer bob = Peer.register(server, "bob").connect(TestNode.ws(node));
        bob.setProfile("Bob Stone", ""); // he is named by his display name everywhere, not his username
        UUID room = bob.createGroup("Camping", alice);
        long tent = bob.post(room, "Who brings the tent?");
        long mine = alice.post(room, "Not me, mine is tiny and it leaks a bit");
        bob.act("react", room, tent, Map.of("emoji", "👍"));
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the group is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        ChatItem chat = desktop.chats().chats().getFirst();
        robot.clickOn("Camping");
        eventually("the messages show", () -> cell("Who brings the tent?").isPresent()
                && cell("Not me, mine is tiny and it leaks a bit").isPresent());

        eventually("Bob's reaction shows", () -> labels("Who brings the tent?", "reaction-chip").equals(List.of("👍")));
        assertThat(fx(() -> ((Button) cell("Who brings the tent?").orElseThrow().lookup(".reaction-chip"))
                .getTooltip().getText())).isEqualTo("Bob Stone");

        // Bob, the group's owner, deletes my message: I am told he did, not that I did; the chat list too.
        bob.act("delete", room, mine, new HashMap<>());
        String byBob = "This message was deleted by " + bob.username();
        String byBobStone = "This message was deleted by Bob Stone";
        eventually("my message is a tombstone naming Bob", () -> cell(byBob).isPresent()
                && drawn(byBob).equals(byBobStone)
                && chatPreview().equals(byBobStone));
        desktop.screenshot("desktop-message-actions-admin-deleted");

        // A reaction the server refuses (not an emoji: the menu never offers one): the note sits under Bob's
        // bubble, on his side, and goes after a few seconds.
        MessageItem bobs = fx(() -> chat.messages().stream().filter(m -> m.seq() == tent).findFirst().orElseThrow());
        fx(() -> {
            desktop.conversation().react(bobs, "ok");
            return null;
        });
        eventually("the note shows", () -> labels("Who brings the tent?", "failure-reason").stream()
                .anyMatch(note -> note.startsWith("Reaction not sent. ")));
        desktop.screenshot("desktop-message-actions-refused");
        Bounds[] bounds = fx(() -> {
            MessageCell cell = cell("Who brings the tent?").orElseThrow();
            Node bubble = cell.lookup(".bubble");
            Node note = cell.lookup(".failure-reason");
            return new Bounds[] {bubble.localToScene(bubble.getLayoutBounds()),
                    note.localToScene(note.getLayoutBounds()), cell.localToScene(cell.getLayoutBounds())};
        });
        Bounds bubble = bounds[0];
        Bounds note = bounds[1];
        Bounds row = bounds[2];
        assertThat(note.getMinX()).as("the note starts where Bob's bubble does")
                .isCloseTo(bubble.getMinX(), org.assertj.core.data.Offset.offset(4.0));
        assertThat(note.getMaxX()).as("on Bob's side, off the right edge where mine end")
                .isLessThan(row.getMaxX() - 100);
        assertThat(note.getMinY()).as("under his bubble").isGreaterThanOrEqualTo(bubble.getMaxY() - 1)
                .isLessThan(bubble.getMaxY() + 30);
        long shownAt = System.nanoTime();
        eventually("the note goes", () -> labels("Who brings the tent?", "failure-reason").stream()
                .noneMatch(text -> text.startsWith("Reaction not sent. ")));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - shownAt))
                .isGreaterThan(ConversationViewModel.REFUSAL_SHOWN.minusSeconds(2));
        assertThat(fx(bobs::reactions)).extracting(r -> r.emoji()).containsExactly("👍"); // Bob's; mine was refused
    }
}

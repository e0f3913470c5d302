package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.RichText;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.UUID;
import java.util.stream.Collectors;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Screen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A long message shows folded, its first 1,500 characters cut after a word and a "Read more" link, which shows all of
 * it in place (a click, or Enter on the message the keyboard is on); a short message has no link; the time sits at
 * the end of the last line or directly under it, folded and expanded.
 */
class ReadMoreUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    /** About 5,000 characters of numbered words, ending in words of its own. */
    private static String longMessage() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 4_980; i++) {
            text.append("word").append(i).append(i % 40 == 39 ? "\n" : " ");
        }
        return text.append("and that is the end").toString();
    }

    @Test
    void aLongMessageShowsFoldedWithReadMoreAndAClickShowsAllOfItWithTheTimeAfterItsLastLine() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ralice");
        Peer bob = Peer.register(server, "rbob");
        UUID room = bob.roomWith(alice);
        String content = longMessage();
        assertThat(content.length()).isBetween(5_000, 5_100);
        bob.post(room, content);
        bob.post(room, "A short one");
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 2, bob); // the chat opens at its bottom
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null);
        ChatItem chat = desktop.chatWith(bob);
        fx(() -> {
            desktop.stage().setHeight(Screen.getPrimary().getVisualBounds().getHeight());
            return null;
        });
        robot.clickOn(bob.username());
        eventually("both messages show", () -> chat.messages().size() == 2 && bubble(content) != null
                && bubble("A short one") != null);

        String folded = RichText.folded(content);
        assertThat(folded.length()).isBetween(1_300, 1_501);
        eventually("the long one shows its first 1,500 characters and Read more",
                () -> shownText(bubble(content)).equals(folded + " Read more"));
        assertThat(fx(() -> bubble("A short one").lookupAll(".read-more").size())).as("a short message's links")
                .isZero();
        assertTimePlaced(content);
        desktop.screenshot("desktop-read-more");

        double top = fx(() -> scene(bubble(content)).getMinY());
        robot.clickOn(fx(() -> bubble(content).lookup(".read-more")));
        eventually("the whole message shows", () -> shownText(bubble(content)).equals(content));
        assertThat(fx(() -> bubble(content).lookupAll(".read-more").size())).isZero();
        assertTimePlaced(content);
        // It grows below what was read: its top stays put (the list kept its end in view, far past the fold).
        assertThat(fx(() -> scene(bubble(content)).getMinY())).as("the top of the bubble").isCloseTo(top,
                org.assertj.core.data.Offset.offset(1.0));
        desktop.screenshot("desktop-read-more-expanded");
    }

    @Test
    void enterOnTheMessageTheKeyboardIsOnShowsAllOfALongOne() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "kalice");
        Peer bob = Peer.register(server, "kbob");
        UUID room = bob.roomWith(alice);
        String content = longMessage();
        bob.post(room, content);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null);
        robot.clickOn(bob.username());
        eventually("it shows folded", () -> bubble(content) != null
                && shownText(bubble(content)).equals(RichText.folded(content) + " Read more"));

        robot.clickOn("#composerField");
        robot.press(KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT);
        robot.type(KeyCode.ENTER);
        eventually("the whole message shows", () -> shownText(bubble(content)).equals(content));
        assertTimePlaced(content);
    }

    @Test
    void readMoreOnAMessageJustOverTheFoldWithItsTopOutOfViewKeepsItsTopWhereItWas() throws Exception {
        readMoreKeepsTheTopOfAMessageJustOverTheFold("palice", "pbob", 150);
    }

    @Test
    void readMoreOnAMessageJustOverTheFoldWithItsTopJustOutOfViewKeepsItsTopWhereItWas() throws Exception {
        readMoreKeepsTheTopOfAMessageJustOverTheFold("qalice", "qbob", 20);
    }

    @Test
    void readMoreOnAMessageOfOneParagraphJustOverTheFoldAmongTallOnesWithItsTopOutOfViewKeepsItsTopWhereItWas()
            throws Exception {
        readMoreKeepsTheTopOfAMessageJustOverTheFold("oalice", "obob", 250,
                "START " + longMessage().replace("\n", " ").substring(0, 2_004), 1_600);
    }

    @Test
    void readMoreOnALongAllHebrewMessageWithItsTopOutOfViewKeepsItsTopWhereItWas() throws Exception {
        readMoreKeepsTheTopOfAMessageJustOverTheFold("halice", "hbob", 150,
                "\u05e2\u05d1\u05e8\u05d9\u05ea \u05d0\u05e8\u05d5\u05db\u05d4 \u05de\u05d0\u05d5\u05d3 ".repeat(300).strip(),
                80);
    }

    @Test
    void readMoreOnAMessageJustOverTheFoldScrolledToByTheWheelKeepsItsTopWhereItWas() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "walice");
        Peer bob = Peer.register(server, "wbob");
        UUID room = bob.roomWith(alice);
        for (String shortOne : new String[] {"hello from the desktop", "*bold* _italic_ ~strike~ `code`", "\uD83D\uDE00"}) {
            bob.post(room, shortOne);
        }
        String content = "START " + longMessage().replace("\n", " ").substring(0, 2_004);
        bob.post(room, content);
        String after = "After it, " + longMessage().replace("\n", " ").substring(0, 1_600);
        bob.post(room, after);
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 5, bob); // the chat opens at its bottom
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null);
        ChatItem chat = desktop.chatWith(bob);
        robot.clickOn(bob.username());
        eventually("the messages show", () -> chat.messages().size() == 5 && bubble(after) != null);
        ListView<?> list = desktop.lookup("#messageList");
        // Up to the top by the wheel, then down a notch at a time until Read more shows and the top has gone above.
        robot.moveTo(list);
        for (int i = 0; i < 60 && fx(() -> bubble(content) == null
                || scene(bubble(content)).getMinY() < scene(list).getMinY()); i++) {
            robot.scroll(1, javafx.geometry.VerticalDirection.UP);
        }
        settle();
        for (int i = 0; i < 60 && fx(() -> {
            Node link = bubble(content) == null ? null : bubble(content).lookup(".read-more");
            return link == null || scene(link).getMaxY() > scene(list).getMaxY()
                    || scene(bubble(content)).getMinY() > scene(list).getMinY() - 10;
        }); i++) {
            robot.scroll(1, javafx.geometry.VerticalDirection.DOWN);
        }
        settle();
        double top = fx(() -> scene(bubble(content)).getMinY());
        assertThat(top).as("the top of the bubble, above the list's").isLessThan(fx(() -> scene(list).getMinY()));
        desktop.screenshot("desktop-read-more-wheel");
        robot.clickOn(fx(() -> bubble(content).lookup(".read-more")));
        eventually("the whole message shows", () -> shownText(bubble(content)).equals(content));
        settle();
        desktop.screenshot("desktop-read-more-wheel-expanded");
        assertThat(fx(() -> scene(bubble(content)).getMinY())).as("the top of the bubble").isCloseTo(top,
                org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void readMoreOnAMessageJustOverTheFoldWhollyInViewKeepsItsTopWhereItWas() throws Exception {
        readMoreKeepsTheTopOfAMessageJustOverTheFold("salice", "sbob", -30);
    }

    /**
     * A message of 2,010 characters (just over the fold) with messages after it, scrolled until its top is
     * {@code above} px above the list's top (below it when negative): Read more leaves its top where it was.
     */
    private void readMoreKeepsTheTopOfAMessageJustOverTheFold(String me, String them, double above) throws Exception {
        readMoreKeepsTheTopOfAMessageJustOverTheFold(me, them, above, longMessage().substring(0, 2_010), 80);
    }

    private void readMoreKeepsTheTopOfAMessageJustOverTheFold(String me, String them, double above, String content,
            int afterLength) throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, me);
        Peer bob = Peer.register(server, them);
        UUID room = bob.roomWith(alice);
        bob.post(room, content);
        String last = "After it 8, a line of its own to fill the view below the long one"
                + longMessage().replace("\n", " ").substring(0, afterLength - 66);
        for (int i = 1; i <= 8; i++) {
            bob.post(room, last.replace("After it 8", "After it " + i));
        }
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 9, bob); // the chat opens at its bottom
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null);
        ChatItem chat = desktop.chatWith(bob);
        fx(() -> {
            desktop.stage().setHeight(Screen.getPrimary().getVisualBounds().getHeight()); // Read more in view too
            return null;
        });
        robot.clickOn(bob.username());
        eventually("the messages show", () -> chat.messages().size() == 9 && bubble(last) != null);
        ListView<?> list = desktop.lookup("#messageList");
        // Scrolled to the top again until it stays there: a chat just opened pulls its newest row back into view
        // for a few layouts (a scroll made meanwhile was undone, and the long one was gone from view).
        eventually("the long one shows folded", () -> {
            list.scrollTo(0);
            return bubble(content) != null
                    && shownText(bubble(content)).equals(RichText.folded(content) + " Read more");
        });
        settle();
        eventually("the long one still in view", () -> bubble(content) != null);
        fx(() -> {
            VirtualFlow<?> flow = (VirtualFlow<?>) list.lookup(".virtual-flow");
            flow.scrollPixels(scene(bubble(content)).getMinY() - (scene(list).getMinY() - above));
            return null;
        });
        settle();
        double top = fx(() -> scene(bubble(content)).getMinY());
        assertThat(top).as("the top of the bubble, %s px above the list's", above)
                .isCloseTo(fx(() -> scene(list).getMinY()) - above, org.assertj.core.data.Offset.offset(2.0));
        desktop.screenshot("desktop-read-more-2010-" + (int) above);

        robot.clickOn(fx(() -> bubble(content).lookup(".read-more")));
        eventually("the whole message shows", () -> shownText(bubble(content)).equals(content));
        settle();
        desktop.screenshot("desktop-read-more-2010-" + (int) above + "-expanded");
        assertThat(fx(() -> scene(bubble(content)).getMinY())).as("the top of the bubble").isCloseTo(top,
                org.assertj.core.data.Offset.offset(1.0));
    }

    private void settle() {
        desktop.awaitLayout();
    }

    /** The time inside the bubble, right of the end of the text's last line in its band, or directly under the text. */
    private void assertTimePlaced(String content) {
        eventually("the time of the message at the end of its last line or under it", () -> {
            Node bubble = bubble(content);
            Bounds meta = scene(bubble.lookup(".bubble-meta"));
            Bounds box = scene(bubble);
            TextFlow flow = (TextFlow) bubble.lookup(".bubble-flow");
            Bounds text = flow.localToScene(flow.getLayoutBounds());
            Bounds line = BubbleLayoutUiTest.lastLine(flow);
            double middle = (meta.getMinY() + meta.getMaxY()) / 2;
            boolean inside = meta.getMinX() >= box.getMinX() && meta.getMaxX() <= box.getMaxX() + 0.5
                    && meta.getMaxY() <= box.getMaxY() + 0.5;
            boolean onTheLine = meta.getMinX() >= line.getMaxX() && middle > line.getMinY()
                    && middle < line.getMaxY() + 0.5;
            boolean under = meta.getMinY() >= text.getMaxY() - 0.5 && meta.getMinY() <= line.getMaxY() + 2;
            return inside && (onTheLine || under) && line.getMaxY() <= text.getMaxY() + 0.5;
        });
    }

    /** The bubble of the message with {@code content} in the message list, or null. */
    private Node bubble(String content) {
        return fx(() -> desktop.robot().lookup(".message-cell").queryAll().stream()
                .filter(n -> n instanceof MessageCell cell && cell.getItem() != null && cell.isVisible()
                        && cell.getItem().content().equals(content))
                .map(cell -> cell.lookup(".bubble")).findFirst().orElse(null));
    }

    /** The text its flow shows: its text nodes' and links' words in order. */
    private static String shownText(Node bubble) {
        return fx(() -> ((TextFlow) bubble.lookup(".bubble-flow")).getChildren().stream()
                .map(n -> n instanceof Text t ? t.getText() : n instanceof Hyperlink l ? l.getText() : "")
                .collect(Collectors.joining()));
    }

    private static Bounds scene(Node node) {
        return node.localToScene(node.getBoundsInLocal());
    }
}

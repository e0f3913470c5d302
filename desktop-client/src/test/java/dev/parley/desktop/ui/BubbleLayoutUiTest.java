package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a bubble's time and ticks go, as laid out in the real window: on the text's last line when it has room
 * (every short message), else on a line of their own under the text; in an open chat and in a page of history
 * loaded around a search result; and the same bubble keeps its height when the window is resized and resized back.
 */
class BubbleLayoutUiTest {

    private static final String LONG = "A much longer message that takes the whole width of a bubble and then some "
            + "more words, so that it wraps and the time has to find its place after the last line of it.";

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void inAChatShortMessagesHaveTheTimeOnTheirLineAndEveryBubbleKeepsItsHeightThroughAResize() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "lalice");
        Peer bob = Peer.register(server, "lbob");
        UUID room = bob.roomWith(alice);
        for (String content : List.of("Short one", "ok", LONG, "Two\nlines", "👍", "*bold* and _italic_",
                "see https://example.com/x", "Where are you?", "more filler 12", "more filler 13")) {
            bob.post(room, content);
        }
        byte[] pdf = "%PDF-1.4\n% a tiny test document\n".getBytes(StandardCharsets.US_ASCII);
        bob.postAttachments(room, "", bob.upload(room, "route-plan.pdf", pdf));
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 11, bob);
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online with the chat listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        ChatItem chat = desktop.chatWith(bob);
        desktop.robot().clickOn(bob.username());
        eventually("the messages show", () -> chat.messages().size() == 11 && shownBubbles().size() == 11);
        desktop.robot().clickOn("#composerField").write("yes").type(KeyCode.ENTER); // one arriving in the open chat, mine
        eventually("my reply shows", () -> chat.messages().size() == 12 && !chat.messages().getLast().pending()
                && shownBubbles().size() == 12);
        desktop.screenshot("desktop-bubbles");

        Map<String, Double> heights = assertTimesPlaced();
        assertThat(heights).hasSize(12);
        Stage stage = desktop.stage();
        double width = fx(stage::getWidth);
        resize(width - 260);
        desktop.screenshot("desktop-bubbles-narrow");
        Map<String, Double> narrow = assertTimesPlaced();
        for (String content : List.of("Short one", "ok", "yes", "Where are you?", "more filler 12", "👍")) {
            assertThat(narrow.get(content)).as("the height of “%s” in a narrower window", content)
                    .isEqualTo(heights.get(content));
        }
        resize(width);
        assertThat(heights(shownBubbles())).as("every bubble's height after the window is wide again")
                .isEqualTo(heights);
        assertTimesPlaced();
    }

    @Test
    void inAPageLoadedAroundASearchResultShortMessagesHaveTheTimeOnTheirLine() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "malice");
        Peer bob = Peer.register(server, "mbob");
        Peer carol = Peer.register(server, "mcarol");
        UUID room = bob.roomWith(alice);
        UUID carolRoom = carol.roomWith(alice);
        bob.postMany(room, "filler", 19);
        long walrus = alice.post(room, "A walrus on the beach, have you seen it?");
        bob.postMany(room, "more filler", 60);
        carol.post(carolRoom, "Hello");
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, walrus + 60, bob);
        alice.awaitSearchable("walrus", 1);
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online with the chats listed", () -> desktop.vm() != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE
                && desktop.chats().allChats().size() == 2);
        var robot = desktop.robot();
        robot.clickOn(carol.username());
        eventually("Carol's chat is open", () -> desktop.conversation().chatProperty().get() != null);

        robot.clickOn("#filterField").write("walrus").type(KeyCode.ENTER);
        eventually("the message is found", () -> ((ListView<?>) desktop.lookup("#searchResultList")).getItems().size() == 1);
        robot.type(KeyCode.DOWN).type(KeyCode.ENTER);
        ChatItem chat = desktop.chatWith(bob);
        eventually("Bob's chat shows the walrus", () -> desktop.conversation().chatProperty().get() == chat
                && shownBubbles().keySet().stream().anyMatch(m -> m.seq() == walrus));
        desktop.screenshot("desktop-bubbles-history");
        Map<String, Double> heights = assertTimesPlaced();
        assertThat(heights).hasSizeGreaterThan(5);

        Stage stage = desktop.stage();
        double width = fx(stage::getWidth);
        resize(width - 260);
        assertTimesPlaced();
        resize(width);
        desktop.screenshot("desktop-bubbles-history-resized");
        Map<String, Double> now = heights(shownBubbles());
        assertThat(now).as("the heights of the bubbles shown both times")
                .containsAllEntriesOf(only(heights, now.keySet()))
                .hasSizeGreaterThan(5);
        assertTimesPlaced();
    }

    /** Resizes the window, and waits until it is laid out at that width (two layout pulses after it). */
    private void resize(double width) {
        fx(() -> {
            desktop.stage().setWidth(width);
            return null;
        });
        eventually("the window is " + width + " wide", () -> desktop.stage().getWidth() == width);
        AtomicInteger pulses = new AtomicInteger();
        Runnable count = pulses::incrementAndGet;
        fx(() -> {
            desktop.stage().getScene().addPostLayoutPulseListener(count);
            desktop.stage().getScene().getRoot().requestLayout();
            Platform.requestNextPulse();
            return null;
        });
        eventually("two layout pulses", () -> {
            Platform.requestNextPulse();
            return pulses.get() >= 2;
        });
        fx(() -> {
            desktop.stage().getScene().removePostLayoutPulseListener(count);
            return null;
        });
    }

    /**
     * Checks every bubble in view and answers their heights by content: the time inside the bubble; at the end of
     * the text's last line (right of its end, overlapping the line) or under all of the text; always the former
     * for a short message of one line; under a caption-less attachment.
     */
    private Map<String, Double> assertTimesPlaced() {
        return fx(() -> {
            Map<MessageItem, Node> bubbles = shownBubbles();
            for (Map.Entry<MessageItem, Node> entry : bubbles.entrySet()) {
                MessageItem message = entry.getKey();
                Node bubble = entry.getValue();
                String what = "“" + message.content() + "”";
                Bounds meta = scene(bubble.lookup(".bubble-meta"));
                assertThat(contains(scene(bubble), meta)).as("%s: the time inside its bubble", what).isTrue();
                if (message.content().isEmpty()) {
                    Bounds media = scene(bubble.lookup(".bubble-attachments"));
                    assertThat(meta.getMinY()).as("%s: the time under the file", what)
                            .isGreaterThanOrEqualTo(media.getMaxY() - 0.5);
                    continue;
                }
                TextFlow flow = (TextFlow) bubble.lookup(".bubble-flow");
                Bounds line = lastLineEnd(flow);
                boolean onTheLine = meta.getMinX() >= line.getMinX() - 0.5 && meta.getMinY() < line.getMaxY()
                        && meta.getMaxY() > line.getMinY();
                boolean under = meta.getMinY() >= scene(flow).getMaxY() - 0.5;
                assertThat(onTheLine || under).as("%s: the time at the end of the last line or under the text %s, "
                        + "last line ends %s", what, meta, line).isTrue();
                if (!message.content().contains("\n") && message.content().length() <= 20) {
                    assertThat(onTheLine).as("%s: a short message has the time on its line; time %s, line %s",
                            what, meta, line).isTrue();
                }
            }
            return heights(bubbles);
        });
    }

    private static boolean contains(Bounds outer, Bounds inner) {
        return inner.getMinX() >= outer.getMinX() - 0.5 && inner.getMaxX() <= outer.getMaxX() + 0.5
                && inner.getMinY() >= outer.getMinY() - 0.5 && inner.getMaxY() <= outer.getMaxY() + 0.5;
    }

    /**
     * The caret after the flow's last character of text or link, in scene coordinates: where its last line ends
     * (blank text and other nodes after it do not count).
     */
    private static Bounds lastLineEnd(TextFlow flow) {
        int length = 0;
        int end = 0;
        for (Node node : flow.getChildren()) {
            length += node instanceof Text text ? text.getText().length() : 1; // any other node is one object
            if (node instanceof Text text && !text.getText().isBlank() || node instanceof Hyperlink) {
                end = length;
            }
        }
        double x = Double.NEGATIVE_INFINITY;
        double top = Double.POSITIVE_INFINITY;
        double bottom = Double.NEGATIVE_INFINITY;
        for (PathElement element : flow.caretShape(end - 1, false)) {
            double ex;
            double ey;
            if (element instanceof MoveTo move) {
                ex = move.getX();
                ey = move.getY();
            } else if (element instanceof LineTo to) {
                ex = to.getX();
                ey = to.getY();
            } else {
                continue;
            }
            x = Math.max(x, ex);
            top = Math.min(top, ey);
            bottom = Math.max(bottom, ey);
        }
        return flow.localToScene(new BoundingBox(x, top, 0, bottom - top));
    }

    /** The entries of {@code map} whose keys are in {@code keys}. */
    private static Map<String, Double> only(Map<String, Double> map, Set<String> keys) {
        Map<String, Double> kept = new LinkedHashMap<>(map);
        kept.keySet().retainAll(keys);
        return kept;
    }

    private static Map<String, Double> heights(Map<MessageItem, Node> bubbles) {
        Map<String, Double> heights = new LinkedHashMap<>();
        bubbles.forEach((message, bubble) -> heights.put(message.content(), scene(bubble).getHeight()));
        return heights;
    }

    /** The bubbles wholly inside the message list's view, by message. */
    private Map<MessageItem, Node> shownBubbles() {
        return fx(() -> {
            ListView<?> list = desktop.lookup("#messageList");
            Bounds view = scene(list);
            Map<MessageItem, Node> bubbles = new LinkedHashMap<>();
            list.lookupAll(".message-cell").stream()
                    .filter(n -> n instanceof MessageCell cell && cell.getItem() != null && shown(cell)
                            && !cell.getItem().event())
                    .map(MessageCell.class::cast)
                    .sorted(java.util.Comparator.comparingInt(MessageCell::getIndex))
                    .forEach(cell -> {
                        Node bubble = cell.lookup(".bubble");
                        if (shown(bubble) && contains(view, scene(bubble))) {
                            bubbles.put(cell.getItem(), bubble);
                        }
                    });
            return bubbles;
        });
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
}

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
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Screen;
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

    @Test
    void atEveryConversationWidthTheTimeEndsTheLastLineOrSitsDirectlyUnderIt() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "walice");
        Peer bob = Peer.register(server, "wbob");
        UUID room = bob.roomWith(alice);
        // Bob's (time only) and mine (time and ticks, wider), one edited ("edited" before the time, wider still).
        List<String> theirs = List.of("ok", "Hello there",
                "Pneumonoultramicroscopicsilicovolcanoconiosis-antidisestablishmentarianism-floccinaucinihilipilification",
                "The quick brown fox jumps over the lazy dog and keeps on running", LONG,
                "🎉🎉 party time 🎉🎉", "Meet at 5, ok? אני מגיע עם החברים", "Two\nlines",
                "see https://example.com/plan for the plan",
                // All right-to-left (JavaFX 25 threw wrapping these, see Bubble), one with a word of 24 letters.
                "אני מגיע עם החברים בעוד חמש דקות, תחכו לי ליד הכניסה הראשית",
                "مرحبا كيف حالك اليوم يا صديقي العزيز، نلتقي غدا",
                "שלום אנטידיסאסטבלישמנטריאניזם");
        List<String> mine = List.of("yes", "Are we still on for lunch tomorrow at noon, or later?",
                "Sure thing, I will bring the maps and the compass and the snacks for everyone");
        for (String content : theirs) {
            bob.post(room, content);
        }
        long edited = 0;
        for (String content : mine) {
            edited = alice.post(room, content);
        }
        bob.post(room, "and one more from me, then we are done here for today");
        alice.connect(TestNode.ws(TestNode.shared()))
                .act("edit", room, edited, Map.of("content", "Sure thing, I will bring the maps and the snacks"));
        List<String> contents = new java.util.ArrayList<>(theirs);
        contents.addAll(List.of("yes", "Are we still on for lunch tomorrow at noon, or later?",
                "Sure thing, I will bring the maps and the snacks",
                "and one more from me, then we are done here for today"));
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, contents.size(), bob);
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online with the chat listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        ChatItem chat = desktop.chatWith(bob);
        desktop.robot().clickOn(bob.username());
        eventually("the messages show", () -> chat.messages().size() == contents.size()
                && chat.messages().stream().anyMatch(MessageItem::edited) && !shownBubbles().isEmpty());
        Region conversation = desktop.lookup(".conversation-area");
        fx(() -> {
            desktop.stage().setHeight(Screen.getPrimary().getVisualBounds().getHeight());
            return null;
        });

        // The window from its narrowest (the list narrowed to its minimum too) to a conversation 1000 px wide.
        double list = 380; // the chat list with its edge, once the window has room for it
        for (double width = fx(() -> desktop.stage().getMinWidth()); width <= 1000 + list; width += 3) {
            resize(width);
            assertEveryTimePlaced(contents, "a conversation " + fx(conversation::getWidth) + " px wide");
        }
        // The chat list's edge dragged across its range, the window as it was found narrow.
        resize(860);
        Region edge = desktop.lookup(".list-resizer");
        var robot = desktop.robot();
        robot.moveTo(edge).press(MouseButton.PRIMARY);
        try {
            robot.moveBy(60, 0); // to its widest
            for (int step = 0; step < 60; step++) {
                robot.moveBy(-3, 0);
                settle();
                assertEveryTimePlaced(contents, "a conversation " + fx(conversation::getWidth) + " px wide beside a "
                        + fx(() -> ((Region) desktop.lookup(".sidebar")).getWidth()) + " px list");
            }
        } finally {
            robot.release(MouseButton.PRIMARY);
        }
    }

    /**
     * Checks the bubbles of all of {@code contents}, each time they are in view: where the list is, then scrolled to
     * its bottom and its top in turn (again while a row is still not wholly in view: the list scrolls by estimated
     * heights at first).
     */
    private void assertEveryTimePlaced(List<String> contents, String where) {
        Set<String> checked = new java.util.HashSet<>(assertTimesPlaced(where).keySet());
        for (int tries = 0; tries < 20 && !checked.containsAll(contents); tries++) {
            scrollTo(tries % 2 == 0 ? contents.size() - 1 : 0);
            checked.addAll(assertTimesPlaced(where).keySet());
        }
        assertThat(checked).as("the bubbles checked in %s", where).containsAll(contents);
    }

    /**
     * Scrolls the message list to the message at {@code index} and waits for it to be laid out. As the conversation
     * scrolls to its bottom: by estimated row heights, then by the measured ones (the estimate alone left the last row
     * out of view at the narrowest width once right-to-left bubbles took a line more for their time).
     */
    private void scrollTo(int index) {
        fx(() -> {
            ListView<?> list = desktop.lookup("#messageList");
            list.scrollTo(index);
            list.layout();
            if (list.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow) {
                flow.scrollTo(index);
            }
            return null;
        });
        settle();
    }

    /** Resizes the window, and waits until it is laid out at that width (two layout pulses after it). */
    private void resize(double width) {
        fx(() -> {
            desktop.stage().setWidth(width);
            return null;
        });
        eventually("the window is " + width + " wide", () -> desktop.stage().getWidth() == width);
        settle();
    }

    private void settle() {
        desktop.awaitLayout();
    }

    private Map<String, Double> assertTimesPlaced() {
        return assertTimesPlaced("the window " + fx(() -> desktop.stage().getWidth()) + " px wide");
    }

    /**
     * Checks every bubble in view and answers their heights by content: the time inside the bubble; either on the
     * text's last line (right of where the line's text ends, never over it, in that line's band) or on a line of its
     * own directly under all of the text (not lower); the text inside its flow (wrapped where it was measured); always
     * the former for a short message of one line; under a caption-less attachment.
     */
    private Map<String, Double> assertTimesPlaced(String where) {
        return fx(() -> {
            Map<MessageItem, Node> bubbles = shownBubbles();
            for (Map.Entry<MessageItem, Node> entry : bubbles.entrySet()) {
                MessageItem message = entry.getKey();
                Node bubble = entry.getValue();
                String what = "“" + message.content() + "” in " + where;
                Bounds meta = scene(bubble.lookup(".bubble-meta"));
                assertThat(contains(scene(bubble), meta)).as("%s: the time inside its bubble", what).isTrue();
                if (message.content().isEmpty()) {
                    Bounds media = scene(bubble.lookup(".bubble-attachments"));
                    assertThat(meta.getMinY()).as("%s: the time under the file", what)
                            .isGreaterThanOrEqualTo(media.getMaxY() - 0.5);
                    continue;
                }
                TextFlow flow = (TextFlow) bubble.lookup(".bubble-flow");
                Bounds text = flow.localToScene(flow.getLayoutBounds()); // its glyphs may reach below
                Bounds line = lastLine(flow);
                assertThat(line.getMaxY()).as("%s: the text's last line %s inside its flow %s", what, line, text)
                        .isLessThanOrEqualTo(text.getMaxY() + 0.5);
                double middle = (meta.getMinY() + meta.getMaxY()) / 2;
                boolean onTheLine = meta.getMinX() >= line.getMaxX() && middle > line.getMinY()
                        && middle < line.getMaxY() + 0.5;
                boolean under = meta.getMinY() >= line.getMaxY() - 0.5 && meta.getMinY() <= line.getMaxY() + 2
                        && meta.getMinY() >= text.getMaxY() - 0.5;
                assertThat(onTheLine || under).as("%s: the time %s at the end of the last line %s or directly "
                        + "under the text %s", what, meta, line, text).isTrue();
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
     * The flow's last line, in scene coordinates: from its left edge to the right end of its text (whatever the
     * direction of that text), top to bottom of the line, from the shape the flow gives a selection of all of it.
     */
    static Bounds lastLine(TextFlow flow) {
        int length = 0;
        for (Node node : flow.getChildren()) {
            length += node instanceof Text text ? text.getText().length() : 1; // any other node is one object
        }
        List<Bounds> boxes = new java.util.ArrayList<>();
        double[] box = null;
        for (PathElement element : flow.rangeShape(0, length)) {
            double x;
            double y;
            if (element instanceof MoveTo move) {
                if (box != null) {
                    boxes.add(new BoundingBox(box[0], box[1], box[2] - box[0], box[3] - box[1]));
                }
                box = new double[] {move.getX(), move.getY(), move.getX(), move.getY()};
                continue;
            } else if (element instanceof LineTo to) {
                x = to.getX();
                y = to.getY();
            } else {
                continue;
            }
            box[0] = Math.min(box[0], x);
            box[1] = Math.min(box[1], y);
            box[2] = Math.max(box[2], x);
            box[3] = Math.max(box[3], y);
        }
        boxes.add(new BoundingBox(box[0], box[1], box[2] - box[0], box[3] - box[1]));
        double top = boxes.stream().mapToDouble(Bounds::getMinY).max().orElseThrow();
        double right = boxes.stream().filter(b -> b.getMaxY() > top + 0.5).mapToDouble(Bounds::getMaxX).max()
                .orElseThrow();
        double bottom = boxes.stream().mapToDouble(Bounds::getMaxY).max().orElseThrow();
        return flow.localToScene(new BoundingBox(0, top, right, bottom - top));
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

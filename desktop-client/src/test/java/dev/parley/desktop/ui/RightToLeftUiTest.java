package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.PathElement;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An all-Hebrew message wraps wherever the desktop shows it whole (JavaFX 25.0.2 throws wrapping a line inside a
 * right-to-left run, see {@link WrapSafeText}): in the toast it raises and in its message info, with nothing thrown
 * on the FX thread. The bubbles are swept across widths by {@code BubbleLayoutUiTest}.
 */
class RightToLeftUiTest {

    /** Long enough to wrap in a toast and in the message info dialog. */
    private static final String HEBREW = "אני מגיע עם החברים בעוד חמש דקות, תחכו לי ליד הכניסה הראשית של הקניון "
            + "ואל תשכחו להביא את הכרטיסים";

    private DesktopApp desktop;
    private final List<Throwable> thrown = new CopyOnWriteArrayList<>();
    private Thread.UncaughtExceptionHandler before;

    @BeforeEach
    void collectWhatTheFxThreadThrows() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        fx(() -> {
            before = Thread.currentThread().getUncaughtExceptionHandler();
            Thread.currentThread().setUncaughtExceptionHandler((thread, e) -> thrown.add(e));
            return null;
        });
    }

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
        fx(() -> {
            Thread.currentThread().setUncaughtExceptionHandler(before);
            return null;
        });
    }

    @Test
    void anAllHebrewMessageWrapsInItsToast() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "halice");
        Peer bob = Peer.register(server, "hbob");
        Peer dave = Peer.register(server, "hdave");
        bob.roomWith(alice);
        UUID daveRoom = dave.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online with the chats listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null
                && desktop.chatWith(dave) != null && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        ChatItem chat = desktop.chatWith(bob);
        desktop.robot().clickOn(bob.username());
        eventually("Bob's chat is open", () -> desktop.conversation().chatProperty().get() == chat);

        dave.post(daveRoom, HEBREW);
        eventually("the toast shows the message", () -> fx(() -> desktop.robot().lookup(".toast-body").queryAll()
                .stream().anyMatch(n -> WrapSafeText.text((TextFlow) n).equals(HEBREW))));
        Node body = fx(() -> desktop.robot().lookup(".toast-body").query());
        eventually("the toast is laid out on several lines", () -> fx(() -> body.getLayoutBounds().getHeight()
                > 2 * ((TextFlow) body).getChildren().getFirst().getLayoutBounds().getHeight()));
        desktop.screenshot("desktop-toast-hebrew");
        assertThat(thrown).as("thrown on the FX thread").isEmpty();
        assertThat(fx(body::getEffectiveNodeOrientation)).as("the toast's paragraph")
                .isEqualTo(javafx.geometry.NodeOrientation.RIGHT_TO_LEFT);

        // Typed into the composer, Hebrew makes a right-to-left paragraph too, and Latin a left-to-right one.
        desktop.robot().clickOn("#composerField");
        fx(() -> {
            desktop.conversation().draftProperty().set("\u05e9\u05dc\u05d5\u05dd");
            return null;
        });
        javafx.geometry.NodeOrientation hebrew = fx(() -> desktop.lookup("#composerField").getNodeOrientation());
        fx(() -> {
            desktop.conversation().draftProperty().set("hello \u05e9\u05dc\u05d5\u05dd");
            return null;
        });
        assertThat(hebrew).isEqualTo(javafx.geometry.NodeOrientation.RIGHT_TO_LEFT);
        assertThat(fx(() -> desktop.lookup("#composerField").getNodeOrientation()))
                .isEqualTo(javafx.geometry.NodeOrientation.LEFT_TO_RIGHT);
    }

    @Test
    void anAllHebrewMessageWrapsInItsMessageInfo() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ialice");
        Peer bob = Peer.register(server, "ibob");
        UUID room = alice.createGroup("Hebrew", bob);
        alice.post(room, HEBREW);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the group is listed", () -> desktop.vm() != null && desktop.chats().allChats().size() == 1
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        robot.clickOn("Hebrew");
        eventually("my message shows", () -> desktop.conversation().chatProperty().get() != null
                && !desktop.conversation().chatProperty().get().messages().isEmpty());
        robot.clickOn("#composerField");
        robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);

        eventually("its message info shows it", () -> fx(() -> robot.lookup(".info-quote").tryQuery()
                .map(n -> WrapSafeText.text((TextFlow) n).equals(HEBREW)).orElse(false)));
        TextFlow quote = fx(() -> robot.lookup(".info-quote").query());
        eventually("on several lines", () -> fx(() -> quote.getLayoutBounds().getHeight()
                > 2 * quote.getChildren().getFirst().getLayoutBounds().getHeight()));
        desktop.screenshot("desktop-message-info-hebrew");
        robot.type(KeyCode.ESCAPE);
        assertThat(thrown).as("thrown on the FX thread").isEmpty();
    }

    @Test
    void anAllHebrewMessageIsRightAlignedWithItsTimeClearOfItsTextAndOneStartingInLatinStaysLeftAligned()
            throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ralice");
        Peer bob = Peer.register(server, "rbob");
        UUID room = bob.roomWith(alice);
        String hebrew = HEBREW + " " + HEBREW + "\nשלום";
        String mixed = "Meet at the gate, ok? " + HEBREW;
        bob.post(room, hebrew);
        bob.post(room, mixed);
        desktop = DesktopApp.signedIn(server, alice);
        eventually("online with the chat listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        desktop.robot().clickOn(bob.username());
        eventually("both messages show", () -> fx(() -> bubble(hebrew) != null && bubble(mixed) != null));
        desktop.screenshot("desktop-bubble-hebrew-right-aligned");

        fx(() -> {
            TextFlow flow = (TextFlow) bubble(hebrew).lookup(".bubble-flow");
            List<Bounds> lines = words(flow);
            assertThat(lines).as("the Hebrew message's lines").hasSizeGreaterThan(2);
            double left = flow.localToScene(flow.getLayoutBounds()).getMinX();
            double right = flow.localToScene(flow.getLayoutBounds()).getMaxX();
            Bounds last = lines.getLast();
            assertThat(last.getMaxX()).as("the right edge of its last line, a word").isGreaterThan(right - 2);
            assertThat(last.getMinX()).as("the left edge of its last line, a word").isGreaterThan(left + 100);
            for (Bounds line : lines) {
                assertThat(line.getMaxX()).as("the right edge of its line %s", line).isGreaterThan(right - 8);
            }
            Bounds meta = scene(bubble(hebrew).lookup(".bubble-meta"));
            for (Bounds line : lines) { // a word's box takes in the space between lines under it
                Bounds text = new BoundingBox(line.getMinX(), line.getMinY(), line.getWidth(),
                        line.getHeight() - flow.getLineSpacing());
                assertThat(meta.intersects(text)).as("the time %s over the line %s", meta, text).isFalse();
            }
            TextFlow latin = (TextFlow) bubble(mixed).lookup(".bubble-flow");
            double latinLeft = latin.localToScene(latin.getLayoutBounds()).getMinX();
            List<Bounds> latinLines = lines(latin);
            assertThat(latinLines).as("the mixed message's lines").hasSizeGreaterThan(1);
            assertThat(latinLines.getFirst().getMinX()).as("the left edge of its first line").isLessThan(latinLeft + 1);
            assertThat(latinLines.getLast().getMinX()).as("the left edge of its last line").isLessThan(latinLeft + 1);
            return null;
        });
        assertThat(thrown).as("thrown on the FX thread").isEmpty();
    }

    /** The bubble of the message with {@code content} in the open chat, or null while none is in view. */
    private Node bubble(String content) {
        return desktop.robot().lookup(".message-cell").queryAll().stream()
                .filter(n -> n instanceof MessageCell cell && cell.getItem() != null && cell.isVisible()
                        && content.equals(cell.getItem().content()))
                .map(n -> n.lookup(".bubble")).findFirst().orElse(null);
    }

    /**
     * The lines of a flow of one {@code Text} a word (right-to-left text, see {@link WrapSafeText}) in scene
     * coordinates, top to bottom: the box around the words laid out on each.
     */
    private static List<Bounds> words(TextFlow flow) {
        java.util.TreeMap<Double, Bounds> byTop = new java.util.TreeMap<>();
        for (Node node : flow.getChildren()) {
            Bounds word = node.localToScene(node.getBoundsInLocal());
            byTop.merge(Math.rint(word.getMinY()), word, (a, b) -> new BoundingBox(Math.min(a.getMinX(), b.getMinX()),
                    Math.min(a.getMinY(), b.getMinY()), Math.max(a.getMaxX(), b.getMaxX()) - Math.min(a.getMinX(),
                    b.getMinX()), Math.max(a.getMaxY(), b.getMaxY()) - Math.min(a.getMinY(), b.getMinY())));
        }
        return List.copyOf(byTop.values());
    }

    /**
     * The lines of a left-to-right flow in scene coordinates, top to bottom: the box around a selection of all of
     * its text on each (a right-to-left flow's selection shape comes mirrored in JavaFX 25: see {@link #words}).
     */
    private static List<Bounds> lines(TextFlow flow) {
        int length = 0;
        for (Node node : flow.getChildren()) {
            length += node instanceof Text text ? text.getText().length() : 1;
        }
        java.util.TreeMap<Double, double[]> byTop = new java.util.TreeMap<>(); // top -> left, right, bottom
        double[] box = null;
        List<double[]> boxes = new java.util.ArrayList<>(); // left, top, right, bottom
        for (PathElement element : flow.rangeShape(0, length)) {
            if (element instanceof MoveTo move) {
                box = new double[] {move.getX(), move.getY(), move.getX(), move.getY()};
                boxes.add(box);
            } else if (element instanceof LineTo to && box != null) {
                box[0] = Math.min(box[0], to.getX());
                box[1] = Math.min(box[1], to.getY());
                box[2] = Math.max(box[2], to.getX());
                box[3] = Math.max(box[3], to.getY());
            }
        }
        for (double[] b : boxes) {
            double[] line = byTop.computeIfAbsent(Math.rint(b[1]), top -> new double[] {b[0], b[2], b[3]});
            line[0] = Math.min(line[0], b[0]);
            line[1] = Math.max(line[1], b[2]);
            line[2] = Math.max(line[2], b[3]);
        }
        List<Bounds> lines = new java.util.ArrayList<>();
        byTop.forEach((top, line) -> lines.add(flow.localToScene(
                new BoundingBox(line[0], top, line[1] - line[0], line[2] - top))));
        return lines;
    }

    private static Bounds scene(Node node) {
        return node.localToScene(node.getBoundsInLocal());
    }
}

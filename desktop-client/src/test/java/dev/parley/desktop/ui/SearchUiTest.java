package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.SearchResult;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Message search in the desktop app against a real server, from the keyboard and the mouse: the field over the chat
 * list (Ctrl+F, Enter, Down, Enter on a result, Esc) and the search in a conversation (Ctrl+Shift+F, a click on a
 * result, Esc); Bob's messages come over REST and are searched once the server's index has them.
 */
class SearchUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    private void start(Peer alice, Peer... peers) throws Exception {
        desktop = DesktopApp.signedIn(TestNode.http(TestNode.shared()), alice);
        eventually("online with the chats listed", () -> desktop.vm() != null
                && desktop.vm().connectionProperty().get() == ConnectionState.ONLINE
                && desktop.chats().allChats().size() == peers.length);
    }

    private void shortcut(KeyCode... keys) {
        var robot = desktop.robot();
        robot.press(KeyCode.CONTROL);
        for (KeyCode key : keys) {
            robot.press(key);
        }
        for (int i = keys.length - 1; i >= 0; i--) {
            robot.release(keys[i]);
        }
        robot.release(KeyCode.CONTROL);
    }

    private boolean focused(String id) {
        Node node = desktop.lookup(id);
        return node.isFocused();
    }

    /** Whether {@code item}'s row is in the message list's view, top to bottom. */
    private boolean inView(MessageItem item) {
        ListView<?> list = desktop.lookup("#messageList");
        VirtualFlow<?> flow = (VirtualFlow<?>) list.lookup(".virtual-flow");
        Bounds view = flow.localToScene(flow.getLayoutBounds());
        return list.lookupAll(".message-cell").stream()
                .filter(n -> n instanceof MessageCell cell && cell.getItem() == item && cell.isVisible())
                .map(n -> n.localToScene(n.getLayoutBounds()))
                .anyMatch(row -> row.getMinY() >= view.getMinY() - 1 && row.getMaxY() <= view.getMaxY() + 1);
    }

    /** The row of the first result shown in {@code list}, once laid out; else null. */
    private Node firstResult(String list) {
        return desktop.robot().lookup(list + " .search-result").queryAll().stream()
                .filter(n -> n instanceof SearchResultCell cell && cell.getIndex() == 0 && cell.getItem() != null
                        && cell.isVisible())
                .findFirst().orElse(null);
    }

    private List<SearchResult> results(String list) {
        return fx(() -> List.copyOf(((ListView<SearchResult>) desktop.lookup(list)).getItems()));
    }

    /** The rows of the results in {@code list} as laid out now, with a result: by index. */
    private List<SearchResultCell> resultRows(String list) {
        return desktop.robot().lookup(list + " .search-result").queryAll().stream()
                .filter(n -> n instanceof SearchResultCell cell && cell.getItem() != null && cell.isVisible())
                .map(SearchResultCell.class::cast).sorted(Comparator.comparingInt(SearchResultCell::getIndex))
                .toList();
    }

    private SearchResultCell resultRow(String list, int index) {
        return resultRows(list).stream().filter(cell -> cell.getIndex() == index).findFirst().orElse(null);
    }

    /** The colour of a row's left edge, half way down, as drawn. */
    private static Color leftEdge(Node row) {
        WritableImage image = row.snapshot(null, null);
        return image.getPixelReader().getColor(1, (int) (image.getHeight() / 2));
    }

    private static double apart(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue());
    }

    /**
     * Watches every layout pass from now on until {@code seen} is set: it is once the row of the message {@code seq}
     * shows in the message list's view with the highlight's pseudo-class (which lasts a moment only, so a later look
     * could miss it); the window is then snapshot into {@code shot}.
     */
    private Runnable watchHighlight(long seq, AtomicBoolean seen, AtomicReference<WritableImage> shot) {
        PseudoClass highlighted = PseudoClass.getPseudoClass("highlighted");
        Runnable[] watcher = new Runnable[1];
        watcher[0] = () -> {
            ListView<?> list = desktop.lookup("#messageList");
            boolean now = list.lookupAll(".message-cell").stream().anyMatch(n -> n instanceof MessageCell cell
                    && cell.getItem() != null && cell.getItem().seq() == seq
                    && cell.getPseudoClassStates().contains(highlighted) && inView(cell.getItem()));
            if (now && !seen.getAndSet(true)) {
                Platform.runLater(() -> shot.set(desktop.stage().getScene().getRoot().snapshot(null, null)));
            }
        };
        fx(() -> {
            desktop.stage().getScene().addPostLayoutPulseListener(watcher[0]);
            return null;
        });
        return () -> fx(() -> {
            desktop.stage().getScene().removePostLayoutPulseListener(watcher[0]);
            return null;
        });
    }

    @Test
    void ctrlFAndEnterFindMessagesAndEnterOnOneOpensItsChatThereUntilEscGoesBackToTheComposer() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "qalice");
        Peer bob = Peer.register(server, "qbob");
        Peer carol = Peer.register(server, "qcarol");
        UUID room = bob.roomWith(alice);
        UUID carolRoom = carol.roomWith(alice);
        bob.postMany(room, "filler", 2);
        long zeppelin = bob.post(room, "A zeppelin over the bay, can you see it?");
        bob.postMany(room, "more filler", 57);
        carol.post(carolRoom, "No zeppelins here, only seagulls");
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 60, bob);
        alice.awaitSearchable("zeppelin", 2);
        start(alice, bob, carol);
        var robot = desktop.robot();
        robot.clickOn(carol.username());
        eventually("Carol's chat is open", () -> desktop.conversation().chatProperty().get() != null);

        shortcut(KeyCode.F);
        eventually("the search field has the keyboard", () -> focused("#filterField"));
        robot.write("zeppelin").type(KeyCode.ENTER);
        eventually("the messages found show", () -> desktop.lookup("#searchResults").isVisible()
                && results("#searchResultList").size() == 2);
        desktop.screenshot("desktop-search-results");
        List<String> found = results("#searchResultList").stream().map(SearchResult::chatName).toList();
        robot.type(KeyCode.DOWN);
        eventually("the keyboard is on the results", () -> focused("#searchResultList"));
        robot.type(KeyCode.DOWN).type(KeyCode.ENTER); // Bob's, the older of the two

        ChatItem chat = desktop.chatWith(bob);
        eventually("Bob's chat opens at the zeppelin", () -> desktop.conversation().chatProperty().get() == chat
                && chat.messages().stream().anyMatch(m -> m.seq() == zeppelin));
        MessageItem item = fx(() -> chat.messages().stream().filter(m -> m.seq() == zeppelin).findFirst()
                .orElseThrow());
        eventually("the message is in view", () -> inView(item));
        desktop.screenshot("desktop-search-opened");
        assertThat(found).containsExactly(carol.username(), bob.username()); // newest first
        assertThat(fx(() -> focused("#searchResultList"))).isTrue(); // on to the next result with Down, Enter

        robot.type(KeyCode.ESCAPE);
        eventually("Esc closes the search and the composer has the keyboard", () -> focused("#composerField")
                && !desktop.lookup("#searchResults").isVisible()
                && ((TextField) desktop.lookup("#filterField")).getText().isEmpty());
        assertThat(fx(() -> desktop.chats().chats().size())).isEqualTo(2);
    }

    @Test
    void ctrlShiftFSearchesTheOpenChatAndAClickOnAResultShowsTheMessage() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "ralice");
        Peer bob = Peer.register(server, "rbob");
        Peer carol = Peer.register(server, "rcarol");
        UUID room = bob.roomWith(alice);
        UUID carolRoom = carol.roomWith(alice);
        long picnic = bob.post(room, "Shall we have a picnic at the lighthouse?");
        bob.postMany(room, "chatter", 60);
        carol.post(carolRoom, "The picnic is off");
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, picnic + 60, bob);
        alice.awaitSearchable("picnic", 2);
        start(alice, bob, carol);
        var robot = desktop.robot();
        robot.clickOn(bob.username());
        ChatItem chat = desktop.chatWith(bob);
        eventually("Bob's chat is open", () -> desktop.conversation().chatProperty().get() == chat);

        shortcut(KeyCode.SHIFT, KeyCode.F);
        eventually("the chat's search has the keyboard", () -> focused("#chatSearchField"));
        robot.write("picnic").type(KeyCode.ENTER);
        eventually("Bob's message is found", () -> results("#chatSearchResultList").size() == 1
                && firstResult("#chatSearchResultList") != null);
        assertThat(results("#chatSearchResultList").getFirst().seq()).isEqualTo(picnic);
        robot.clickOn(fx(() -> firstResult("#chatSearchResultList")));

        eventually("the picnic message is loaded and in view", () -> chat.messages().stream()
                .filter(m -> m.seq() == picnic).findFirst().map(this::inView).orElse(false));
        desktop.screenshot("desktop-search-in-chat");
        robot.type(KeyCode.ESCAPE);
        eventually("Esc closes the panel and the composer has the keyboard",
                () -> focused("#composerField") && !desktop.lookup("#chatSearchPane").isVisible());
        robot.write("found it");
        assertThat(fx(() -> ((TextArea) desktop.lookup("#composerField")).getText())).isEqualTo("found it");
    }

    @Test
    void theButtonOverAChatOpenedFarBackShowsItsNewestMessages() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "lalice");
        Peer bob = Peer.register(server, "lbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "The kettle is broken");
        bob.postMany(room, "later", 70);
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, 71, bob);
        alice.awaitSearchable("kettle", 1);
        start(alice, bob);
        var robot = desktop.robot();
        robot.clickOn("#filterField").write("kettle").type(KeyCode.ENTER);
        eventually("the message is found", () -> firstResult("#searchResultList") != null);
        robot.clickOn(fx(() -> firstResult("#searchResultList")));
        ChatItem chat = desktop.chatWith(bob);
        eventually("the chat opens far back", () -> chat.hasNewerProperty().get() && !chat.messages().isEmpty()
                && inView(chat.messages().getFirst()));

        robot.clickOn("#latestButton");

        eventually("the newest message is in view", () -> !chat.hasNewerProperty().get()
                && !chat.messages().isEmpty() && chat.messages().getLast().seq() == 71
                && inView(chat.messages().getLast()));
        assertThat(fx(() -> desktop.lookup("#latestButton").isVisible())).isFalse();
    }

    @Test
    void aMessageHoldingHtmlShowsItAsTextWithTheMatchInBold() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "talice");
        Peer bob = Peer.register(server, "tbob");
        UUID room = bob.roomWith(alice);
        String html = "<b>where</b> shall we <i>meet</i>? <script>alert(1)</script>";
        bob.post(room, html);
        alice.awaitSearchable("meet", 1);
        start(alice, bob);

        desktop.robot().clickOn("#filterField").write("meet").type(KeyCode.ENTER);
        eventually("the message is found", () -> results("#searchResultList").size() == 1);
        // The list's cell is laid out on a later pulse than the result arrives.
        eventually("its snippet is shown", () -> fx(() -> desktop.robot().lookup("#searchResultList .search-snippet")
                .queryAll().stream().anyMatch(Node::isVisible)));

        List<Text> runs = fx(() -> desktop.robot().lookup("#searchResultList .search-snippet").queryAll().stream()
                .filter(Node::isVisible).map(TextFlow.class::cast).findFirst().orElseThrow().getChildren().stream()
                .map(Text.class::cast).toList());
        assertThat(runs.stream().map(Text::getText).reduce("", String::concat)).isEqualTo(html);
        assertThat(runs.stream().filter(t -> t.getStyleClass().contains("snippet-match")).map(Text::getText))
                .containsExactly("meet");
    }

    @Test
    void aResultOlderThanTheMessagesLoadedOpensScrolledToItAndHighlightedForAMoment() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "halice");
        Peer bob = Peer.register(server, "hbob");
        Peer carol = Peer.register(server, "hcarol");
        UUID room = bob.roomWith(alice);
        UUID carolRoom = carol.roomWith(alice);
        bob.postMany(room, "filler", 19);
        long walrus = alice.post(room, "A walrus on the beach, have you seen it?");
        bob.postMany(room, "more filler", 60);
        carol.post(carolRoom, "Hello");
        alice.readOnAnotherDevice(TestNode.ws(TestNode.shared()), room, walrus + 60, bob);
        alice.awaitSearchable("walrus", 1);
        start(alice, bob, carol);
        var robot = desktop.robot();
        ChatItem chat = desktop.chatWith(bob);
        robot.clickOn(bob.username());
        eventually("Bob's newest messages are loaded, the walrus not", () -> chat.messages().size() >= 50
                && chat.messages().stream().noneMatch(m -> m.seq() == walrus));
        robot.clickOn(carol.username());
        eventually("Carol's chat is open", () -> desktop.conversation().chatProperty().get() != chat);
        AtomicBoolean seen = new AtomicBoolean();
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        Runnable stopWatching = watchHighlight(walrus, seen, shot);

        robot.clickOn("#filterField").write("walrus").type(KeyCode.ENTER);
        eventually("the message is found", () -> results("#searchResultList").size() == 1);
        robot.type(KeyCode.DOWN).type(KeyCode.ENTER);

        eventually("the walrus shows in view, highlighted", seen::get);
        stopWatching.run();
        eventually("the window was snapshot meanwhile", () -> shot.get() != null);
        desktop.save(shot.get(), "desktop-search-highlight");
        assertThat(fx(() -> desktop.conversation().chatProperty().get())).isSameAs(chat);
    }

    @Test
    void lettersTypedOnTheResultsGoOnInTheSearchField() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "kalice");
        Peer bob = Peer.register(server, "kbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "Have you seen the zeppelin?");
        bob.post(room, "Zeppelins are slow");
        alice.awaitSearchable("zeppelin", 2);
        start(alice, bob);
        var robot = desktop.robot();
        robot.clickOn("#filterField").write("zepp").type(KeyCode.ENTER);
        eventually("the messages are found", () -> results("#searchResultList").size() == 2);
        robot.type(KeyCode.DOWN);
        eventually("the keyboard is on the results", () -> focused("#searchResultList"));

        robot.write("elins");

        TextField field = desktop.lookup("#filterField");
        eventually("the field has the keyboard", () -> focused("#filterField"));
        assertThat(fx(() -> field.getText())).isEqualTo("zeppelins");
        assertThat(fx(() -> field.getCaretPosition())).isEqualTo("zeppelins".length());
        assertThat(fx(() -> field.getSelectedText())).isEmpty();
        robot.type(KeyCode.ENTER);
        eventually("the new query is searched", () -> results("#searchResultList").size() == 1
                && results("#searchResultList").getFirst().text().equals("Zeppelins are slow"));
    }

    @Test
    void theSelectedResultIsMarkedApartFromTheOneUnderTheMouseAndANewSearchStartsUnselected() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "salice");
        Peer bob = Peer.register(server, "sbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "apple one");
        bob.post(room, "apple two");
        bob.post(room, "apple three");
        bob.post(room, "banana one");
        bob.post(room, "banana two");
        alice.awaitSearchable("apple", 3);
        alice.awaitSearchable("banana", 2);
        start(alice, bob);
        var robot = desktop.robot();
        robot.clickOn("#filterField").write("apple").type(KeyCode.ENTER);
        eventually("the apples are found and laid out", () -> resultRows("#searchResultList").size() == 3);
        robot.type(KeyCode.DOWN).type(KeyCode.DOWN);
        eventually("the second is selected", () -> resultRow("#searchResultList", 1).isSelected());
        robot.moveTo(fx(() -> resultRow("#searchResultList", 2)));
        eventually("the third is under the mouse", () -> resultRow("#searchResultList", 2).isHover());
        desktop.screenshot("desktop-search-selection");

        Color selected = fx(() -> leftEdge(resultRow("#searchResultList", 1)));
        Color hovered = fx(() -> leftEdge(resultRow("#searchResultList", 2)));
        shortcut(KeyCode.F); // the field, its text selected
        robot.write("two").type(KeyCode.ENTER); // finds the selected message again, in new results
        eventually("the twos are found and laid out", () -> resultRows("#searchResultList").size() == 2
                && results("#searchResultList").getFirst().text().equals("banana two"));

        assertThat(apart(selected, hovered)).isGreaterThan(0.5);
        ListView<SearchResult> list = desktop.lookup("#searchResultList");
        assertThat(fx(() -> resultRows("#searchResultList").stream().filter(SearchResultCell::isSelected).toList()))
                .isEmpty();
        assertThat(fx(() -> list.getSelectionModel().getSelectedIndex())).isEqualTo(-1);
        assertThat(fx(() -> list.getFocusModel().getFocusedIndex())).isEqualTo(-1);
    }

    @Test
    void whenTheSelectedResultsMessageIsDeletedTheOneInItsPlaceIsSelected() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "dalice");
        Peer bob = Peer.register(server, "dbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "apple one");
        long two = bob.post(room, "apple two");
        bob.post(room, "apple three");
        alice.awaitSearchable("apple", 3);
        start(alice, bob);
        var robot = desktop.robot();
        robot.clickOn("#filterField").write("apple").type(KeyCode.ENTER);
        eventually("the apples are found", () -> resultRows("#searchResultList").size() == 3);
        robot.type(KeyCode.DOWN).type(KeyCode.DOWN);
        eventually("apple two is selected", () -> resultRow("#searchResultList", 1).isSelected()
                && resultRow("#searchResultList", 1).getItem().seq() == two);

        bob.connect(TestNode.ws(TestNode.shared()));
        bob.act("delete", room, two, Map.of());

        eventually("apple two's result went", () -> results("#searchResultList").size() == 2);
        ListView<SearchResult> list = desktop.lookup("#searchResultList");
        assertThat(fx(() -> list.getSelectionModel().getSelectedItem().text())).isEqualTo("apple one");
        eventually("its row shows it selected", () -> resultRows("#searchResultList").stream()
                .filter(SearchResultCell::isSelected).map(cell -> cell.getItem().text()).toList()
                .equals(List.of("apple one")));
        bob.close();
    }
}

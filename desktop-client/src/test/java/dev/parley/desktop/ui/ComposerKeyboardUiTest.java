package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import java.net.URI;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The composer's emoji picker and the keyboard around the chat list (issue 17), against a real server: the cursor in
 * the chat search after signing in, the picker from its button and from Ctrl+Alt+E (arrows by rows, Enter at the
 * caret, Esc back to the composer, a click, a letter typed), and the next and previous chat from the keyboard.
 */
class ComposerKeyboardUiTest {

    private DesktopApp desktop;

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
    }

    @Test
    void afterSigningInTheCursorIsInTheChatSearch() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "kfocus");
        desktop = DesktopApp.signedOut(server);
        var robot = desktop.robot();

        robot.clickOn("#usernameField").write(alice.username());
        robot.clickOn("#passwordField").write(alice.password()).type(KeyCode.ENTER);

        eventually("the cursor is in the chat search", () -> "filterField".equals(focusId()));
    }

    @Test
    void withARememberedSessionTheCursorStartsInTheChatSearch() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        desktop = DesktopApp.signedIn(server, Peer.register(server, "kstart"));

        eventually("the cursor is in the chat search", () -> "filterField".equals(focusId()));
    }

    @Test
    void theSmileyOpensThePickerOnItsFirstEmojiAndEnterInsertsTheChosenOneAtTheCaret() throws Exception {
        openChatWith("ksmiley");
        var robot = desktop.robot();
        robot.write("hello world").type(KeyCode.HOME).type(KeyCode.RIGHT, 5);

        robot.clickOn("#emojiButton");
        eventually("the picker is open on its first emoji", () -> "👍".equals(focusedEmoji()));
        robot.type(KeyCode.RIGHT);
        assertThat(focusedEmoji()).isEqualTo("❤️");
        robot.type(KeyCode.ENTER);

        assertThat(composerText()).isEqualTo("hello❤️ world");
        assertThat(fx(() -> desktop.lookup("#emojiPicker").isVisible())).isTrue(); // open for another one
        assertThat(focusedEmoji()).isEqualTo("❤️");
        desktop.screenshot("desktop-emoji-picker");
    }

    @Test
    void theFrequentlyUsedRowLeadsWithTheEmojiISendAndReactWithMost() throws Exception {
        ChatItem chat = openChatWith("kfreq");
        var robot = desktop.robot();
        robot.clickOn("#emojiButton");
        eventually("the picker is open on the quick reactions", () -> "👍".equals(focusedEmoji()));
        assertThat(frequentRow()).isEqualTo(dev.parley.desktop.chat.MessageActions.REACTIONS);
        robot.type(KeyCode.ESCAPE);

        for (String text : List.of("tea for two 🫖🫖", "more 🫖 and 🍰")) {
            fx(() -> {
                desktop.conversation().draftProperty().set(text);
                desktop.conversation().send();
                return null;
            });
        }
        eventually("both stored", () -> fx(() -> chat.messages().stream().filter(m -> m.seq() > 0).count()) == 2);
        fx(() -> {
            desktop.conversation().react(chat.messages().getFirst(), "🐙");
            return null;
        });
        robot.clickOn("#emojiButton");

        eventually("the picker is open on the emoji I send most", () -> "🫖".equals(focusedEmoji()));
        assertThat(frequentRow()).startsWith("🫖", "🐙", "🍰", "👍", "❤️", "😂")
                .hasSize(dev.parley.desktop.chat.MessageActions.REACTIONS.size());
    }

    @Test
    void escClosesThePickerWithTheCaretAfterTheEmoji() throws Exception {
        openChatWith("kesc");
        var robot = desktop.robot();
        robot.write("ab").type(KeyCode.LEFT);
        robot.clickOn("#emojiButton");
        eventually("the picker is open", () -> "👍".equals(focusedEmoji()));
        robot.type(KeyCode.ENTER);

        robot.type(KeyCode.ESCAPE);

        eventually("the picker is closed", () -> !desktop.lookup("#emojiPicker").isVisible());
        assertThat(focusId()).isEqualTo("composerField");
        robot.write("c");
        assertThat(composerText()).isEqualTo("a👍cb");
    }

    @Test
    void ctrlAltEOpensThePickerWhoseArrowsMoveByRowsNotBetweenChatsAndALetterGoesOnInTheComposer()
            throws Exception {
        ChatItem chat = openChatWith("kctrle");
        var robot = desktop.robot();

        robot.press(KeyCode.CONTROL, KeyCode.ALT).type(KeyCode.E).release(KeyCode.ALT, KeyCode.CONTROL);
        eventually("the picker is open on its first emoji", () -> "👍".equals(focusedEmoji()));
        // Frequently used: eight to a row, then two; then the smileys, eight to a row.
        robot.type(KeyCode.DOWN);
        assertThat(focusedEmoji()).isEqualTo("👏");
        robot.type(KeyCode.DOWN);
        assertThat(focusedEmoji()).isEqualTo("😀");
        robot.type(KeyCode.RIGHT).type(KeyCode.DOWN);
        assertThat(focusedEmoji()).isEqualTo("🙂");
        robot.type(KeyCode.UP);
        assertThat(focusedEmoji()).isEqualTo("😃");
        robot.type(KeyCode.ENTER).write("x");

        eventually("the picker is closed", () -> !desktop.lookup("#emojiPicker").isVisible());
        assertThat(focusId()).isEqualTo("composerField");
        assertThat(composerText()).isEqualTo("😃x");
        assertThat(fx(() -> desktop.conversation().chatProperty().get())).isSameAs(chat);
    }

    @Test
    void aClickedEmojiGoesInWithTheCaretBackInTheComposerAndOpeningAnotherChatClosesThePicker() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "kclick");
        Peer bob = Peer.register(server, "kclickb");
        Peer carol = Peer.register(server, "kclickc");
        bob.roomWith(alice);
        carol.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("both chats are listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 2);
        robot.clickOn(bob.username());
        eventually("the composer has the caret", () -> "composerField".equals(focusId()));
        robot.write("party ");
        robot.clickOn("#emojiButton");
        eventually("the picker is open", () -> "👍".equals(focusedEmoji()));

        robot.clickOn((Button b) -> "🎉".equals(b.getUserData()));

        assertThat(composerText()).isEqualTo("party 🎉");
        assertThat(focusId()).isEqualTo("composerField");
        assertThat(fx(() -> desktop.lookup("#emojiPicker").isVisible())).isTrue();
        robot.clickOn(carol.username());
        ChatItem carolsChat = desktop.chatWith(carol);
        eventually("Carol's chat is open", () -> desktop.conversation().chatProperty().get() == carolsChat);
        assertThat(fx(() -> desktop.lookup("#emojiPicker").isVisible())).isFalse();
    }

    @Test
    void aChatOpenedWithADraftHasTheCaretAfterIt() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "kdraft");
        Peer bob = Peer.register(server, "kdraftb");
        Peer carol = Peer.register(server, "kdraftc");
        bob.roomWith(alice);
        carol.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("both chats are listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 2);
        robot.clickOn(bob.username());
        eventually("the composer has the caret", () -> "composerField".equals(focusId()));
        robot.write("see you at");
        robot.clickOn(carol.username());
        eventually("Carol's chat is open", () -> composerText().isEmpty());

        robot.clickOn(bob.username());
        eventually("Bob's draft is back", () -> composerText().equals("see you at"));
        eventually("the composer has the caret", () -> "composerField".equals(focusId()));
        robot.write(" eight");

        assertThat(composerText()).isEqualTo("see you at eight");
    }

    @Test
    void aChatLeftWithUnsentTextShowsDraftInTheAccentColourInTheListUntilItIsSent() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "kdrafl");
        Peer bob = Peer.register(server, "kdraflb");
        Peer carol = Peer.register(server, "kdraflc");
        bob.post(bob.roomWith(alice), "are you coming?");
        carol.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("both chats are listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 2);
        ChatItem bobs = desktop.chatWith(bob);
        robot.clickOn(bob.username());
        eventually("the composer has the caret", () -> "composerField".equals(focusId()));
        robot.write("see you at");
        assertThat(fx(() -> preview(bobs))).as("not in the open chat's row").isEqualTo("are you coming?");

        robot.clickOn(carol.username());
        eventually("Bob's row shows the draft", () -> preview(bobs).equals("Draft: see you at"));
        desktop.screenshot("desktop-chat-list-draft");
        Label draftWord = fx(() -> (Label) row(bobs).lookup(".draft-label"));
        assertThat(fx(draftWord::getTextFill)).isEqualTo(Color.web("#00a884")); // -wa-green, as the web's --green

        robot.clickOn(bob.username());
        eventually("Bob's draft is back", () -> composerText().equals("see you at"));
        robot.write(" eight").type(KeyCode.ENTER);
        robot.clickOn(carol.username());
        eventually("Bob's row shows the message sent", () -> preview(bobs).equals("see you at eight"));
    }

    /** The chat list row of {@code chat}. */
    private Node row(ChatItem chat) {
        return desktop.robot().lookup(".chat-cell").queryAll().stream()
                .filter(n -> n instanceof ChatCell cell && cell.getItem() == chat).findFirst().orElseThrow();
    }

    /** The preview line of {@code chat}'s row as read: "Draft: " and the text when the draft label shows. */
    private String preview(ChatItem chat) {
        Label preview = (Label) row(chat).lookup(".chat-preview");
        return preview.getGraphic() instanceof Label word && word.isVisible()
                ? word.getText() + " " + preview.getText() : preview.getText();
    }

    @Test
    void ctrlShiftBracketsAndCtrlTabOpenTheNextAndThePreviousChat() throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, "kwalk");
        for (String other : List.of("kwalkb", "kwalkc", "kwalkd")) {
            Peer.register(server, other).roomWith(alice);
        }
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("three chats are listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 3);
        List<ChatItem> chats = fx(() -> List.copyOf(desktop.chats().chats()));
        robot.clickOn(chats.get(0).peer());
        eventually("the first chat is open", () -> desktop.conversation().chatProperty().get() == chats.get(0));

        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.CLOSE_BRACKET).release(KeyCode.SHIFT, KeyCode.CONTROL);
        eventually("the second chat is open", () -> desktop.conversation().chatProperty().get() == chats.get(1));
        robot.press(KeyCode.CONTROL).type(KeyCode.TAB).release(KeyCode.CONTROL);
        eventually("the third chat is open", () -> desktop.conversation().chatProperty().get() == chats.get(2));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.TAB).release(KeyCode.SHIFT, KeyCode.CONTROL);
        eventually("the second chat is open again", () -> desktop.conversation().chatProperty().get() == chats.get(1));
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.OPEN_BRACKET).release(KeyCode.SHIFT, KeyCode.CONTROL);

        eventually("the first chat is open again", () -> desktop.conversation().chatProperty().get() == chats.get(0));
    }

    /** Signs in someone with one chat, opens it and waits for the caret in its composer. */
    private ChatItem openChatWith(String prefix) throws Exception {
        URI server = TestNode.http(TestNode.shared());
        Peer alice = Peer.register(server, prefix);
        Peer bob = Peer.register(server, prefix + "b");
        bob.roomWith(alice);
        desktop = DesktopApp.signedIn(server, alice);
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chats().chats().size() == 1);
        desktop.robot().clickOn(bob.username());
        eventually("the composer has the caret", () -> "composerField".equals(focusId()));
        return desktop.chatWith(bob);
    }

    private String focusId() {
        return fx(() -> {
            Node focus = desktop.stage().getScene().getFocusOwner();
            return focus == null ? null : focus.getId();
        });
    }

    private String focusedEmoji() {
        return fx(() -> desktop.stage().getScene().getFocusOwner() instanceof Button b
                && b.getUserData() instanceof String emoji ? emoji : null);
    }

    /** The emoji of the picker's "Frequently used" row, in order. */
    private List<String> frequentRow() {
        return fx(() -> ((javafx.scene.layout.TilePane) desktop.lookup("#frequentEmoji")).getChildren().stream()
                .map(n -> (String) n.getUserData()).toList());
    }

    private String composerText() {
        return fx(() -> ((TextArea) desktop.lookup("#composerField")).getText());
    }
}

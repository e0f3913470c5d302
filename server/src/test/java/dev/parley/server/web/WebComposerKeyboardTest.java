package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The composer's emoji picker and the chat list's keyboard in the web client (issue 17): the picker from its button
 * and from Ctrl+Alt+E, arrows, Enter at the caret, Escape back to the composer; the chat list as one Tab stop; the
 * next and previous chat with Ctrl+Alt+Shift+] and [. One browser against a node of its own.
 */
class WebComposerKeyboardTest {

    private static Parley node;
    private static Api api;
    private static ChromeDriver browser;
    private static ChatPage page;

    @BeforeAll
    static void startNodeAndBrowser() {
        node = TestServer.start(TestServer.freshDataDir(), Map.of());
        URI base = URI.create("http://127.0.0.1:" + node.server().port());
        api = new Api(base);
        browser = Chrome.start();
        page = new ChatPage(browser, base);
    }

    @AfterAll
    static void stopBrowserAndNode() {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void freshBrowser() {
        page.startFresh();
    }

    @AfterEach
    void normalScreen() {
        page.resetEmulation();
    }

    // --- the emoji picker ---

    @Test
    void theEmojiButtonOpensThePickerOnItsFirstEmojiAndEnterInsertsTheChosenOneAtTheCaret() {
        openAChat();
        page.type("hello world");
        page.byTestId("composer").sendKeys(Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT,
                Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);

        page.byTestId("emoji-button").click();
        page.await("the picker open on its first emoji", () -> page.visible("composer-emoji-picker")
                && "👍".equals(focusedEmoji()));
        assertThat(page.byTestId("emoji-button").getDomAttribute("aria-expanded")).isEqualTo("true");
        keys(Keys.ARROW_RIGHT);
        assertThat(focusedEmoji()).isEqualTo("❤️");
        keys(Keys.ENTER);

        assertThat(composerText()).isEqualTo("hello❤️ world");
        assertThat(page.visible("composer-emoji-picker")).isTrue(); // open for another one, as in WhatsApp
        assertThat(focusedEmoji()).isEqualTo("❤️");
        page.screenshot("web-emoji-picker");
    }

    @Test
    void escapeClosesThePickerWithTheCaretAfterTheEmojiInTheComposer() {
        openAChat();
        page.type("ab");
        page.byTestId("composer").sendKeys(Keys.ARROW_LEFT);
        page.byTestId("emoji-button").click();
        page.await("the picker open", () -> page.visible("composer-emoji-picker"));
        keys(Keys.ENTER);

        keys(Keys.ESCAPE);

        page.await("the picker closed", () -> !page.visible("composer-emoji-picker"));
        assertThat(page.focused()).isEqualTo("composer");
        assertThat(page.byTestId("emoji-button").getDomAttribute("aria-expanded")).isEqualTo("false");
        keys("c");
        assertThat(composerText()).isEqualTo("a👍cb");
    }

    @Test
    void ctrlAltEOpensThePickerWhoseArrowsMoveByRowsAndALetterTypedGoesOnInTheComposer() {
        openAChat();

        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).sendKeys("e")
                .keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();
        page.await("the picker open on its first emoji", () -> page.visible("composer-emoji-picker")
                && "👍".equals(focusedEmoji()));
        // Frequently used (one row), then Smileys, eight to a row: down twice is the second row of smileys.
        keys(Keys.ARROW_DOWN);
        assertThat(focusedEmoji()).isEqualTo("😀");
        keys(Keys.ARROW_RIGHT, Keys.ARROW_DOWN);
        assertThat(focusedEmoji()).isEqualTo("🙂");
        keys(Keys.ARROW_UP);
        assertThat(focusedEmoji()).isEqualTo("😃");
        keys(Keys.ENTER, "x");

        page.await("the picker closed", () -> !page.visible("composer-emoji-picker"));
        assertThat(page.focused()).isEqualTo("composer");
        assertThat(composerText()).isEqualTo("😃x");
    }

    @Test
    void aClickedEmojiGoesInWithTheCursorInTheComposerWhereEscapeClosesThePickerAndIsKeptAsTheDraft() {
        String[] rooms = openAChat();
        page.type("party ");
        page.byTestId("emoji-button").click();
        page.await("the picker open", () -> page.visible("composer-emoji-picker"));

        browser.findElement(By.cssSelector("[data-testid=composer-emoji][data-emoji='🎉']")).click();

        assertThat(composerText()).isEqualTo("party 🎉");
        assertThat(page.focused()).isEqualTo("composer");
        assertThat(page.visible("composer-emoji-picker")).isTrue(); // for another one, as in WhatsApp
        keys(Keys.ESCAPE); // from the composer too
        page.await("the picker closed", () -> !page.visible("composer-emoji-picker"));
        assertThat(page.focused()).isEqualTo("composer");
        page.reload();
        page.awaitConversationWith(rooms[1]);
        assertThat(composerText()).isEqualTo("party 🎉");
    }

    @Test
    void theFrequentlyUsedRowLeadsWithTheEmojiISendMostThenTheQuickReactions() {
        openAChat();
        page.byTestId("emoji-button").click();
        page.await("the picker open", () -> page.visible("composer-emoji-picker"));
        assertThat(frequentRow()).isEqualTo(List.of("👍", "❤️", "😂", "😮", "😢", "🙏")); // no history yet
        keys(Keys.ESCAPE);

        page.send("tea for two 🫖🫖");
        page.awaitBubble("tea for two 🫖🫖");
        page.send("more 🫖 and 🍰");
        page.awaitBubble("more 🫖 and 🍰");
        page.byTestId("emoji-button").click();

        page.await("the picker open on the emoji I send most", () -> page.visible("composer-emoji-picker")
                && "🫖".equals(focusedEmoji()));
        assertThat(frequentRow()).isEqualTo(List.of("🫖", "🍰", "👍", "❤️", "😂", "😮"));
        page.reload();
        openTheOpenChatsPicker();
        assertThat(frequentRow()).isEqualTo(List.of("🫖", "🍰", "👍", "❤️", "😂", "😮"));
    }

    @Test
    void aClickOutsideClosesThePickerAndSwitchingChatsDoesToo() {
        List<String> rooms = twoChats();
        page.chatItem(rooms.get(0)).click();
        page.await("the composer", () -> page.visible("composer"));
        page.byTestId("emoji-button").click();
        page.await("the picker open", () -> page.visible("composer-emoji-picker"));
        page.byTestId("conversation-title").click();
        page.await("the picker closed by the click", () -> !page.visible("composer-emoji-picker"));
        page.byTestId("emoji-button").click();
        page.await("the picker open again", () -> page.visible("composer-emoji-picker"));

        page.chatItem(rooms.get(1)).click();

        page.await("the other chat open", () -> rooms.get(1).equals(page.openRoom()));
        assertThat(page.visible("composer-emoji-picker")).isFalse();
    }

    // --- the chat list and the keyboard ---

    @Test
    void theChatListIsOneTabStopWithArrowsInsideIt() {
        List<String> rooms = threeChats();
        page.await("the cursor in the chat search", () -> "chat-filter".equals(page.focused()));

        keys(Keys.TAB);
        assertThat(focusedRoom()).isEqualTo(rooms.get(0));
        keys(Keys.ARROW_DOWN);
        assertThat(focusedRoom()).isEqualTo(rooms.get(1));
        keys(Keys.TAB);
        assertThat(focusedRoom()).isNull(); // out of the list in one step
        new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertThat(focusedRoom()).isEqualTo(rooms.get(1)); // back where the keyboard left it
        new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();

        assertThat(page.focused()).isEqualTo("chat-filter");
    }

    @Test
    void tabIntoTheChatListLandsOnTheOpenChat() {
        List<String> rooms = threeChats();
        page.chatItem(rooms.get(2)).click();
        page.await("the third chat open", () -> page.visible("composer") && rooms.get(2).equals(page.openRoom()));
        page.byTestId("chat-filter").click();

        keys(Keys.TAB);

        assertThat(focusedRoom()).isEqualTo(rooms.get(2));
    }

    @Test
    void ctrlAltShiftBracketsOpenTheNextAndThePreviousChat() {
        List<String> rooms = threeChats();
        page.chatItem(rooms.get(0)).click();
        page.await("the first chat open", () -> rooms.get(0).equals(page.openRoom()));

        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).keyDown(Keys.SHIFT).sendKeys("]")
                .keyUp(Keys.SHIFT).keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();
        page.await("the second chat open", () -> rooms.get(1).equals(page.openRoom()));
        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).keyDown(Keys.SHIFT).sendKeys("[")
                .keyUp(Keys.SHIFT).keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();

        page.await("the first chat open again", () -> rooms.get(0).equals(page.openRoom()));
    }

    // --- helpers ---

    /** Signs in someone with one chat and opens it; returns its room and the other person's name. */
    private String[] openAChat() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User ann = registerAs(prefix + "ann");
        String room = api.room(me, ann).toString();
        page.signIn(me.username(), password(me.username()));
        page.openChat(room, ann.username());
        page.await("the cursor in the composer", () -> "composer".equals(page.focused()));
        return new String[] {room, ann.username()};
    }

    private List<String> twoChats() {
        return chats(List.of("ann", "ben"));
    }

    private List<String> threeChats() {
        return chats(List.of("ann", "ben", "cat"));
    }

    /** Signs in someone with a chat with each of {@code others} and returns the rooms in the list's order. */
    private List<String> chats(List<String> others) {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        for (String other : others) {
            api.room(me, registerAs(prefix + other));
        }
        page.signIn(me.username(), password(me.username()));
        page.await(others.size() + " chats", () -> chatOrder().size() == others.size());
        return chatOrder();
    }

    private void keys(CharSequence... keys) {
        new Actions(browser).sendKeys(keys).perform();
    }

    /** The emoji of the picker's "Frequently used" row, in order. */
    @SuppressWarnings("unchecked")
    private List<String> frequentRow() {
        return (List<String>) page.script("return [...document.querySelectorAll("
                + "'[data-testid=emoji-group-frequent] [data-testid=composer-emoji]')].map((b) => b.dataset.emoji)");
    }

    /** After a reload: the chat shows again, and its picker opens. */
    private void openTheOpenChatsPicker() {
        page.await("the composer again", () -> page.visible("composer") && page.byTestId("emoji-button").isEnabled());
        page.byTestId("emoji-button").click();
        page.await("the picker open", () -> page.visible("composer-emoji-picker"));
    }

    private String focusedEmoji() {
        return (String) page.script("return document.activeElement?.dataset?.emoji ?? null");
    }

    /** The room of the chat row with focus, or null when focus is elsewhere. */
    private String focusedRoom() {
        return (String) page.script("return document.activeElement?.closest('[data-testid=chat-item]')?.dataset.room"
                + " ?? null");
    }

    private String composerText() {
        return (String) page.script("return document.querySelector('[data-testid=composer]').value");
    }

    private List<String> chatOrder() {
        return browser.findElements(By.cssSelector("[data-testid=chat-item]")).stream()
                .map(e -> e.getDomAttribute("data-room")).toList();
    }

    private static String password(String username) {
        return "password-" + username;
    }

    /** A prefix no other user has. */
    private static String freshPrefix() {
        return "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static Api.User registerAs(String username) {
        Api.Response response = api.post("/api/auth/register", null,
                Map.of("username", username, "password", password(username)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new Api.User(username, response.json().get("token").asText());
    }
}

package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.TestServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Message actions (reply, edit, delete for everyone, reactions) in two real headless Chromium browsers, alice's and
 * bob's, against the shared node: each action end to end, bob offline while alice acts, and the edit window. The
 * browsers are shared and reset before each test; each test signs in fresh users.
 */
class WebMessageActionsTest {

    /** Every message row as shown, in a form both sides of a chat show alike ("You" aside). */
    private static final String SHOWN = """
            return [...document.querySelectorAll('[data-testid=message]')].map((li) => {
              const quote = li.querySelector('[data-testid=quote]');
              return { seq: li.dataset.seq ?? null, user: li.dataset.user, deleted: li.dataset.deleted === 'true',
                edited: !!li.querySelector('[data-testid=edited-label]'),
                text: li.dataset.deleted === 'true' ? null : li.querySelector('[data-testid=message-text]').textContent,
                quote: quote ? `${quote.dataset.seq}: ${quote.querySelector('[data-testid=quote-text]').textContent}` : null,
                reactions: [...li.querySelectorAll('[data-testid=reaction-chip]')]
                  .map((c) => `${c.dataset.emoji} ${c.dataset.count} ${c.dataset.users}`) };
            });""";

    private static final Api api = Api.shared();
    private static ChromeDriver aliceBrowser;
    private static ChromeDriver bobBrowser;
    private static ChatPage alice;
    private static ChatPage bob;

    @BeforeAll
    static void startBrowsers() {
        URI base = TestServer.http();
        aliceBrowser = Chrome.start();
        bobBrowser = Chrome.start();
        alice = new ChatPage(aliceBrowser, base);
        bob = new ChatPage(bobBrowser, base);
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] {aliceBrowser, bobBrowser}) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    @BeforeEach
    void freshBrowsers() {
        alice.startFresh();
        bob.startFresh();
    }

    @AfterEach
    void normalNetworkAndScreen() {
        online(bob, true);
        alice.resetEmulation();
    }

    @Test
    void aReplyQuotesWhatItAnswersOnBothSidesAndItsQuoteLeadsBackThroughOlderHistory() {
        Api.User a = api.register("ralice");
        Api.User b = api.register("rbob");
        Api.User carol = api.register("rcarol");
        Api.User dave = api.register("rdave");
        String room = api.group(a, "Trip", b, carol, dave).toString();
        long first = post(b, room, "Where do we meet?", null).get("seq").asLong();
        // More than a page of history after it, each sender within the send limit's burst.
        for (int i = 1; i <= 18; i++) {
            post(carol, room, "carol " + i, null);
            post(dave, room, "dave " + i, null);
            post(b, room, "bob " + i, null);
        }
        post(a, room, "At the station", first);
        post(b, room, "Which one? <b>north</b> or south?", null);
        signIn(alice, a);
        signIn(bob, b);
        alice.openChat(room, "Trip");
        bob.openChat(room, "Trip");

        menuAction(alice, "Which one? <b>north</b> or south?", "reply");
        alice.await("the reply bar", () -> alice.visible("composer-context")
                && "Which one? <b>north</b> or south?".equals(alice.text("composer-context-text")));
        alice.send("North, by the clock");

        Map<String, Object> expected = Map.of("user", a.username(), "text", "North, by the clock");
        for (ChatPage page : List.of(alice, bob)) {
            page.await("the reply with its quote", () -> shown(page).stream().anyMatch(row ->
                    expected.get("text").equals(row.get("text")) && row.get("quote") != null
                            && ((String) row.get("quote")).endsWith(": Which one? <b>north</b> or south?")));
        }
        assertThat(alice.visible("composer-context")).isFalse();
        assertThat(bob.script("return document.querySelectorAll('[data-testid=quote] b').length")).isEqualTo(0L);
        assertThat(quoteUsers(alice)).isEqualTo(List.of(b.username(), b.username()));
        assertThat(quoteUsers(bob)).isEqualTo(List.of("You", "You"));

        assertThat(bob.driver.findElements(By.cssSelector("[data-testid=message][data-seq='" + first + "']"))).isEmpty();
        bob.driver.findElement(By.cssSelector("[data-testid=quote][data-seq='" + first + "']")).click();
        bob.await("\"Where do we meet?\" loaded, in view and highlighted", () -> Boolean.TRUE.equals(bob.script("""
                const row = document.querySelector(`[data-testid=message][data-seq='${arguments[0]}']`);
                if (!row || row.dataset.highlighted !== 'true') return false;
                const area = document.querySelector('[data-testid=messages-scroll]').getBoundingClientRect();
                const box = row.getBoundingClientRect();
                return box.top >= area.top && box.bottom <= area.bottom;""", first)));
        assertThat(text(bob, first)).isEqualTo("Where do we meet?");
        assertThat(bob.script("""
                const focused = document.activeElement;
                return `${focused.dataset.testid} ${focused.dataset.seq}`;""")).as("focus on the original")
                .isEqualTo("message " + first);
    }

    @Test
    void anEditShowsEditedOnBothSidesAndInTheChatListAndUpArrowEditsMyLastMessage() {
        String room = chatOfTwo("ealice", "ebob");
        alice.send("See you at 8");
        alice.awaitBubble("See you at 8", "stored", b -> b.seq() != null);
        bob.awaitBubble("See you at 8");

        alice.byTestId("composer").sendKeys(Keys.ARROW_UP);
        alice.await("the composer editing my last message", () -> alice.visible("composer-context")
                && "Editing".equals(alice.text("composer-context-label"))
                && "See you at 8".equals(alice.byTestId("composer").getDomProperty("value")));
        WebElement composer = alice.byTestId("composer");
        composer.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        composer.sendKeys("See you at 9", Keys.ENTER);

        for (ChatPage page : List.of(alice, bob)) {
            page.await("the edited message with its label", () -> shown(page).stream().anyMatch(row ->
                    "See you at 9".equals(row.get("text")) && Boolean.TRUE.equals(row.get("edited"))));
        }
        bob.await("the new text in bob's chat list", () -> "See you at 9".equals(bob.preview(room)));
        assertThat(alice.byTestId("composer").getDomProperty("value")).isEmpty();
        assertThat(alice.visible("composer-context")).isFalse();
        assertThat(shown(bob)).hasSize(1);

        // Emptied, the edit is not saved (deleting is the menu's Delete): a hint says so, and the edit goes on.
        menuAction(alice, "See you at 9", "edit");
        alice.await("the edit in the composer", () -> "See you at 9".equals(alice.byTestId("composer")
                .getDomProperty("value")));
        alice.byTestId("composer").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, Keys.ENTER);
        alice.await("the hint", () -> alice.visible("composer-hint"));
        assertThat(alice.text("composer-hint")).isEqualTo("A message can't be empty — delete it instead");
        assertThat(alice.text("composer-context-label")).isEqualTo("Editing");
        assertThat(shown(alice).getFirst().get("text")).isEqualTo("See you at 9");
        alice.byTestId("composer").sendKeys("See you at 9");
        assertThat(alice.visible("composer-hint")).as("gone once typing again").isFalse();
        alice.byTestId("composer").sendKeys(" or 10", Keys.ESCAPE);
        alice.await("the edit cancelled", () -> !alice.visible("composer-context")
                && "".equals(alice.byTestId("composer").getDomProperty("value")));
        assertThat(shown(alice).getFirst().get("text")).isEqualTo("See you at 9");

        // Up in an empty composer edits only when no reply is being written: the reply stays.
        menuAction(alice, "See you at 9", "reply");
        alice.await("the reply bar", () -> "reply".equals(alice.byTestId("composer-context").getDomAttribute(
                "data-mode")));
        alice.byTestId("composer").sendKeys(Keys.ARROW_UP);
        assertThat(alice.byTestId("composer-context").getDomAttribute("data-mode")).isEqualTo("reply");
        assertThat(alice.byTestId("composer").getDomProperty("value")).isEmpty();
    }

    @Test
    void deleteForEveryoneLeavesATombstoneOnBothSidesAndInBothChatLists() {
        String room = chatOfTwo("dalice", "dbob");
        alice.send("sent to the wrong chat");
        bob.awaitBubble("sent to the wrong chat");

        // From the keyboard: the chevron, Enter opens the menu on its first item, End goes to Delete, Enter picks it.
        inRow(alice, "sent to the wrong chat", "[data-testid=message-menu-button]", button -> alice.script(
                "arguments[0].focus()", button));
        new Actions(alice.driver).sendKeys(Keys.ENTER).perform();
        alice.await("the menu, its first item focused", () -> "menu-reply".equals(alice.focused()));
        new Actions(alice.driver).sendKeys(Keys.END).perform();
        assertThat(alice.focused()).isEqualTo("menu-delete");
        new Actions(alice.driver).sendKeys(Keys.ENTER).perform();
        alice.await("the confirmation", () -> alice.visible("confirm-dialog"));
        assertThat(alice.text("confirm-text")).isEqualTo(
                "It will be deleted for everyone in this chat. This cannot be undone.");
        alice.byTestId("confirm-action").click();
        alice.await("focus back in the composer", () -> "composer".equals(alice.focused()));

        alice.awaitBubble("You deleted this message", "as a tombstone", b -> true);
        bob.awaitBubble("This message was deleted", "as a tombstone", b -> true);
        alice.await("the tombstone in alice's list", () -> "You deleted this message".equals(alice.preview(room)));
        bob.await("the tombstone in bob's list", () -> "This message was deleted".equals(bob.preview(room)));
        for (ChatPage page : List.of(alice, bob)) {
            assertThat(shown(page)).extracting(row -> row.get("deleted")).containsExactly(true);
            assertThat(page.driver.findElements(By.cssSelector(
                    "[data-testid=message-menu-button], [data-testid=react-button], [data-testid=message] .ticks")))
                    .as("no actions, no ticks").isEmpty();
        }
        assertThat(alice.focused()).isEqualTo("composer");
    }

    @Test
    void reactionsAreGroupedWithCountsAndMineIsReplacedOrRemoved() {
        chatOfTwo("xalice", "xbob");
        String bobName = bob.text("me");
        String aliceName = alice.text("me");
        bob.send("Pizza tonight?");
        alice.awaitBubble("Pizza tonight?");

        menuAction(alice, "Pizza tonight?", "react");
        pickEmoji(alice, "reaction-option", "👍");
        awaitReactions(List.of("👍 1 " + aliceName));
        inRow(bob, "Pizza tonight?", "[data-testid=reaction-chip][data-emoji='👍']", WebElement::click);
        awaitReactions(List.of("👍 2 " + aliceName + "," + bobName));
        assertThat(alice.script("return document.querySelector(\"[data-testid=reaction-chip][data-emoji='👍']\").title"))
                .isEqualTo(bobName + " and You (click to remove yours)");

        clickInRow(alice, "Pizza tonight?", "react-button");
        alice.clickWhenVisible("reaction-more");
        pickEmoji(alice, "picker-emoji", "🎉");
        awaitReactions(List.of("👍 1 " + bobName, "🎉 1 " + aliceName));

        inRow(alice, "Pizza tonight?", "[data-testid=reaction-chip][data-emoji='🎉']", WebElement::click);
        awaitReactions(List.of("👍 1 " + bobName));
    }

    @Test
    void bobOfflineWhileAliceEditsDeletesAndReactsSeesExactlyHerFinalStateOnceBack() {
        Api.User a = api.register("oalice");
        Api.User b = api.register("obob");
        String room = api.room(a, b).toString();
        post(a, room, "See you at 8 tomorow", null);
        post(a, room, "my bank PIN is 1234", null);
        post(b, room, "Shall I bring dinner?", null);
        post(a, room, "Yes!", null);
        signIn(alice, a);
        signIn(bob, b);
        alice.openChat(room, b.username());
        bob.openChat(room, a.username());
        bob.awaitBubble("Yes!");

        online(bob, false);
        bob.await("bob's connection lost", () -> bob.visible("connection-banner"));
        menuAction(alice, "See you at 8 tomorow", "edit");
        WebElement composer = alice.byTestId("composer");
        composer.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        composer.sendKeys("See you at 8 tomorrow", Keys.ENTER);
        menuAction(alice, "my bank PIN is 1234", "delete");
        alice.clickWhenVisible("confirm-action");
        react(alice, "Shall I bring dinner?", "👍");
        // A right click (as a long press on a phone) opens the reactions and the actions together.
        inRow(alice, "Shall I bring dinner?", ".bubble", bubble -> new Actions(alice.driver).contextClick(bubble)
                .perform());
        alice.await("the actions under the reactions", () -> alice.visible("reaction-bar") && alice.visible("menu-reply"));
        assertThat(alice.driver.findElements(By.cssSelector("[data-testid=menu-react]"))).as("React: shown already")
                .isEmpty();
        pickEmoji(alice, "reaction-option", "❤️");
        react(alice, "Yes!", "😂");
        menuAction(alice, "Shall I bring dinner?", "reply");
        alice.send("pizza please");
        alice.await("every action of alice's acknowledged", () -> shown(alice).size() == 5 && Boolean.TRUE.equals(
                alice.script("return !document.querySelector('.pending-action, [data-status=pending]')")));
        List<Map<String, Object>> final1 = shown(alice);
        assertThat(bob.visible("connection-banner")).as("bob still offline").isTrue();

        online(bob, true);

        bob.await("bob's chat equal to alice's", () -> shown(bob).equals(final1));
        bob.await("the reply in bob's chat list", () -> "pizza please".equals(bob.preview(room)));
        bob.reload();
        bob.awaitConversationWith(a.username());
        bob.await("bob's chat read again from the server, still equal", () -> shown(bob).equals(final1));
        assertThat(final1).extracting(row -> row.get("text"), row -> row.get("edited"), row -> row.get("deleted"),
                row -> row.get("reactions")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("See you at 8 tomorrow", true, false, List.of()),
                org.assertj.core.groups.Tuple.tuple(null, false, true, List.of()),
                org.assertj.core.groups.Tuple.tuple("Shall I bring dinner?", false, false,
                        List.of("❤️ 1 " + a.username())),
                org.assertj.core.groups.Tuple.tuple("Yes!", false, false, List.of("😂 1 " + a.username())),
                org.assertj.core.groups.Tuple.tuple("pizza please", false, false, List.of()));
    }

    @Test
    void aMessageOlderThanTheEditWindowOffersNoEditAfterAReloadAndARefusedEditKeepsItsText() {
        chatOfTwo("walice", "wbob");
        alice.send("old news");
        alice.send("fresh news");
        alice.awaitBubble("fresh news", "stored", b -> b.seq() != null);
        assertThat(menuItems(alice, "old news")).containsExactly("menu-reply", "menu-react", "menu-edit",
                "menu-delete");
        new Actions(alice.driver).sendKeys(Keys.ESCAPE).perform();

        age("old news");
        alice.reload();
        alice.awaitBubble("old news");

        assertThat(menuItems(alice, "old news")).containsExactly("menu-reply", "menu-react", "menu-delete");
        new Actions(alice.driver).sendKeys(Keys.ESCAPE).perform();
        alice.byTestId("composer").sendKeys(Keys.ARROW_UP);
        alice.await("Up editing the newer one", () -> "fresh news".equals(alice.byTestId("composer")
                .getDomProperty("value")));

        // Its window ends while alice is still correcting it: the server refuses the edit, and her text stays in the
        // composer, as a new message to send, with the reason above it (not over it).
        age("fresh news");
        alice.byTestId("composer").sendKeys(", corrected", Keys.ENTER);
        alice.await("the reason", () -> alice.visible("composer-hint"));
        assertThat(alice.text("composer-hint")).isEqualTo(
                "Edit not saved. A message can be edited only within 15 minutes of sending it.");
        assertThat(alice.byTestId("composer").getDomProperty("value")).isEqualTo("fresh news, corrected");
        assertThat(alice.visible("composer-context")).as("no longer editing").isFalse();
        assertThat(alice.byTestId("send").getDomAttribute("aria-label")).isEqualTo("Send");
        assertThat(alice.script("""
                const a = document.querySelector('[data-testid=composer-hint]').getBoundingClientRect();
                return [...document.querySelectorAll('[data-testid=composer], [data-testid=notice]')]
                  .filter((el) => el.checkVisibility()).map((el) => el.getBoundingClientRect())
                  .some((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)"""))
                .as("the composer uncovered").isEqualTo(false);
        assertThat(shown(alice)).extracting(row -> row.get("text"), row -> row.get("edited"))
                .containsExactly(tuple("old news", false), tuple("fresh news", false));
        alice.screenshot("web-actions-edit-refused-light");

        alice.byTestId("composer").sendKeys(Keys.ENTER);
        alice.awaitBubble("fresh news, corrected", "sent as a new message", b -> b.seq() != null);
        assertThat(alice.visible("composer-hint")).isFalse();
        assertThat(shown(alice)).hasSize(3);
    }

    @Test
    void aGroupAdminsDeleteOfAnothersMessageNamesTheAdminOnTheTombstone() {
        Api.User a = api.register("galice");
        Api.User b = api.register("gbob");
        String room = api.group(a, "Book club", b).toString();
        post(b, room, "Chapter 3 spoilers: the butler did it", null);
        signIn(alice, a);
        signIn(bob, b);
        alice.openChat(room, "Book club");
        bob.openChat(room, "Book club");
        bob.awaitBubble("Chapter 3 spoilers: the butler did it");

        // alice, the group's owner, deletes bob's message, confirming from the keyboard.
        menuAction(alice, "Chapter 3 spoilers: the butler did it", "delete");
        alice.await("the confirmation", () -> alice.visible("confirm-dialog"));
        alice.script("document.querySelector('[data-testid=confirm-action]').focus()");
        new Actions(alice.driver).sendKeys(Keys.ENTER).perform();

        alice.awaitBubble("You deleted this message", "as a tombstone", bubble -> true);
        alice.await("the same in alice's chat list", () -> "You deleted this message".equals(alice.preview(room)));
        String byAlice = "This message was deleted by " + a.username();
        bob.awaitBubble(byAlice, "as a tombstone naming the admin", bubble -> true);
        bob.await("the same in bob's chat list", () -> byAlice.equals(bob.preview(room)));
        alice.await("focus back in the composer", () -> "composer".equals(alice.focused()));
        alice.screenshot("web-actions-deleted-by-me-light");
        bob.screenshot("web-actions-deleted-by-admin-light");
    }

    @Test
    void aConversationWithEveryActionLooksRightLightDarkAndOnAPhone() {
        Api.User a = api.register("salice");
        Api.User b = api.register("sbob");
        String room = api.room(a, b).toString();
        JsonNode question = post(b, room, "Where do we meet for the trip? 🚆", null);
        JsonNode answer = post(a, room, "At the station, by the big clock", question.get("seq").asLong());
        JsonNode tickets = post(a, room, "Bring the tickets", null);
        assertThat(api.patch(path(tickets), a.token(), Map.of("content", "Bring the tickets *and* your passport"))
                .status()).isBetween(200, 204);
        JsonNode wrong = post(b, room, "sent to the wrong chat", null);
        assertThat(api.delete(path(wrong), b.token()).status()).isBetween(200, 204);
        post(b, room, "Can't wait! 🎉", answer.get("seq").asLong());
        react(a, question, "❤️");
        react(b, tickets, "👍");
        react(a, post(b, room, "See you there", null), "👍");
        signIn(alice, a);
        alice.openChat(room, b.username());
        alice.awaitBubble("See you there");

        for (String theme : List.of("light", "dark")) {
            alice.colorScheme(theme);
            alice.screenshot("web-actions-" + theme);
            alice.viewport(390, 844, true);
            alice.await("the phone layout", () -> !alice.visible("chat-list"));
            alice.screenshot("web-actions-phone-" + theme);
            alice.resetEmulation();
            alice.await("the wide layout", () -> alice.visible("chat-list"));
        }
        clickInRow(alice, "See you there", "react-button");
        alice.clickWhenVisible("reaction-more");
        alice.screenshot("web-actions-picker-light");
        new Actions(alice.driver).sendKeys(Keys.ESCAPE).perform();
        menuAction(alice, "Where do we meet for the trip? 🚆", "reply");
        alice.type("Under the clock");
        hover(alice, "Can't wait! 🎉");
        alice.screenshot("web-actions-reply-light");
        alice.colorScheme("dark");
        alice.screenshot("web-actions-reply-dark");
        alice.colorScheme("light");
        new Actions(alice.driver).sendKeys(Keys.ESCAPE).perform();
        alice.byTestId("composer").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, Keys.ARROW_UP);
        alice.await("editing", () -> alice.visible("composer-context"));
        alice.viewport(390, 844, true);
        alice.screenshot("web-actions-phone-editing-light");
        alice.resetEmulation();
        assertThat(shown(alice)).hasSize(6);

        // The chevron over a one-line bubble leaves its time and ticks uncovered.
        for (String oneLine : List.of("See you there", "Bring the tickets and your passport")) {
            hover(alice, oneLine);
            inRow(alice, oneLine, "[data-testid=message-menu-button] path", chevron -> assertThat(alice.script("""
                    const c = arguments[0].getBoundingClientRect();
                    const row = arguments[0].closest('[data-testid=message]');
                    return [...row.querySelectorAll('.meta time, .meta .ticks')].map((el) => el.getBoundingClientRect())
                      .some((b) => c.left < b.right && b.left < c.right && c.top < b.bottom && b.top < c.bottom)""",
                    chevron)).as("the chevron over the time of \"" + oneLine + "\"").isEqualTo(false));
        }
        alice.screenshot("web-actions-hover-light");
    }

    // --- helpers ---

    /** Moves the message out of the 15-minute edit window in the database (the browser still has it as it was). */
    private static void age(String content) {
        try (Connection db = TestServer.dataSource().getConnection();
             PreparedStatement aged = db.prepareStatement(
                     "UPDATE messages SET created_at = created_at - interval '16 minutes'"
                             + " WHERE content = ? AND target_seq IS NULL")) {
            aged.setString(1, content);
            assertThat(aged.executeUpdate()).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void signIn(ChatPage page, Api.User user) {
        page.signIn(user.username(), "password-" + user.username());
    }

    /** Fresh alice and bob with a chat, signed in, both with it open; the room's uuid. */
    private String chatOfTwo(String alicePrefix, String bobPrefix) {
        Api.User a = api.register(alicePrefix);
        Api.User b = api.register(bobPrefix);
        String room = api.room(a, b).toString();
        signIn(alice, a);
        signIn(bob, b);
        alice.openChat(room, b.username());
        bob.openChat(room, a.username());
        return room;
    }

    /** A message sent over REST (answering {@code replyTo} when not null); the server's view of it. */
    private static JsonNode post(Api.User user, String room, String content, Long replyTo) {
        Map<String, Object> body = new HashMap<>(Map.of("room", room, "content", content));
        if (replyTo != null) {
            body.put("reply_to", replyTo);
        }
        Api.Response response = api.post("/api/messages/", user.token(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static String path(JsonNode message) {
        return "/api/messages/" + UUID.fromString(message.get("message_uuid").asText()) + "/";
    }

    /** {@code user} reacts to {@code message} over REST. */
    private static void react(Api.User user, JsonNode message, String emoji) {
        Api.Response response = api.put(path(message) + "reaction/", user.token(), Map.of("emoji", emoji));
        assertThat(response.status()).as(response.body()).isBetween(200, 204);
    }

    /** Takes the browser's network away (or gives it back), as a train going into a tunnel would. */
    private static void online(ChatPage page, boolean online) {
        page.driver.executeCdpCommand("Network.enable", Map.of());
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !online, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> shown(ChatPage page) {
        return (List<Map<String, Object>>) page.script(SHOWN);
    }

    private static String text(ChatPage page, long seq) {
        return (String) page.script("""
                return document.querySelector(`[data-testid=message][data-seq='${arguments[0]}'] \
                [data-testid=message-text]`)?.textContent ?? null;""", seq);
    }

    /** The row of the one message showing {@code text}. */
    private static WebElement row(ChatPage page, String text) {
        page.await("the message \"" + text + "\"", () -> page.script("""
                return [...document.querySelectorAll('[data-testid=message]')].filter((li) =>
                  li.querySelector('[data-testid=message-text]')?.textContent === arguments[0]).length === 1""", text)
                .equals(Boolean.TRUE));
        return (WebElement) page.script("""
                return [...document.querySelectorAll('[data-testid=message]')].find((li) =>
                  li.querySelector('[data-testid=message-text]')?.textContent === arguments[0])""", text);
    }

    @SuppressWarnings("unchecked")
    private static List<String> quoteUsers(ChatPage page) {
        return (List<String>) page.script(
                "return [...document.querySelectorAll('[data-testid=quote-user]')].map((q) => q.textContent)");
    }

    /** Puts the pointer over the message's bubble: its buttons show, as they do for a person with a mouse. */
    private static void hover(ChatPage page, String text) {
        inRow(page, text, ".bubble", bubble -> new Actions(page.driver).moveToElement(bubble).perform());
    }

    /**
     * Does {@code what} to the element {@code selector} finds in the message's row; a row is redrawn in place when its
     * message changes (its ticks, a reaction), so an element found a moment ago may be gone: then it is found again.
     */
    private static void inRow(ChatPage page, String text, String selector, Consumer<WebElement> what) {
        page.await(selector + " of the message \"" + text + "\"", () -> {
            try {
                what.accept(row(page, text).findElement(By.cssSelector(selector)));
                return true;
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /** Hovers the message and clicks its button {@code testId} (its menu's chevron, its React button). */
    private static void clickInRow(ChatPage page, String text, String testId) {
        hover(page, text);
        inRow(page, text, "[data-testid=" + testId + "]", WebElement::click);
    }

    /** Opens the message's menu from its chevron and picks {@code item} ("reply", "edit", "delete"...). */
    private static void menuAction(ChatPage page, String text, String item) {
        clickInRow(page, text, "message-menu-button");
        page.clickWhenVisible("menu-" + item);
    }

    /** The test ids of what the message's menu offers, in order (the menu stays open). */
    @SuppressWarnings("unchecked")
    private static List<String> menuItems(ChatPage page, String text) {
        clickInRow(page, text, "message-menu-button");
        page.await("the message menu", () -> page.visible("message-menu"));
        return (List<String>) page.script("""
                return [...document.querySelectorAll('[data-testid=message-menu] [role=menuitem]')]
                  .map((item) => item.dataset.testid)""");
    }

    /** Reacts to the message with one of the common emoji, from its React button beside the bubble. */
    private static void react(ChatPage page, String text, String emoji) {
        clickInRow(page, text, "react-button");
        pickEmoji(page, "reaction-option", emoji);
    }

    private static void pickEmoji(ChatPage page, String testId, String emoji) {
        By option = By.cssSelector("[data-testid=message-menu] [data-testid=" + testId + "][data-emoji='" + emoji + "']");
        page.await(emoji + " offered", () -> !page.driver.findElements(option).isEmpty()
                && page.driver.findElement(option).isDisplayed());
        page.driver.findElement(option).click();
        page.await("the menu closed", () -> !page.visible("message-menu"));
    }

    /** Waits until both sides show exactly these reactions ("emoji count users") on the chat's only message. */
    private static void awaitReactions(List<String> expected) {
        for (ChatPage page : List.of(alice, bob)) {
            page.await("the reactions " + expected, () -> {
                List<Map<String, Object>> rows = shown(page);
                return rows.size() == 1 && expected.equals(rows.getFirst().get("reactions"));
            });
        }
    }
}

package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Search in the web client (issue 14) in one real headless Chromium against a node of its own: the chat filter as
 * you type, messages found with Enter (highlighted snippets, the chat and the date), a result that opens its chat
 * at the message with the history around it loaded, "Search in this chat", HTML shown as text, the keyboard, and
 * the phone layout, and a refusal for searching too fast. The other people only post over REST; each test signs in
 * fresh users. The search index follows the messages a moment behind, so each test first waits (over REST) until the
 * server finds what the browser is then asked to find.
 */
class WebSearchTest {

    /** The results as shown: chat (or sender, in a chat's own search), snippet text, highlighted parts, room, seq. */
    private static final String RESULTS = """
            return [...document.querySelectorAll(`[data-testid='${arguments[0]}'] [data-testid=search-result]`)]
              .map((button) => ({
                chat: button.querySelector('[data-testid=search-result-chat], [data-testid=search-result-sender]')
                  .textContent,
                snippet: button.querySelector('[data-testid=search-snippet]').textContent,
                marks: [...button.querySelectorAll('[data-testid=search-snippet] mark')].map((m) => m.textContent),
                date: button.querySelector('[data-testid=search-result-date]').textContent,
                room: button.dataset.room, seq: button.dataset.seq }));""";

    private static Parley node;
    private static Api api;
    private static ChromeDriver browser;
    private static ChatPage page;

    @BeforeAll
    static void startNodeAndBrowser() {
        // History is seeded over REST: far faster than the default per-user send limit allows. Searches are limited
        // as in production (TestServer lifts that limit), for the refusal a browser must show.
        node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.limits.send-burst", "1000", "parley.limits.send-per-second", "1000",
                "parley.limits.searches-burst", "20", "parley.limits.searches-per-second", "5"));
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

    @Test
    void typingFiltersTheChatsByNameAndByMembers() {
        Api.User me = api.register("fme");
        Api.User bob = api.register("fbob");
        Api.User carol = api.register("fcarol");
        String direct = api.room(me, bob).toString();
        String group = api.group(me, "Lighthouse crew", carol).toString();
        signIn(me);
        page.await("both chats listed", () -> page.hasChat(direct) && page.hasChat(group));

        filter(carol.username());
        page.await("only the group carol is in", () -> shownChats().equals(List.of(group)));

        filter("LIGHTHOUSE");
        page.await("only the group, by its name", () -> shownChats().equals(List.of(group)));

        filter(bob.username());
        page.await("only the chat with bob", () -> shownChats().equals(List.of(direct)));
        assertThat(page.text("search-messages")).isEqualTo("Search messages for “" + bob.username() + "”Enter");
    }

    @Test
    void enterFindsAMessageOfAnotherChatWithItsChatDateAndTheMatchHighlighted() {
        Api.User me = api.register("eme");
        Api.User bob = api.register("ebob");
        Api.User carol = api.register("ecarol");
        String direct = api.room(me, bob).toString();
        String group = api.group(me, "Weekend trip", carol).toString();
        post(bob, direct, "Nothing to see here");
        long seq = post(carol, group, "Let's meet at the lighthouse at seven");
        awaitIndexed(me, "lighthouse", 1);
        signIn(me);
        page.openChat(direct, bob.username());

        filter("lighthouse");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        awaitResults("search-results", 1);

        Map<String, Object> result = results("search-results").getFirst();
        assertThat(result).containsEntry("chat", "Weekend trip")
                .containsEntry("snippet", carol.username() + ": Let's meet at the lighthouse at seven")
                .containsEntry("marks", List.of("lighthouse"))
                .containsEntry("room", group).containsEntry("seq", String.valueOf(seq));
        assertThat((String) result.get("date")).isNotBlank();
        assertThat(page.visible("chat-list")).as("the chats make way for the results").isFalse();
        page.screenshot("search-results-desktop");
        page.colorScheme("dark");
        page.screenshot("search-results-desktop-dark");
    }

    @Test
    void aResultOpensItsChatAtTheMessageHighlightedWithTheHistoryAroundItAndScrollingDownReachesTheNewest() {
        Api.User me = api.register("hme");
        Api.User bob = api.register("hbob");
        String direct = api.room(me, bob).toString();
        post(bob, direct, "early one");
        long target = post(bob, direct, "the codeword is zebra quartz");
        post(me, direct, "noted");
        for (int i = 1; i <= 60; i++) {
            post(i % 2 == 0 ? me : bob, direct, "later message " + i);
        }
        awaitIndexed(me, "zebra", 1);
        signIn(me);

        filter("zebra");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        awaitResults("search-results", 1);
        assertThat(results("search-results").getFirst()).containsEntry("chat", bob.username())
                .containsEntry("snippet", "the codeword is zebra quartz");
        page.driver.findElement(By.cssSelector("[data-testid=search-result][data-seq='" + target + "']")).click();

        page.awaitConversationWith(bob.username());
        awaitInViewAndHighlighted(target);
        page.screenshot("search-result-opened");
        assertThat(page.focused()).as("focus on the message found").isEqualTo("message");
        assertThat(texts()).as("the older history above it and the next page below it")
                .startsWith("early one", "the codeword is zebra quartz", "noted", "later message 1")
                .doesNotContain("later message 60");

        page.await("scrolling down pages newer history up to the newest message", () -> {
            page.script("const s = document.querySelector('[data-testid=messages-scroll]'); s.scrollTop = s.scrollHeight;");
            return texts().contains("later message 60");
        });
        assertThat(texts()).hasSize(63).doesNotHaveDuplicates();
        assertThat(page.visible("new-messages-pill")).as("nothing left to jump to").isFalse();
    }

    @Test
    void searchInThisChatFindsOnlyThatChatsMessagesAndEscapeClosesIt() {
        Api.User me = api.register("ime");
        Api.User bob = api.register("ibob");
        Api.User carol = api.register("icarol");
        String direct = api.room(me, bob).toString();
        String other = api.room(me, carol).toString();
        long mine = post(bob, direct, "picnic on Sunday?");
        post(carol, other, "the picnic basket is mine");
        awaitIndexed(me, "picnic", 2);
        signIn(me);
        page.openChat(direct, bob.username());

        page.byTestId("search-in-chat").click();
        page.await("the search panel, the cursor in its field", () -> page.visible("chat-search")
                && "chat-search-input".equals(page.focused()));
        page.byTestId("chat-search-input").sendKeys("picnic", Keys.ENTER);
        awaitResults("chat-search-results", 1);

        assertThat(results("chat-search-results")).singleElement().satisfies(result -> assertThat(result)
                .containsEntry("room", direct).containsEntry("seq", String.valueOf(mine))
                .containsEntry("chat", bob.username()).containsEntry("marks", List.of("picnic")));
        page.screenshot("search-in-chat");

        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        page.await("the panel closed", () -> !page.visible("chat-search"));
        assertThat(page.focused()).as("focus back on the button that opened it").isEqualTo("search-in-chat");

        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.SHIFT).sendKeys("f").keyUp(Keys.SHIFT)
                .keyUp(Keys.CONTROL).perform();
        page.await("the panel again, empty, from Ctrl+Shift+F", () -> "chat-search-input".equals(page.focused())
                && page.byTestId("chat-search-input").getDomProperty("value").isEmpty());
        page.byTestId("chat-search-input").sendKeys("picnic", Keys.ENTER);
        awaitResults("chat-search-results", 1);
        page.driver.findElement(By.cssSelector("[data-testid=chat-search] [data-testid=search-result]")).click();
        awaitInViewAndHighlighted(mine);
        assertThat(page.visible("chat-search")).as("beside the chat, the panel stays").isTrue();
    }

    @Test
    void resultsOnScreenFollowEditsAndDeletesInBothSearchesAndKeepTheirFocus() {
        Api.User me = api.register("ume");
        Api.User bob = api.register("ubob");
        String direct = api.room(me, bob).toString();
        String pie = postUuid(bob, direct, "the otter pie recipe");
        String noon = postUuid(bob, direct, "otter sightings at noon");
        String walk = postUuid(bob, direct, "otter walk tomorrow");
        awaitIndexed(me, "otter", 3);
        signIn(me);
        page.openChat(direct, bob.username());
        page.byTestId("search-in-chat").click();
        page.byTestId("chat-search-input").sendKeys("otter", Keys.ENTER);
        awaitResults("chat-search-results", 3);
        filter("otter");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        awaitResults("search-results", 3);
        page.byTestId("chat-filter").sendKeys(Keys.ARROW_DOWN);
        assertThat(focusedResult()).isEqualTo("otter walk tomorrow");
        page.script("window.keptFocus = document.activeElement");

        edit(bob, walk, "otter walk moved to Sunday");
        for (String list : List.of("search-results", "chat-search-results")) {
            page.await("the edited result's new text in " + list, () -> snippets(list)
                    .equals(List.of("otter walk moved to Sunday", "otter sightings at noon", "the otter pie recipe")));
        }
        assertThat(page.script("return document.activeElement === window.keptFocus")).as("focus stays on it")
                .isEqualTo(true);
        assertThat(results("search-results").getFirst()).containsEntry("marks", List.of("otter"));

        assertThat(api.delete("/api/messages/" + pie + "/", bob.token()).status()).isEqualTo(200);
        for (String list : List.of("search-results", "chat-search-results")) {
            page.await("the deleted result gone from " + list, () -> snippets(list)
                    .equals(List.of("otter walk moved to Sunday", "otter sightings at noon")));
        }

        edit(bob, noon, "sightings at noon, none today");
        for (String list : List.of("search-results", "chat-search-results")) {
            page.await("the result that no longer matches gone from " + list, () -> snippets(list)
                    .equals(List.of("otter walk moved to Sunday")));
        }
        assertThat(page.script("return document.activeElement === window.keptFocus")).isEqualTo(true);
        assertThat(page.text("search-status")).isEqualTo("1 message found");

        assertThat(api.delete("/api/messages/" + walk + "/", bob.token()).status()).isEqualTo(200);
        page.await("nothing left, said so, the cursor back in the search field", () -> snippets("search-results")
                .isEmpty() && "No messages found for “otter”.".equals(page.text("search-status"))
                && "chat-filter".equals(page.focused()));
    }

    @Test
    void escapeClosesTheChatsSearchPanelAfterAResultOpenedAndBeforeAnEditInTheComposerIsCancelled() {
        Api.User me = api.register("cme");
        Api.User bob = api.register("cbob");
        String direct = api.room(me, bob).toString();
        long seq = post(bob, direct, "the spare key is under the geranium");
        post(me, direct, "thanks, got it");
        awaitIndexed(me, "geranium", 1);
        signIn(me);
        page.openChat(direct, bob.username());
        searchInChat("geranium");
        page.byTestId("chat-search-input").sendKeys(Keys.ARROW_DOWN);
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        awaitInViewAndHighlighted(seq);

        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        page.await("the panel closed", () -> !page.visible("chat-search"));

        searchInChat("geranium");
        page.driver.findElement(By.cssSelector("[data-testid=chat-search] [data-testid=search-result]")).click();
        awaitInViewAndHighlighted(seq);
        page.byTestId("composer").click();
        page.byTestId("composer").sendKeys(Keys.ARROW_UP);
        page.await("editing my last message", () -> page.visible("composer-context"));
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        page.await("the panel closed first", () -> !page.visible("chat-search"));
        assertThat(page.visible("composer-context")).as("the edit still on").isTrue();
        assertThat(page.focused()).isEqualTo("composer");
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        page.await("then the edit cancelled", () -> !page.visible("composer-context"));
    }

    @Test
    void aSearchTheServerRefusesSaysWhyInItsWordsWithoutTryAgain() {
        Api.User me = api.register("vme");
        signIn(me);

        filter("one two three four five six seven eight nine ten eleven");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        page.await("the refusal", () -> "error".equals(searchState("search-results")));

        assertThat(page.text("search-status")).isEqualTo("The search has too many words: at most 10.");
        assertThat(page.visible("search-retry")).as("asking again would be refused again").isFalse();
    }

    @Test
    void moreResultsLoadAsTheEndOfTheListScrollsIntoView() {
        Api.User me = api.register("mme");
        Api.User bob = api.register("mbob");
        String direct = api.room(me, bob).toString();
        for (int i = 1; i <= 45; i++) {
            post(bob, direct, "kiwi number " + i);
        }
        awaitIndexed(me, "kiwi", 45);
        signIn(me);

        filter("kiwi");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        awaitResults("search-results", 20);
        page.await("all 45, page after page, as the list is scrolled down", () -> {
            page.script("const a = document.getElementById('chat-list-area'); a.scrollTop = a.scrollHeight;");
            return results("search-results").size() == 45;
        });

        assertThat(results("search-results")).extracting(result -> result.get("snippet"))
                .as("newest first, each once").first().isEqualTo("kiwi number 45");
        assertThat(results("search-results")).extracting(result -> result.get("seq")).doesNotHaveDuplicates();
        page.await("nothing more to load", () -> !page.visible("search-more")
                && "results".equals(searchState("search-results")));
    }

    @Test
    void htmlInAMessageStaysTextInItsSnippet() {
        Api.User me = api.register("xme");
        Api.User bob = api.register("xbob");
        String direct = api.room(me, bob).toString();
        String payload = "<b>x</b><img src=x onerror=window.pwned=1> marmalade";
        post(bob, direct, payload);
        awaitIndexed(me, "marmalade", 1);
        signIn(me);

        filter("marmalade");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        awaitResults("search-results", 1);

        assertThat(results("search-results").getFirst()).containsEntry("snippet", payload)
                .containsEntry("marks", List.of("marmalade"));
        assertThat(page.script("""
                return document.querySelectorAll('[data-testid=search-snippet] :not(mark)').length""")).isEqualTo(0L);
        assertThat(page.script("return window.pwned ?? null")).isNull();
    }

    @Test
    void theKeyboardWalksTheResultsAndEscapeGoesBackToTheChatsWithTheCursorInTheSearch() {
        Api.User me = api.register("kme");
        Api.User bob = api.register("kbob");
        String direct = api.room(me, bob).toString();
        post(bob, direct, "first tangerine");
        post(bob, direct, "second tangerine");
        awaitIndexed(me, "tangerine", 2);
        signIn(me);

        filter("nothing-matches-this-word");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        page.await("no results, said so", () -> "No messages found for “nothing-matches-this-word”."
                .equals(page.text("search-status")));

        filter("tangerine");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        awaitResults("search-results", 2);
        assertThat(results("search-results")).extracting(result -> result.get("snippet"))
                .as("newest first").containsExactly("second tangerine", "first tangerine");

        page.byTestId("chat-filter").sendKeys(Keys.ARROW_DOWN);
        assertThat(focusedResult()).isEqualTo("second tangerine");
        new Actions(browser).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(focusedResult()).isEqualTo("first tangerine");
        new Actions(browser).sendKeys(Keys.ARROW_UP, Keys.ARROW_UP).perform();
        assertThat(page.focused()).as("ArrowUp on the first result goes back to the field").isEqualTo("chat-filter");

        page.byTestId("chat-filter").sendKeys(Keys.ARROW_DOWN);
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        page.await("the chats back", () -> page.visible("chat-list") && !page.visible("search-results"));
        assertThat(page.focused()).isEqualTo("chat-filter");
        assertThat(page.byTestId("chat-filter").getDomProperty("value")).isEmpty();
    }

    @Test
    void onAPhoneTheResultsFillTheListScreenAndBackFromTheChatReturnsToThem() {
        Api.User me = api.register("pme");
        Api.User bob = api.register("pbob");
        Api.User carol = api.register("pcarol");
        String direct = api.room(me, bob).toString();
        String group = api.group(me, "Harbour walk", carol, bob).toString();
        post(bob, direct, "bring the umbrella, it will rain at the harbour");
        long seq = post(carol, group, "umbrella or not, we walk at noon");
        awaitIndexed(me, "umbrella", 2);
        page.viewport(390, 844, true);
        signIn(me);

        filter("umbrella");
        page.byTestId("chat-filter").sendKeys(Keys.ENTER);
        awaitResults("search-results", 2);
        page.screenshot("search-results-phone");

        page.driver.findElement(By.cssSelector("[data-testid=search-result][data-seq='" + seq + "'][data-room='"
                + group + "']")).click();
        page.awaitConversationWith("Harbour walk");
        awaitInViewAndHighlighted(seq);
        page.screenshot("search-result-opened-phone");
        page.byTestId("back").click();

        page.await("the results again", () -> page.visible("search-results") && results("search-results").size() == 2);
        page.await("focus on the result that was opened", () -> String.valueOf(seq).equals(page.script(
                "return document.activeElement?.dataset.seq ?? null")));
        new Actions(browser).sendKeys(Keys.ARROW_DOWN).perform();
        assertThat(focusedResult()).as("the keyboard carries on from there")
                .isEqualTo("bring the umbrella, it will rain at the harbour");
    }

    @Test
    void searchingTooFastSaysSoInTheServersWordsAndTryAgainSearchesAgain() {
        Api.User me = api.register("rme");
        Api.User bob = api.register("rbob");
        String direct = api.room(me, bob).toString();
        post(bob, direct, "apricot jam for breakfast");
        awaitIndexed(me, "apricot", 1);
        signIn(me);

        // The limit refills (five a second), so the browser's search must follow the searches that used it up at
        // once: the page makes them itself and then clicks "Search messages", all in one script. Should a search
        // still slip in, the chats come back (typing) and it is tried again.
        for (int attempt = 0; attempt < 5 && !"error".equals(searchState("search-results")); attempt++) {
            filter("apricot");
            page.driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    (async () => {
                      for (let used = 0; used <= 100; used++) {
                        if ((await fetch('/api/search/?q=apricot')).status === 429) break;
                      }
                      document.querySelector('[data-testid=search-messages]').click();
                      done();
                    })();""");
            page.await("an answer", () -> List.of("error", "results").contains(searchState("search-results")));
        }

        assertThat(searchState("search-results")).isEqualTo("error");
        assertThat(page.text("search-status"))
                .isEqualTo("Searching too fast: at most 5 searches a second. Try again in 1 second.");
        page.screenshot("search-refused");
        page.await("the limit refilled, Try again finds it", () -> {
            if ("error".equals(searchState("search-results")) && page.visible("search-retry")) {
                page.byTestId("search-retry").click();
            }
            return results("search-results").size() == 1;
        });
    }

    // --- helpers ---

    private static void signIn(Api.User user) {
        page.signIn(user.username(), "password-" + user.username());
    }

    /** Replaces what the chat filter holds with {@code text}, as typed. */
    private static void filter(String text) {
        var field = page.byTestId("chat-filter");
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        field.sendKeys(text);
    }

    @SuppressWarnings("unchecked")
    private static List<String> shownChats() {
        return (List<String>) page.script("""
                return [...document.querySelectorAll('[data-testid=chat-item]')].filter((b) => b.checkVisibility())
                  .map((b) => b.dataset.room);""");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(String testId) {
        return (List<Map<String, Object>>) page.script(RESULTS, testId);
    }

    private static void awaitResults(String testId, int count) {
        page.await(count + " result(s) shown", () -> page.visible(testId) && results(testId).size() == count
                && !"searching".equals(searchState(testId)));
    }

    /** What the search box shows: idle, searching, empty, error or results. */
    private static String searchState(String testId) {
        return (String) page.script("""
                return document.querySelector(`[data-testid='${arguments[0]}'] [data-testid=search-status]`)
                  ?.dataset.state ?? 'idle'""", testId);
    }

    private static Api.Response search(Api.User user, String q) {
        return api.get("/api/search/?limit=50&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), user.token());
    }

    /**
     * Waits until the server finds {@code count} messages for {@code q} (its index follows what is sent a moment
     * behind). Polled four times a second: a search costs the user one of their searches (five a second).
     */
    private static void awaitIndexed(Api.User user, String q, int count) {
        new WebDriverWait(browser, ChatPage.WAIT, Duration.ofMillis(250))
                .withMessage(() -> "the server finding " + count + " message(s) for \"" + q + "\"")
                .until(driver -> {
                    Api.Response response = search(user, q);
                    return response.status() == 200 && response.json().get("results").size() == count;
                });
    }

    /** The snippet of the result with focus, or null. */
    private static String focusedResult() {
        return (String) page.script("""
                return document.activeElement?.dataset.testid === 'search-result'
                  ? document.activeElement.querySelector('[data-testid=search-snippet]').textContent : null""");
    }

    @SuppressWarnings("unchecked")
    private static List<String> texts() {
        return (List<String>) page.script("""
                return [...document.querySelectorAll('[data-testid=message] [data-testid=message-text]')]
                  .map((t) => t.textContent)""");
    }

    private static void awaitInViewAndHighlighted(long seq) {
        page.await("message " + seq + " loaded, in view and highlighted", () -> Boolean.TRUE.equals(page.script("""
                const row = document.querySelector(`[data-testid=message][data-seq='${arguments[0]}']`);
                if (!row || row.dataset.highlighted !== 'true') return false;
                const area = document.querySelector('[data-testid=messages-scroll]').getBoundingClientRect();
                const box = row.getBoundingClientRect();
                return box.top >= area.top && box.bottom <= area.bottom;""", seq)));
    }

    private static long post(Api.User from, String room, String content) {
        return posted(from, room, content).get("seq").asLong();
    }

    private static String postUuid(Api.User from, String room, String content) {
        return posted(from, room, content).get("message_uuid").asText();
    }

    private static JsonNode posted(Api.User from, String room, String content) {
        Api.Response response = api.post("/api/messages/", from.token(), Map.of("room", room, "content", content,
                "client_id", UUID.randomUUID().toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static void edit(Api.User author, String messageUuid, String content) {
        Api.Response response = api.patch("/api/messages/" + messageUuid + "/", author.token(),
                Map.of("content", content));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    /** Opens "Search in this chat" (Ctrl+Shift+F) and searches it for {@code q}; waits for its one result. */
    private static void searchInChat(String q) {
        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.SHIFT).sendKeys("f").keyUp(Keys.SHIFT)
                .keyUp(Keys.CONTROL).perform();
        page.await("the search panel, the cursor in its field", () -> "chat-search-input".equals(page.focused()));
        page.byTestId("chat-search-input").sendKeys(q, Keys.ENTER);
        awaitResults("chat-search-results", 1);
    }

    private static List<Object> snippets(String testId) {
        return results(testId).stream().map(result -> result.get("snippet")).toList();
    }
}

package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import java.net.URI;
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

/**
 * The everyday details of the web client (issue 17): the New chat panel and the keyboard, empty states, finding
 * people from the chat filter, sign-in errors in words, over-long drafts. One browser against a node of its own,
 * whose failed-login limit is low enough to reach in a test.
 */
class WebEverydayTest {

    private static final int FAILED_LOGINS_PER_USER = 3;

    private static Parley node;
    private static Api api;
    private static ChromeDriver browser;
    private static ChatPage page;

    @BeforeAll
    static void startNodeAndBrowser() {
        node = TestServer.start(TestServer.freshDataDir(),
                Map.of("parley.limits.logins-per-user-and-address", String.valueOf(FAILED_LOGINS_PER_USER)));
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
    void normalNetworkAndScreen() {
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        page.resetEmulation();
    }

    // --- New chat and the keyboard ---

    @Test
    void openingNewChatPutsTheCursorInItsSearchField() {
        signInFresh("alice");

        page.byTestId("new-chat").click();
        page.await("the people search", () -> page.visible("user-search"));

        page.await("the cursor in the people search", () -> "user-search".equals(focused()));
    }

    @Test
    void escapeClosesNewChatFromAnywhereAndGivesFocusBackToItsButton() {
        signInFresh("alice");
        page.byTestId("new-chat").click();
        page.await("the people search", () -> page.visible("user-search"));
        page.byTestId("intro").click(); // focus leaves the panel

        new Actions(browser).sendKeys(Keys.ESCAPE).perform();
        page.await("the chat list back", () -> page.visible("chat-list") && !page.visible("new-chat-panel"));

        assertThat(focused()).isEqualTo("new-chat");
    }

    @Test
    void escapeInTheSearchFieldClosesNewChat() {
        signInFresh("alice");
        page.byTestId("new-chat").click();
        page.await("the people search", () -> page.visible("user-search"));

        page.byTestId("user-search").sendKeys("someone", Keys.ESCAPE);
        page.await("the chat list back", () -> page.visible("chat-list") && !page.visible("new-chat-panel"));

        assertThat(focused()).isEqualTo("new-chat");
    }

    // --- the chat list: empty states and people to start a chat with ---

    @Test
    void noChatsYetSitsInTheMiddleOfTheListArea() {
        signInFresh("alice");
        page.await("the empty list text", () -> page.visible("chat-list-empty"));

        assertThat(page.text("chat-list-empty")).isEqualTo("No chats yet. Press the new chat button to start one.");
        assertThat(offsetFromListAreaCentre()).isBetween(-2.0, 2.0);
    }

    @Test
    void noChatsMatchSitsInTheMiddleOfTheListArea() {
        signInFresh("alice");
        page.byTestId("chat-filter").sendKeys("zz-nobody-has-this-name");
        page.await("the no-match text", () -> page.visible("chat-list-empty")
                && page.text("chat-list-empty").startsWith("No chats"));

        assertThat(page.text("chat-list-empty")).isEqualTo("No chats or people match your search.");
        assertThat(offsetFromListAreaCentre()).isBetween(-2.0, 2.0);
    }

    @Test
    void theFilterOffersPeopleWithoutAChatUnderStartANewChatAndClickingOneOpensTheChat() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User dave = registerAs(prefix + "dave");
        Api.User carol = registerAs(prefix + "carol");
        String daveRoom = api.room(me, dave).toString();
        page.signIn(me.username(), password(me.username()));

        page.byTestId("chat-filter").sendKeys(prefix);
        page.await("carol among the people to start a chat with", () -> page.visible("new-people"));

        assertThat(page.text("new-people-heading")).isEqualTo("Start a new chat");
        assertThat(suggested()).containsExactly(carol.username()); // dave has a chat already, and I am not offered
        assertThat(page.chatItem(daveRoom).isDisplayed()).isTrue();
        page.byTestId("person-suggestion").click();
        page.awaitConversationWith(carol.username());
        String carolRoom = page.openRoom();
        page.await("carol's chat in the list", () -> page.hasChat(carolRoom));
    }

    @Test
    void arrowDownFromTheFilterReachesTheOnlyPersonItFoundAndEnterOpensTheChat() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User carol = registerAs(prefix + "carol");
        page.signIn(me.username(), password(me.username()));

        page.byTestId("chat-filter").sendKeys(carol.username());
        page.await("carol offered", () -> suggested().equals(List.of(carol.username())));
        page.byTestId("chat-filter").sendKeys(Keys.ARROW_DOWN); // Enter in the filter searches messages (WebSearchTest)
        assertThat(focused()).isEqualTo("person-suggestion");
        new Actions(browser).sendKeys(Keys.ENTER).perform();

        page.awaitConversationWith(carol.username());
    }

    // --- sign-in and sign-up errors ---

    @Test
    void signingUpWithATakenNameSaysItIsTaken() {
        Api.User taken = api.register("taken");

        fillCredentials(taken.username(), "another-password");
        page.byTestId("signup-submit").click();

        assertThat(awaitLoginError()).isEqualTo("That username is taken. Try another one.");
    }

    @Test
    void signingInWithAWrongPasswordSaysWrongUsernameOrPassword() {
        Api.User user = api.register("user");

        fillCredentials(user.username(), "not-the-password");
        page.byTestId("login-submit").click();

        assertThat(awaitLoginError()).isEqualTo("Wrong username or password.");
    }

    @Test
    void signingUpWithAShortPasswordShowsTheServersRuleAsASentence() {
        fillCredentials(Api.uniqueName("new"), "short");
        page.byTestId("signup-submit").click();

        assertThat(awaitLoginError()).isEqualTo("Password must be at least 8 characters.");
    }

    @Test
    void aLongErrorWrapsInsteadOfBeingClippedAtPhoneWidth() {
        page.viewport(320, 640, true);
        fillCredentials("No Spaces Allowed!", "password-long-enough");
        page.byTestId("signup-submit").click();

        assertThat(awaitLoginError())
                .isEqualTo("Username must be 3-32 characters of a-z, 0-9, '_', '.', '-'.");
        assertThat(page.script("""
                const error = document.querySelector('[data-testid=login-error]');
                const card = error.closest('form').getBoundingClientRect();
                const box = error.getBoundingClientRect();
                return error.scrollWidth <= error.clientWidth && box.left >= card.left && box.right <= card.right
                  && box.right <= window.innerWidth;""")).isEqualTo(true);
        page.screenshot("web-login-error-phone");
    }

    @Test
    void tooManyFailedSignInsAskToWaitAMinute() {
        Api.User user = api.register("guessed");
        for (int i = 0; i < FAILED_LOGINS_PER_USER; i++) {
            assertThat(api.post("/api/auth/login", null, Map.of("username", user.username(), "password", "wrong-guess"))
                    .status()).isEqualTo(401);
        }

        fillCredentials(user.username(), password(user.username()));
        page.byTestId("login-submit").click();

        assertThat(awaitLoginError()).isEqualTo("Too many attempts. Wait a minute and try again.");
    }

    @Test
    void signingInWhileOfflineSaysTheServerCannotBeReached() {
        Api.User user = api.register("offline");
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));

        fillCredentials(user.username(), password(user.username()));
        page.byTestId("login-submit").click();

        assertThat(awaitLoginError()).isEqualTo("Can't reach the server. Check your connection.");
    }

    // --- opening a chat ---

    @Test
    void aChatWithUnreadMessagesOpensAtTheFirstOfThemUnderACountingDivider() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User bob = registerAs(prefix + "bob");
        String room = api.room(me, bob).toString();
        for (int i = 1; i <= 20; i++) { // the send limit's burst: all of them stored at once
            Api.Response sent = api.post("/api/messages/", bob.token(), Map.of("room", room,
                    "content", "unread " + i + "\nwith a second line\nand a third"));
            assertThat(sent.status()).isEqualTo(201);
        }
        page.signIn(me.username(), password(me.username()));

        page.openChat(room, bob.username());

        page.await("the divider", () -> page.visible("unread-divider")
                && "20 unread messages".equalsIgnoreCase(page.text("unread-divider")));
        page.await("the first unread message in view and the newest below it", () -> Boolean.TRUE.equals(page.script("""
                const scroller = document.querySelector('[data-testid=messages-scroll]').getBoundingClientRect();
                const text = (t) => [...document.querySelectorAll('[data-testid=message-text]')]
                    .find((e) => e.textContent.startsWith(t + '\\n')).getBoundingClientRect();
                const first = text('unread 1'), newest = text('unread 20');
                return first.top >= scroller.top && first.bottom <= scroller.bottom && newest.top > scroller.bottom;""")));
        page.screenshot("web-unread-divider");
    }

    @Test
    void aChatClosedAndReopenedAfterNewMessagesOpensAtTheFirstOfThemNotWhereItWasLeft() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User bob = registerAs(prefix + "bob");
        String room = api.room(me, bob).toString();
        for (int i = 1; i <= 20; i++) {
            assertThat(api.post("/api/messages/", bob.token(), Map.of("room", room,
                    "content", "read " + i + "\nwith a second line\nand a third")).status()).isEqualTo(201);
        }
        page.signIn(me.username(), password(me.username()));
        page.openChat(room, bob.username());
        page.await("the chat read", () -> !page.visible("unread-badge"));
        browser.navigate().back(); // the chat closed (Back), its messages kept
        page.await("no chat open", () -> !page.visible("composer"));
        for (int i = 1; i <= 12; i++) { // the limit's burst is spent: each waits out the refill
            String text = "unread " + i + "\nwith a second line\nand a third";
            page.await("bob's message " + i + " taken", () -> api.post("/api/messages/", bob.token(),
                    Map.of("room", room, "content", text)).status() == 201);
        }
        page.await("12 unread in the list", () -> "12".equals(page.text("unread-badge")));

        page.openChat(room, bob.username());

        page.await("the divider, the first unread message in view and the newest below it", () -> Boolean.TRUE.equals(
                page.script("""
                const scroller = document.querySelector('[data-testid=messages-scroll]').getBoundingClientRect();
                const divider = document.querySelector('[data-testid=unread-divider]')?.getBoundingClientRect();
                const text = (t) => [...document.querySelectorAll('[data-testid=message-text]')]
                    .find((e) => e.textContent.startsWith(t + '\\n'))?.getBoundingClientRect();
                const first = text('unread 1'), newest = text('unread 12');
                return !!divider && !!first && !!newest && divider.top >= scroller.top
                    && first.bottom <= scroller.bottom && newest.top > scroller.bottom;""")));
        assertThat(page.visible("new-messages-pill")).as("a pill for messages the reader is looking at").isFalse();
    }

    @Test
    void aChatWithMoreUnreadMessagesThanAPageOpensAtTheFirstOfThem() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        List<Api.User> senders = java.util.stream.IntStream.rangeClosed(1, 6)
                .mapToObj(i -> registerAs(prefix + "s" + i)).toList();
        String room = api.group(me, "Busy " + prefix, senders.toArray(Api.User[]::new)).toString();
        for (int n = 1; n <= 120; n++) { // six senders, each within the send limit's burst: stored at once
            Api.Response sent = api.post("/api/messages/", senders.get((n - 1) / 20).token(),
                    Map.of("room", room, "content", "unread " + n));
            assertThat(sent.status()).isEqualTo(201);
        }
        page.signIn(me.username(), password(me.username()));

        page.openChat(room, "Busy " + prefix);

        page.await("the divider", () -> page.visible("unread-divider")
                && "120 unread messages".equalsIgnoreCase(page.text("unread-divider")));
        page.await("the divider and the first unread message in view, the newest below them", () -> Boolean.TRUE.equals(
                page.script("""
                const scroller = document.querySelector('[data-testid=messages-scroll]').getBoundingClientRect();
                const inView = (r) => r.top >= scroller.top && r.bottom <= scroller.bottom;
                const text = (t) => [...document.querySelectorAll('[data-testid=message-text]')]
                    .find((e) => e.textContent === t)?.getBoundingClientRect();
                const divider = document.querySelector('[data-testid=unread-divider]').getBoundingClientRect();
                const first = text('unread 1'), newest = text('unread 120');
                return !!first && !!newest && inView(divider) && inView(first) && newest.top > scroller.bottom;""")));
    }

    // --- message text ---

    @Test
    void boldAndLinksAreFormattedFromTextWhileMarkupStaysLiteralAndAnEmojiAloneIsLarger() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User bob = registerAs(prefix + "bob");
        String room = api.room(me, bob).toString();
        for (String content : List.of("see *this* at https://example.com/x.", "<b>x</b>", "\uD83D\uDE00")) {
            assertThat(api.post("/api/messages/", bob.token(), Map.of("room", room, "content", content)).status())
                    .isEqualTo(201);
        }
        page.signIn(me.username(), password(me.username()));
        page.openChat(room, bob.username());
        page.awaitBubble("see this at https://example.com/x.");
        page.awaitBubble("<b>x</b>");

        assertThat(page.script("""
                const texts = [...document.querySelectorAll('[data-testid=message-text]')];
                const rich = texts.find((e) => e.textContent.startsWith('see '));
                const link = rich.querySelector('a');
                return [[...rich.querySelectorAll('strong')].map((e) => e.textContent).join('|'),
                    link.getAttribute('href'), link.textContent, link.getAttribute('rel'), link.getAttribute('target'),
                    texts.find((e) => e.textContent === '<b>x</b>').children.length,
                    texts.find((e) => e.textContent === '\uD83D\uDE00').closest('.bubble').classList.contains('emoji-only'),
                    rich.closest('.bubble').classList.contains('emoji-only')];"""))
                .isEqualTo(List.of("this", "https://example.com/x", "https://example.com/x", "noopener noreferrer",
                        "_blank", 0L, true, false));
        page.screenshot("web-rich-text");
    }

    // --- the composer ---

    @Test
    void aBurstBeyondTheSendLimitGoesOutInOrderOnceTheServerTakesItAndNothingShowsAsFailed() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User bob = registerAs(prefix + "bob");
        String room = api.room(me, bob).toString();
        page.signIn(me.username(), password(me.username()));
        page.openChat(room, bob.username());

        for (int i = 1; i <= 30; i++) {
            page.send("burst " + i); // 20 go at once, the rest are refused (rate_limited) and resent by the client
        }

        page.await(Duration.ofSeconds(30), "all 30 messages acknowledged",
                () -> page.bubbles().stream().filter(b -> b.seq() != null).count() == 30);
        assertThat(page.bubbles()).noneMatch(b -> "failed".equals(b.status()));
        assertThat(api.get("/api/messages/?room_uuid=" + room + "&limit=50", bob.token()).json())
                .extracting(m -> m.get("content").asText())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 30)
                        .mapToObj(i -> "burst " + i).toList());
    }

    @Test
    void anOverLongDraftSaysByHowMuchDisablesSendAndEnterKeepsIt() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User bob = registerAs(prefix + "bob");
        String room = api.room(me, bob).toString();
        page.signIn(me.username(), password(me.username()));
        page.openChat(room, bob.username());
        String draft = "a".repeat(12_199) + "b";

        // Typing 12,200 keys one by one takes a while: most of the draft is pasted, the last key is typed.
        page.script("const c = document.querySelector('[data-testid=composer]'); c.value = arguments[0];", draft.substring(1));
        page.type("a");
        page.await("the too-long explanation", () -> page.visible("composer-count")
                && "Message is too long: 12,200 / 12,000 characters".equals(page.text("composer-count")));
        page.screenshot("web-composer-too-long");
        page.byTestId("composer").sendKeys(Keys.ENTER);

        assertThat(page.script("""
                const count = document.querySelector('[data-testid=composer-count]').getBoundingClientRect();
                const send = document.querySelector('[data-testid=send]').getBoundingClientRect();
                return count.right <= window.innerWidth && send.right <= window.innerWidth;""")).isEqualTo(true);
        assertThat(page.byTestId("send").isEnabled()).isFalse();
        assertThat(page.byTestId("composer").getDomProperty("value")).hasSize(12_200);
        assertThat(page.bubbles()).isEmpty();
    }

    @Test
    void shorteningTheDraftToTheLimitEnablesSendAgain() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User bob = registerAs(prefix + "bob");
        String room = api.room(me, bob).toString();
        page.signIn(me.username(), password(me.username()));
        page.openChat(room, bob.username());
        page.script("const c = document.querySelector('[data-testid=composer]'); c.value = arguments[0];",
                "x".repeat(12_001));
        page.type("y");
        page.await("send disabled", () -> !page.byTestId("send").isEnabled());

        page.byTestId("composer").sendKeys(Keys.BACK_SPACE, Keys.BACK_SPACE);
        page.await("send enabled again", () -> page.byTestId("send").isEnabled());

        // The server's limit (GET /api/limits/), not one of the client's own.
        assertThat(page.text("composer-count")).isEqualTo("12,000 / 12,000");
        page.byTestId("composer").sendKeys(Keys.ENTER);
        // So long a message is folded: its first 1,500 characters, then Read more.
        page.awaitBubble("x".repeat(1_500) + "… Read more", "acknowledged", b -> b.seq() != null);
    }

    @Test
    void aLongMessageIsFoldedBehindReadMoreWhichShowsAllOfIt() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User bob = registerAs(prefix + "bob");
        String room = api.room(me, bob).toString();
        String content = "The minutes of the meeting, word for word. " + "Item after item was discussed at length. "
                .repeat(120) + "THE END";
        assertThat(api.post("/api/messages/", bob.token(), Map.of("room", room, "content", content)).status())
                .isEqualTo(201);
        page.signIn(me.username(), password(me.username()));
        page.openChat(room, bob.username());
        page.await("the long message, folded", () -> page.visible("read-more"));

        String folded = page.text("message-text");
        assertThat(folded).startsWith("The minutes of the meeting").doesNotContain("THE END").contains("…");
        assertThat(folded.length()).isLessThan(1_600);

        page.byTestId("read-more").click();

        page.await("all of it", () -> page.text("message-text").equals(content));
        assertThat(page.driver.findElements(org.openqa.selenium.By.cssSelector("[data-testid=read-more]"))).isEmpty();
    }

    @Test
    void aHebrewMessageIsARightToLeftParagraphRightAlignedAndTheComposerTurnsRightToLeftForHebrew() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User ivan = registerAs(prefix + "ivan");
        String room = api.room(me, ivan).toString();
        assertThat(api.post("/api/messages/", ivan.token(), Map.of("room", room,
                "content", "\u05de\u05d4 \u05e9\u05dc\u05d5\u05de\u05da?")).status()).isEqualTo(201);
        assertThat(api.post("/api/messages/", ivan.token(), Map.of("room", room, "content", "How are you?")).status())
                .isEqualTo(201);
        page.signIn(me.username(), password(me.username()));
        page.openChat(room, ivan.username());
        page.await("both messages", () -> page.driver.findElements(
                org.openqa.selenium.By.cssSelector("[data-testid=message-text]")).size() == 2);

        // Per text: its direction, and how far its text's right edge is from its bubble's content edge.
        @SuppressWarnings("unchecked")
        List<List<Object>> texts = (List<List<Object>>) page.script("""
                return [...document.querySelectorAll('[data-testid=message-text]')].map((text) => {
                  const bubble = text.closest('.bubble');
                  const range = document.createRange();
                  range.selectNodeContents(text);
                  const right = bubble.getBoundingClientRect().right - parseFloat(getComputedStyle(bubble).paddingRight);
                  return [getComputedStyle(text).direction, right - range.getBoundingClientRect().right];
                });""");
        page.type("\u05e9\u05dc\u05d5\u05dd");
        String composer = (String) page.script(
                "return getComputedStyle(document.querySelector('[data-testid=composer]')).direction");
        page.screenshot("web-right-to-left");

        assertThat(texts.get(0).get(0)).as("the Hebrew message's direction").isEqualTo("rtl");
        assertThat(((Number) texts.get(0).get(1)).doubleValue()).as("the Hebrew text's gap to the bubble's right")
                .isLessThan(1.0);
        assertThat(texts.get(1).get(0)).as("the English message's direction").isEqualTo("ltr");
        assertThat(composer).as("the composer holding Hebrew").isEqualTo("rtl");
    }

    // --- drafts ---

    @Test
    void aDraftSurvivesSwitchingChatsAndAReloadAndTheListShowsItAsDraft() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User ann = registerAs(prefix + "ann");
        Api.User ben = registerAs(prefix + "ben");
        String annRoom = api.room(me, ann).toString();
        String benRoom = api.room(me, ben).toString();
        page.signIn(me.username(), password(me.username()));
        page.openChat(annRoom, ann.username());
        page.type("see you at");

        page.openChat(benRoom, ben.username());
        page.await("ann's chat previewing the draft", () -> "Draft: see you at".equals(preview(annRoom)));
        page.openChat(annRoom, ann.username());
        assertThat(composerText()).isEqualTo("see you at");
        page.openChat(benRoom, ben.username());
        page.reload();
        page.awaitConversationWith(ben.username());

        page.await("the draft preview after the reload", () -> "Draft: see you at".equals(preview(annRoom)));
        page.openChat(annRoom, ann.username());
        assertThat(composerText()).isEqualTo("see you at");
    }

    @Test
    void sendingADraftForgetsIt() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User ann = registerAs(prefix + "ann");
        Api.User ben = registerAs(prefix + "ben");
        String annRoom = api.room(me, ann).toString();
        String benRoom = api.room(me, ben).toString();
        page.signIn(me.username(), password(me.username()));
        page.openChat(annRoom, ann.username());
        page.send("on my way");
        page.awaitBubble("on my way", "acknowledged", b -> b.seq() != null);

        page.openChat(benRoom, ben.username());
        page.reload();
        page.awaitConversationWith(ben.username());
        page.await("ann's chat previewing the sent message", () -> "on my way".equals(preview(annRoom)));
        page.openChat(annRoom, ann.username());

        assertThat(composerText()).isEmpty();
    }

    // --- signing out ---

    @Test
    void signingOutAsksFirstAndEscapeCancels() {
        signInFresh("alice");

        page.byTestId("sign-out").click();
        page.await("the sign-out question", () -> page.visible("sign-out-dialog"));
        assertThat(page.byTestId("sign-out-dialog").getText())
                .isEqualTo("Sign out of Parley on this device?\nCancel\nSign out");
        new Actions(browser).sendKeys(Keys.ESCAPE).perform();

        page.await("the question gone", () -> !page.visible("sign-out-dialog"));
        assertThat(page.visible("chat-screen")).isTrue();
    }

    @Test
    void signingOutHappensOnlyOnceConfirmed() {
        signInFresh("alice");
        page.byTestId("sign-out").click();
        page.await("the sign-out question", () -> page.visible("sign-out-dialog"));
        page.byTestId("sign-out-cancel").click();
        page.await("the question gone", () -> !page.visible("sign-out-dialog"));
        assertThat(page.visible("chat-screen")).isTrue();

        page.byTestId("sign-out").click();
        page.await("the sign-out question", () -> page.visible("sign-out-dialog"));
        page.byTestId("sign-out-confirm").click();

        page.await("the sign-in screen", () -> page.visible("login-username") && !page.visible("chat-screen"));
    }

    // --- keyboard shortcuts ---

    @Test
    void afterSignInTheCursorIsInTheChatSearch() {
        signInFresh("alice");

        page.await("the cursor in the chat search", () -> "chat-filter".equals(focused()));
    }

    @Test
    void ctrlAltNOpensNewChat() {
        signInFresh("alice");

        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).sendKeys("n")
                .keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();

        page.await("the cursor in the people search", () -> "user-search".equals(focused()));
    }

    @Test
    void ctrlAltSlashAndCtrlKPutTheCursorInTheChatSearch() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        Api.User ann = registerAs(prefix + "ann");
        String annRoom = api.room(me, ann).toString();
        page.signIn(me.username(), password(me.username()));
        page.openChat(annRoom, ann.username());
        page.await("the cursor in the composer", () -> "composer".equals(focused()));

        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).sendKeys("/")
                .keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();
        page.await("the cursor in the chat search", () -> "chat-filter".equals(focused()));
        page.byTestId("composer").click();
        new Actions(browser).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();

        page.await("the cursor in the chat search again", () -> "chat-filter".equals(focused()));
    }

    @Test
    void altDownAndAltUpOpenTheNextAndThePreviousChat() {
        List<String> rooms = threeChats();

        new Actions(browser).keyDown(Keys.ALT).sendKeys(Keys.ARROW_DOWN).keyUp(Keys.ALT).perform();
        page.await("the first chat open", () -> rooms.get(0).equals(openRoomOrNull()));
        new Actions(browser).keyDown(Keys.ALT).sendKeys(Keys.ARROW_DOWN).keyUp(Keys.ALT).perform();
        page.await("the second chat open", () -> rooms.get(1).equals(openRoomOrNull()));
        new Actions(browser).keyDown(Keys.ALT).sendKeys(Keys.ARROW_UP).keyUp(Keys.ALT).perform();

        page.await("the first chat open again", () -> rooms.get(0).equals(openRoomOrNull()));
    }

    @Test
    void aSecondAltDownPressedBeforeTheFirstChatHasOpenedOpensTheSecondChat() {
        List<String> rooms = threeChats();

        // Both presses in one task of the page, so that the first one's hashchange cannot come between them: under
        // load a key press can overtake it, and the store, with no chat open yet, opened the first chat again (which
        // made altDownAndAltUpOpenTheNextAndThePreviousChat fail now and then).
        page.script("""
                for (let i = 0; i < 2; i++) {
                  document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', code: 'ArrowDown',
                    altKey: true, bubbles: true, cancelable: true }));
                }""");

        page.await("the second chat open", () -> rooms.get(1).equals(openRoomOrNull()));
        page.await("its conversation shown", () -> page.visible("composer")
                && page.chatItem(rooms.get(1)).getDomAttribute("aria-current") != null);
    }

    @Test
    void ctrlAltTabAndCtrlAltShiftTabOpenTheNextAndThePreviousChat() {
        List<String> rooms = threeChats();
        page.chatItem(rooms.get(1)).click();
        page.await("the second chat open", () -> rooms.get(1).equals(openRoomOrNull()));

        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).sendKeys(Keys.TAB)
                .keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();
        page.await("the third chat open", () -> rooms.get(2).equals(openRoomOrNull()));
        new Actions(browser).keyDown(Keys.CONTROL).keyDown(Keys.ALT).keyDown(Keys.SHIFT).sendKeys(Keys.TAB)
                .keyUp(Keys.SHIFT).keyUp(Keys.ALT).keyUp(Keys.CONTROL).perform();

        page.await("the second chat open again", () -> rooms.get(1).equals(openRoomOrNull()));
    }

    // --- helpers ---

    private void signInFresh(String prefix) {
        Api.User user = api.register(prefix);
        page.signIn(user.username(), password(user.username()));
    }

    private static String password(String username) {
        return "password-" + username;
    }

    /** A prefix no other user has, so a prefix search finds exactly the people this test registers. */
    private static String freshPrefix() {
        return "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static Api.User registerAs(String username) {
        Api.Response response = api.post("/api/auth/register", null,
                Map.of("username", username, "password", password(username)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new Api.User(username, response.json().get("token").asText());
    }

    private void fillCredentials(String username, String password) {
        page.byTestId("login-username").sendKeys(username);
        page.byTestId("login-password").sendKeys(password);
    }

    private String awaitLoginError() {
        page.await("the sign-in error", () -> page.visible("login-error") && !page.text("login-error").isEmpty());
        return page.text("login-error");
    }

    /** Signs in someone with three chats and returns their rooms in the list's order (top first). */
    private List<String> threeChats() {
        String prefix = freshPrefix();
        Api.User me = registerAs(prefix + "me");
        for (String other : List.of("ann", "ben", "cat")) {
            api.room(me, registerAs(prefix + other));
        }
        page.signIn(me.username(), password(me.username()));
        page.await("three chats", () -> chatOrder().size() == 3);
        return chatOrder();
    }

    private List<String> chatOrder() {
        return page.driver.findElements(By.cssSelector("[data-testid=chat-item]")).stream()
                .map(e -> e.getDomAttribute("data-room")).toList();
    }

    private String openRoomOrNull() {
        String hash = (String) page.script("return location.hash");
        return hash.startsWith("#/chat/") ? hash.substring("#/chat/".length()) : null;
    }

    private String preview(String roomUuid) {
        return (String) page.script("""
                return document.querySelector(`[data-testid=chat-item][data-room='${arguments[0]}'] \
                [data-testid=chat-preview]`)?.textContent ?? null;""", roomUuid);
    }

    private String composerText() {
        return (String) page.script("return document.querySelector('[data-testid=composer]').value");
    }

    /** The data-testid of the focused element, or null. */
    private String focused() {
        return (String) page.script("return document.activeElement?.dataset?.testid ?? null");
    }

    private List<String> suggested() {
        return page.driver.findElements(By.cssSelector("[data-testid=person-suggestion]")).stream()
                .map(e -> e.getDomAttribute("data-user")).toList();
    }

    /**
     * How far (in pixels) the empty-list text's centre is from the centre of the list area: the sidebar below the
     * search bar.
     */
    private double offsetFromListAreaCentre() {
        return ((Number) page.script("""
                const text = document.querySelector('[data-testid=chat-list-empty]').getBoundingClientRect();
                const top = document.querySelector('.sidebar-main .search-bar').getBoundingClientRect().bottom;
                const bottom = document.querySelector('.sidebar').getBoundingClientRect().bottom;
                return (text.top + text.bottom) / 2 - (top + bottom) / 2;""")).doubleValue();
    }
}

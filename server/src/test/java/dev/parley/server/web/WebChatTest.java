package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import dev.parley.server.web.ChatPage.Bubble;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The web client in two real headless Chromium browsers (alice's and bob's, separate profiles) against a real node
 * with its own embedded PostgreSQL. Each test signs in fresh users, so the tests do not depend on each other; the
 * browsers are shared and reset (cookies, localStorage) before each test because starting one costs seconds.
 */
class WebChatTest {

    private static Path dataDir;
    private static Map<String, String> settings;
    private static Parley node;
    private static Api api;
    private static ChromeDriver aliceBrowser;
    private static ChromeDriver bobBrowser;
    private static ChatPage alice;
    private static ChatPage bob;

    @BeforeAll
    static void startNodeAndBrowsers() {
        dataDir = TestServer.freshDataDir();
        // History is seeded over REST: far faster than the default per-user limit allows.
        settings = new HashMap<>(Map.of("parley.limits.send-burst", "1000", "parley.limits.send-per-second", "1000"));
        node = TestServer.start(dataDir, settings);
        // A restarted node must come back where the browsers look for it: same port.
        settings.put("server.port", String.valueOf(node.server().port()));
        URI base = URI.create("http://127.0.0.1:" + node.server().port());
        api = new Api(base);
        aliceBrowser = Chrome.start();
        bobBrowser = Chrome.start();
        alice = new ChatPage(aliceBrowser, base);
        bob = new ChatPage(bobBrowser, base);
    }

    @AfterAll
    static void stopBrowsersAndNode() {
        for (ChromeDriver browser : new ChromeDriver[] {aliceBrowser, bobBrowser}) {
            if (browser != null) {
                browser.quit();
            }
        }
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void freshBrowsers() {
        alice.startFresh();
        bob.startFresh();
    }

    @Test
    void twoPeopleSignUpStartAChatAndTalkBothWays() {
        String aliceName = Api.uniqueName("alice");
        String bobName = Api.uniqueName("bob");
        alice.signUp(aliceName, "password-" + aliceName);
        bob.signUp(bobName, "password-" + bobName);

        String room = alice.startChatWith(bobName);
        alice.send("Hi Bob, it's Alice");
        bob.await("the new chat in bob's list", () -> bob.hasChat(room));
        bob.openChat(room, aliceName);
        bob.awaitBubble("Hi Bob, it's Alice");
        bob.send("Hello Alice!");
        alice.awaitBubble("Hello Alice!");

        assertThat(alice.bubbles()).extracting(Bubble::seq, Bubble::user, Bubble::text).containsExactly(
                tuple(1L, aliceName, "Hi Bob, it's Alice"),
                tuple(2L, bobName, "Hello Alice!"));
        assertThat(bob.bubbles()).extracting(Bubble::seq, Bubble::user, Bubble::text).containsExactly(
                tuple(1L, aliceName, "Hi Bob, it's Alice"),
                tuple(2L, bobName, "Hello Alice!"));
    }

    @Test
    void myMessageGoesFromPendingToOneTickToTwoTicksToBlueTicks() {
        Api.User aliceUser = api.register("alice");
        Api.User bobUser = api.register("bob"); // never connected yet: nothing can be delivered to him
        String room = api.room(aliceUser, bobUser).toString();
        alice.signIn(aliceUser.username(), "password-" + aliceUser.username());
        alice.openChat(room, bobUser.username());
        recordStatusesOf(alice, "tick tock");

        alice.send("tick tock");
        alice.awaitBubble("tick tock", "with one tick", b -> "sent".equals(b.status()));
        bob.signIn(bobUser.username(), "password-" + bobUser.username());
        alice.awaitBubble("tick tock", "with two grey ticks", b -> "delivered".equals(b.status()));
        bob.openChat(room, aliceUser.username());
        alice.awaitBubble("tick tock", "with blue ticks", b -> "read".equals(b.status()));

        assertThat(alice.script("return window.recordedStatuses")).isEqualTo(List.of("pending", "sent", "delivered", "read"));
    }

    @Test
    void typingShowsOnTheOtherSideUntilTheMessageArrives() {
        String room = chatBetweenSignedInPeople().room();

        alice.type("I am wri");
        bob.await("\"typing…\" in bob's conversation header", () -> bob.visible("typing-indicator"));
        String typingText = bob.text("typing-indicator");
        alice.send("ting a long answer");
        bob.awaitBubble("I am writing a long answer");
        bob.await("\"typing…\" gone once the message is in", () -> !bob.visible("typing-indicator"));

        assertThat(typingText).isEqualTo("typing…");
        assertThat(bob.chatItem(room).getText()).doesNotContain("typing…");
    }

    @Test
    void unreadBadgeAndTabTitleCountRiseWithEachMessageAndClearWhenTheChatIsOpened() {
        Api.User aliceUser = api.register("alice");
        Api.User bobUser = api.register("bob");
        String room = api.room(aliceUser, bobUser).toString();
        alice.signIn(aliceUser.username(), "password-" + aliceUser.username());
        bob.signIn(bobUser.username(), "password-" + bobUser.username());
        alice.openChat(room, bobUser.username());

        alice.send("first");
        bob.await("badge 1 and title (1)", () -> "1".equals(bob.unreadBadge(room))
                && "(1) Parley".equals(bobBrowser.getTitle()));
        alice.send("second");
        bob.await("badge 2 and title (2)", () -> "2".equals(bob.unreadBadge(room))
                && "(2) Parley".equals(bobBrowser.getTitle()));
        bob.openChat(room, aliceUser.username());
        bob.await("badge and title count cleared", () -> bob.unreadBadge(room).isEmpty()
                && "Parley".equals(bobBrowser.getTitle()));
        alice.awaitBubble("second", "read by bob", b -> "read".equals(b.status()));
        bob.reload();
        bob.awaitConversationWith(aliceUser.username());

        assertThat(bob.unreadBadge(room)).isEmpty();
        assertThat(bobBrowser.getTitle()).isEqualTo("Parley");
    }

    @Test
    void reloadKeepsTheSessionTheOpenChatAndItsHistory() {
        Chat chat = chatBetweenSignedInPeople();
        alice.send("one");
        alice.send("two");
        bob.send("three");
        alice.awaitBubble("three");
        alice.awaitBubble("two", "acknowledged", b -> b.seq() != null);

        alice.reload();
        alice.awaitChatScreen();
        alice.awaitConversationWith(chat.bob().username());
        alice.await("the history after the reload", () -> alice.bubbles().size() == 3);

        assertThat(alice.openRoom()).isEqualTo(chat.room());
        assertThat(alice.visible("login-screen")).isFalse();
        assertThat(alice.bubbles()).extracting(Bubble::seq, Bubble::text)
                .containsExactly(tuple(1L, "one"), tuple(2L, "two"), tuple(3L, "three"));
    }

    @Test
    void scrollingUpLoadsEveryOlderPageOnceWithoutMovingWhatTheReaderSees() {
        int count = 160;
        Api.User aliceUser = api.register("alice");
        Api.User bobUser = api.register("bob");
        String room = api.room(aliceUser, bobUser).toString();
        seed(room, count, aliceUser, bobUser);
        bob.signIn(bobUser.username(), "password-" + bobUser.username());
        bob.openChat(room, aliceUser.username());
        bob.await("the newest page", () -> !bob.bubbles().isEmpty() && bob.bubbles().getLast().seq() == count);

        List<Double> shifts = new ArrayList<>();
        long first = bob.bubbles().getFirst().seq();
        while (first > 1) {
            double before = scrollToTopKeeping(first);
            long previous = first;
            bob.await("a page older than seq " + previous, () -> bob.bubbles().getFirst().seq() < previous);
            shifts.add(topOf(previous) - before);
            first = bob.bubbles().getFirst().seq();
        }
        bob.await("the start of the chat", () -> bob.text("history-status").startsWith("This is the beginning"));

        assertThat(bob.bubbles()).extracting(Bubble::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
        assertThat(shifts).hasSizeGreaterThanOrEqualTo(3).allSatisfy(shift -> assertThat(shift).isBetween(-1.0, 1.0));
    }

    @Test
    void aMessageArrivingWhileScrolledUpShowsThePillInsteadOfMovingTheView() {
        Api.User aliceUser = api.register("alice");
        Api.User bobUser = api.register("bob");
        String room = api.room(aliceUser, bobUser).toString();
        seed(room, 40, aliceUser, bobUser);
        bob.signIn(bobUser.username(), "password-" + bobUser.username());
        bob.openChat(room, aliceUser.username());
        bob.await("the whole history", () -> bob.bubbles().size() == 40);
        bob.script("document.querySelector('[data-testid=messages-scroll]').scrollTop = 0");

        post(aliceUser, room, "while you were reading");
        bob.awaitBubble("while you were reading");
        bob.await("the new messages pill", () -> bob.visible("new-messages-pill"));
        Object scrollTop = bob.script("return document.querySelector('[data-testid=messages-scroll]').scrollTop");
        bob.byTestId("new-messages-pill").click();
        bob.await("the view at the bottom, pill gone", () -> !bob.visible("new-messages-pill") && Boolean.TRUE.equals(
                bob.script("const s = document.querySelector('[data-testid=messages-scroll]');"
                        + "return s.scrollHeight - s.scrollTop - s.clientHeight < 2")));

        assertThat(scrollTop).isEqualTo(0L);
    }

    @Test
    void afterTheServerDropsTheSocketTheClientsReconnectSyncAndSendWhatWasTypedOfflineOnce() {
        Api.User aliceUser = api.register("alice");
        Api.User bobUser = api.register("bob");
        String room = chatBetween(aliceUser, bobUser);
        alice.send("before the restart");
        bob.awaitBubble("before the restart");
        // Installing caches the whole app shell first: on a machine busy with other builds that took over 15 s.
        bob.await(java.time.Duration.ofSeconds(60), "the service worker controls bob's page",
                () -> Boolean.TRUE.equals(bob.script("return !!navigator.serviceWorker.controller")));

        node.close();
        for (ChatPage page : List.of(alice, bob)) {
            page.await("the banner saying why", () -> page.visible("connection-banner")
                    && "Can't reach the server".equals(page.text("connection-reason"))
                    && page.text("connection-progress").matches("Retrying in \\d+s…|Reconnecting…")
                    && page.visible("connection-retry"));
        }
        alice.send("typed while offline");
        alice.awaitBubble("typed while offline", "pending", b -> "pending".equals(b.status()));
        // Bob reloads during the outage: the app shell comes from the service worker, not the browser's error page,
        // and shows his chat as it was, saying it cannot reach the server (WebOfflineStartTest has the details).
        bob.reload();
        bob.await("bob's chat, saying it cannot reach the server", () -> bob.visible("chat-screen")
                && !bob.visible("login-screen") && bob.visible("connection-banner")
                && "Can't reach the server".equals(bob.text("connection-reason")));
        bob.awaitBubble("before the restart");
        node = TestServer.start(dataDir, settings);
        // Normally sent while the browsers still wait out their backoff, so what brings it to them is the sync.
        post(bobUser, room, "sent from bob's phone meanwhile");

        Duration reconnect = Duration.ofSeconds(40); // backoff with jitter after several refused attempts
        bob.await(reconnect, "bob back in his chat by himself", () -> bob.visible("chat-screen"));
        for (ChatPage page : List.of(alice, bob)) {
            page.await(reconnect, "the banner gone", () -> !page.visible("connection-banner"));
        }
        alice.awaitBubble("typed while offline", "sent", b -> b.seq() != null);
        alice.awaitBubble("sent from bob's phone meanwhile");
        bob.awaitBubble("typed while offline");
        bob.awaitBubble("sent from bob's phone meanwhile");

        JsonNode history = api.get("/api/messages/?room_uuid=" + room, aliceUser.token()).json();
        assertThat(history.findValuesAsText("content")).containsExactlyInAnyOrder(
                "before the restart", "typed while offline", "sent from bob's phone meanwhile");
        for (ChatPage page : List.of(alice, bob)) {
            assertThat(page.bubbles()).extracting(Bubble::seq).containsExactly(1L, 2L, 3L);
            assertThat(page.bubbles()).extracting(Bubble::text).containsExactlyInAnyOrder(
                    "before the restart", "typed while offline", "sent from bob's phone meanwhile");
        }
    }

    @Test
    void aTabThatNavigatesAwayGoesOfflineForTheOtherSideAtOnce() {
        Chat chat = chatBetweenSignedInPeople();
        alice.await("bob online", () -> "online".equals(alice.text("presence")));

        bob.driver.get("about:blank"); // the tab leaves Parley: pagehide, then the page is unloaded or cached

        // Far sooner than the server's ping timeout would notice a socket nobody closed.
        alice.await(Duration.ofSeconds(5), "bob shown as last seen",
                () -> String.valueOf(alice.text("presence")).startsWith("last seen"));
        assertThat(api.get("/api/users/?q=" + chat.bob().username(), chat.alice().token()).json()
                .findValue("online").asBoolean()).isFalse();
    }

    @Test
    void offlineTheBannerSaysNoInternetCountsDownAndRetryNowReachedByTabTriesAgainAtOnce() {
        chatBetweenSignedInPeople();
        alice.await("bob online", () -> "online".equals(alice.text("presence")));
        try {
            offline(alice, true);
            alice.await("the reason", () -> alice.visible("connection-banner")
                    && "No internet connection".equals(alice.text("connection-reason")));
            // Cut off, alice cannot know whether bob is still there: no stale "online" in the header.
            assertThat(alice.text("presence")).isNotEqualTo("online");
            // Attempts fail at once while offline: the waits between them grow until one counts down for seconds.
            int[] seconds = new int[1];
            alice.await(Duration.ofSeconds(30), "a countdown from 5 s or more",
                    () -> (seconds[0] = countdown(alice)) >= 5);
            alice.await(Duration.ofSeconds(3), "the countdown a second lower", () -> countdown(alice) == seconds[0] - 1);
            alice.screenshot("web-banner-offline");
            // The banner comes first on the page: Shift+Tab from the first control of the chat screen reaches it.
            alice.script("document.querySelector('[data-testid=chat-screen]').querySelector('button, input').focus()");
            new Actions(alice.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
            assertThat(alice.focused()).isEqualTo("connection-retry");

            new Actions(alice.driver).sendKeys(Keys.ENTER).perform();

            // The backoff starts over: an attempt at once, then waits under two seconds, where 3 s or more were left.
            alice.await(Duration.ofSeconds(2), "a fresh attempt", () -> countdown(alice) < 2);
            assertThat(alice.focused()).isEqualTo("connection-retry");
            offline(alice, false);
            alice.await("the banner gone", () -> !alice.visible("connection-banner"));
        } finally {
            offline(alice, false);
        }
    }

    @Test
    void htmlInAMessageIsShownAsPlainText() {
        String payload = "<img src=x onerror=alert(1)>";
        String room = chatBetweenSignedInPeople().room();

        alice.send(payload);
        bob.awaitBubble(payload);
        alice.awaitBubble(payload, "acknowledged", b -> b.seq() != null);

        for (ChatPage page : List.of(alice, bob)) {
            assertThrows(NoAlertPresentException.class, () -> page.driver.switchTo().alert());
            assertThat(page.driver.findElements(By.tagName("img"))).isEmpty();
            assertThat(page.chatItem(room).findElement(By.cssSelector("[data-testid=chat-preview]")).getText())
                    .isEqualTo(payload);
        }
    }

    @Test
    void theMainChatScreenIsCapturedInBothThemesAtDesktopAndPhoneWidths() throws IOException {
        // Readable names for the pictures in the README: this node's database is fresh, so they are free.
        Api.User aliceUser = registerAs("alice");
        Api.User bobUser = registerAs("bob");
        Api.User carol = registerAs("carol");
        Api.User dave = registerAs("dave");
        post(aliceUser, api.room(aliceUser, dave).toString(), "Thanks for the lift yesterday!");
        post(dave, api.room(aliceUser, dave).toString(), "Any time. Same again next week?");
        post(carol, api.room(aliceUser, carol).toString(), "Did you get the slides I sent?");
        String room = api.room(aliceUser, bobUser).toString();
        post(bobUser, room, "Hey Alice! Are we still on for dinner tonight?");
        post(aliceUser, room, "Yes! 7:30 at Luigi's?");
        post(bobUser, room, "Perfect, I'll book a table for four.");
        post(aliceUser, room, "Great. I'll tell Carol and Dave.");
        post(bobUser, room, "See you there. Bring the photos from the trip!");
        post(aliceUser, room, "<b>Will do</b>: tags show as text here, never as HTML.");
        bob.signIn(bobUser.username(), "password-" + bobUser.username());
        bob.openChat(room, aliceUser.username()); // bob reads everything: blue ticks on alice's side
        alice.signIn(aliceUser.username(), "password-" + aliceUser.username());
        alice.openChat(room, bobUser.username());
        alice.await("blue ticks and bob online", () -> !alice.bubbles().isEmpty()
                && "read".equals(alice.bubbles().getLast().status())
                && "online".equals(alice.text("presence")));

        Map<String, String> backgrounds = new HashMap<>();
        try {
            for (String theme : List.of("light", "dark")) {
                alice.colorScheme(theme);
                backgrounds.put(theme, (String) alice.script("return getComputedStyle(document.body).backgroundColor"));
                alice.viewport(1280, 800, false);
                alice.screenshot("web-desktop-" + theme);
                alice.viewport(390, 844, true);
                alice.awaitConversationWith(bobUser.username());
                alice.screenshot("web-phone-chat-" + theme);
                alice.byTestId("back").click();
                alice.await("the chat list on the phone", () -> alice.visible("chat-list") && !alice.visible("composer"));
                alice.screenshot("web-phone-list-" + theme);
                alice.chatItem(room).click();
                alice.awaitConversationWith(bobUser.username());
            }
        } finally {
            alice.resetEmulation();
        }
        // The README's pictures (docs/web-*.png) are copied from these by hand: tests never write outside target/.

        assertThat(backgrounds.get("dark")).isNotEqualTo(backgrounds.get("light"));
        try (var shots = Files.list(ChatPage.SCREENSHOTS)) {
            assertThat(shots.map(shot -> shot.getFileName().toString())).contains(
                    "web-desktop-light.png", "web-desktop-dark.png", "web-phone-chat-light.png",
                    "web-phone-chat-dark.png", "web-phone-list-light.png", "web-phone-list-dark.png");
        }
    }

    // --- helpers ---

    private static void offline(ChatPage page, boolean offline) {
        page.driver.executeCdpCommand("Network.enable", Map.of());
        page.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** The seconds the banner counts down ("Retrying in 4s…"), or -1 while it counts nothing down. */
    private static int countdown(ChatPage page) {
        String progress = String.valueOf(page.text("connection-progress"));
        Matcher found = Pattern.compile("Retrying in (\\d+)s…").matcher(progress);
        return page.visible("connection-banner") && found.matches() ? Integer.parseInt(found.group(1)) : -1;
    }

    /** Two fresh people in their room, each signed in in their own browser with the chat open. */
    private record Chat(Api.User alice, Api.User bob, String room) {
    }

    private static Chat chatBetweenSignedInPeople() {
        Api.User aliceUser = api.register("alice");
        Api.User bobUser = api.register("bob");
        return new Chat(aliceUser, bobUser, chatBetween(aliceUser, bobUser));
    }

    private static String chatBetween(Api.User aliceUser, Api.User bobUser) {
        String room = api.room(aliceUser, bobUser).toString();
        alice.signIn(aliceUser.username(), "password-" + aliceUser.username());
        bob.signIn(bobUser.username(), "password-" + bobUser.username());
        alice.openChat(room, bobUser.username());
        bob.openChat(room, aliceUser.username());
        return room;
    }

    /** Posts {@code count} messages over REST, alternating senders, numbered from 1 like their seqs. */
    private static void seed(String room, int count, Api.User first, Api.User second) {
        for (int i = 1; i <= count; i++) {
            post(i % 2 == 1 ? first : second, room, "message " + i);
        }
    }

    private static Api.User registerAs(String username) {
        Api.Response response = api.post("/api/auth/register", null,
                Map.of("username", username, "password", "password-" + username));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new Api.User(username, response.json().get("token").asText());
    }

    private static void post(Api.User from, String room, String content) {
        Api.Response response = api.post("/api/messages/", from.token(), Map.of("room", room, "content", content,
                "client_id", UUID.randomUUID().toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    /** The on-screen position of bob's bubble with this seq (pixels from the top of the viewport). */
    private static double topOf(long seq) {
        return ((Number) bob.script("return document.querySelector(`[data-testid=message][data-seq='${arguments[0]}']`)"
                + ".getBoundingClientRect().top", seq)).doubleValue();
    }

    /**
     * Scrolls bob's messages to the very top (which asks for the older page) and returns where the bubble with this
     * seq then is on screen: measured in the same script, before any page can arrive and move it.
     */
    private static double scrollToTopKeeping(long seq) {
        return ((Number) bob.script("""
                document.querySelector('[data-testid=messages-scroll]').scrollTop = 0;
                return document.querySelector(`[data-testid=message][data-seq='${arguments[0]}']`)
                  .getBoundingClientRect().top;""", seq)).doubleValue();
    }

    /** Records, in the page, each status the bubble with {@code text} shows, however briefly it shows it. */
    private static void recordStatusesOf(ChatPage page, String text) {
        page.script("""
                window.recordedStatuses = [];
                const record = (node) => {
                  if (node.nodeType !== 1 || node.dataset.testid !== 'message') return;
                  if (node.querySelector('[data-testid=message-text]')?.textContent !== arguments[0]) return;
                  const status = node.dataset.status;
                  if (window.recordedStatuses.at(-1) !== status) window.recordedStatuses.push(status);
                };
                new MutationObserver((changes) => changes.forEach((change) => change.type === 'childList'
                    ? change.addedNodes.forEach(record) : record(change.target)))
                  .observe(document.querySelector('[data-testid=messages]'),
                    { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] });
                """, text);
    }
}

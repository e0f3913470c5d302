package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import dev.parley.server.cluster.TcpProxy;
import dev.parley.server.web.ChatPage.Bubble;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A signed-in person reloads while the server cannot be reached, as WhatsApp Web allows: the browser reaches the node
 * through a {@link TcpProxy} that the test takes down (every connection cut, new ones closed at once, as against a
 * stopped server) and brings back, while the test itself talks to the node directly (others keep writing meanwhile).
 */
class WebOfflineStartTest {

    /** Backoff with jitter after several refused attempts: at most 10 s between two of them. */
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private static Parley node;
    private static TcpProxy proxy;
    private static Api api;
    private static ChromeDriver browser;
    private static ChatPage alice;

    @BeforeAll
    static void startNodeProxyAndBrowser() {
        node = TestServer.start(TestServer.freshDataDir(), Map.of());
        api = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
        proxy = new TcpProxy(node.server().port());
        browser = Chrome.start();
        alice = new ChatPage(browser, URI.create("http://127.0.0.1:" + proxy.port()));
    }

    @AfterAll
    static void stopBrowserProxyAndNode() {
        if (browser != null) {
            browser.quit();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void freshBrowser() {
        alice.startFresh();
    }

    @AfterEach
    void serverReachableAgain() {
        proxy.heal();
    }

    @Test
    void aReloadWhileTheServerIsDownShowsTheChatsAsTheyWereAndEverythingRecoversWhenItIsBack() {
        People people = peopleWithChats();
        alice.signIn(people.alice().username(), "password-" + people.alice().username());
        alice.openChat(people.bobRoom(), people.bob().username());
        alice.awaitBubble("Yes, see you there");
        awaitServiceWorker();

        proxy.down();
        alice.await("the banner saying the server is out of reach", () -> alice.visible("connection-banner")
                && "Can't reach the server".equals(alice.text("connection-reason")));
        alice.reload();

        // The chat screen as it was, not the sign-in form: my name, the chats with their last lines and unread
        // counts, and the open chat's messages.
        alice.awaitChatScreen();
        alice.awaitConversationWith(people.bob().username());
        alice.await("the banner counting down to the next attempt", () -> alice.visible("connection-banner")
                && "Can't reach the server".equals(alice.text("connection-reason"))
                && alice.text("connection-progress").matches("Retrying in \\d+s…|Reconnecting…")
                && alice.visible("connection-retry"));
        assertThat(alice.visible("login-screen")).isFalse();
        assertThat(alice.text("me")).isEqualTo(people.alice().username());
        assertThat(alice.preview(people.carolRoom())).isEqualTo("Did you get the slides?");
        assertThat(alice.unreadBadge(people.carolRoom())).isEqualTo("1");
        assertThat(alice.preview(people.bobRoom())).isEqualTo("Yes, see you there");
        assertThat(alice.bubbles()).extracting(Bubble::seq, Bubble::text).containsExactly(
                tuple(1L, "Dinner at 7?"),
                tuple(2L, "Yes, see you there"));
        alice.screenshot("web-offline-reload");

        // Retry now tries at once, with the backoff started over.
        alice.await(Duration.ofSeconds(20), "a countdown from 2 s or more", () -> countdown(alice) >= 2);
        alice.byTestId("connection-retry").click();
        alice.await(Duration.ofSeconds(2), "a fresh attempt", () -> countdown(alice) < 2);

        // Meanwhile the others write, and alice changes her name on another device.
        post(people.carol(), people.carolRoom(), "Are you there?");
        post(people.bob(), people.bobRoom(), "On my way");
        assertThat(api.patch("/api/me", people.alice().token(), Map.of("display_name", "Alice Liddell")).status())
                .isEqualTo(200);
        proxy.heal();

        // Back by itself: the session confirmed (and my profile read again), the chats caught up, live again.
        alice.await(RECOVERY, "the banner gone", () -> !alice.visible("connection-banner"));
        alice.awaitBubble("On my way");
        alice.await("carol's chat caught up", () -> "Are you there?".equals(alice.preview(people.carolRoom()))
                && "2".equals(alice.unreadBadge(people.carolRoom())));
        alice.await("my name as the server has it now", () -> "Alice Liddell".equals(alice.text("me")));
        post(people.bob(), people.bobRoom(), "Live again");
        alice.awaitBubble("Live again");
        alice.send("Good to be back");
        alice.awaitBubble("Good to be back", "acknowledged", b -> b.seq() != null);
        assertThat(alice.bubbles()).extracting(Bubble::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(alice.visible("login-screen")).isFalse();
    }

    @Test
    void aSessionEndedDuringTheOutageSignsOutWhenTheServerIsBackAndLeavesNoChatsBehind() {
        People people = peopleWithChats();
        alice.signIn(people.alice().username(), "password-" + people.alice().username());
        alice.openChat(people.bobRoom(), people.bob().username());
        awaitServiceWorker();

        proxy.down();
        alice.reload();
        alice.awaitChatScreen();
        alice.awaitConversationWith(people.bob().username());
        // Signed out of every device from elsewhere while this one could not hear it.
        assertThat(api.delete("/api/sessions/", people.alice().token()).status()).isEqualTo(204);
        proxy.heal();

        alice.await(RECOVERY, "the sign-in form, saying why", () -> alice.visible("login-username")
                && !alice.visible("chat-screen")
                && "Your session ended. Please sign in again.".equals(alice.text("login-error")));
        assertThat(storedMentionsOf(people.bobRoom())).isEmpty();
        proxy.down();
        alice.reload();
        alice.await("the sign-in form, not the chats of the session that ended",
                () -> alice.visible("login-username") && !alice.visible("chat-screen"));
    }

    @Test
    void signingOutLeavesNoChatOnThisDeviceEvenForAReloadWhileTheServerIsDown() {
        People people = peopleWithChats();
        alice.signIn(people.alice().username(), "password-" + people.alice().username());
        alice.openChat(people.bobRoom(), people.bob().username());
        alice.awaitBubble("Yes, see you there");
        awaitServiceWorker();
        alice.await("the chats kept on this device", () -> !storedMentionsOf("Yes, see you there").isEmpty()
                && !storedMentionsOf(people.carolRoom()).isEmpty());

        alice.byTestId("sign-out").click();
        alice.clickWhenVisible("sign-out-confirm");
        alice.await("the sign-in form", () -> alice.visible("login-username") && !alice.visible("chat-screen"));

        for (String kept : List.of(people.bobRoom(), people.carolRoom(), "Yes, see you there", "Did you get the slides?",
                people.alice().username())) {
            assertThat(storedMentionsOf(kept)).as("localStorage keys mentioning " + kept).isEmpty();
        }
        proxy.down();
        alice.reload();
        alice.await("the sign-in form, with no chats behind it",
                () -> alice.visible("login-username") && !alice.visible("chat-screen"));
        assertThat(alice.hasChat(people.bobRoom())).isFalse();
    }

    @Test
    void aSendIntoASilentlyDeadConnectionShowsTheBannerWithinSecondsAndGoesOutOnceTheServerIsHeardAgain() {
        People people = peopleWithChats();
        alice.signIn(people.alice().username(), "password-" + people.alice().username());
        alice.openChat(people.bobRoom(), people.bob().username());
        alice.awaitBubble("Yes, see you there");

        // Nothing gets through any more and nobody is told: no close, no reset (a dropped Wi-Fi, a lost NAT entry).
        proxy.blackhole();
        alice.send("into the silence");
        alice.awaitBubble("into the silence", "pending", b -> "pending".equals(b.status()));
        // The client pings a connection that does not ack a send within 3 s, and gives it up 3 s later.
        alice.await(Duration.ofSeconds(9), "the banner", () -> alice.visible("connection-banner"));
        alice.screenshot("web-silent-connection");
        // A new attempt under way while nothing gets through: its handshake is lost as the pings were.
        alice.await(Duration.ofSeconds(15), "an attempt under way after the first failed",
                () -> "Can't reach the server".equals(alice.text("connection-reason"))
                        && "Reconnecting…".equals(alice.text("connection-progress")));

        proxy.heal();
        // Attempts made while nothing got through must not hang on: the next one reaches the server by itself.
        alice.await(RECOVERY, "the banner gone", () -> !alice.visible("connection-banner"));
        alice.awaitBubble("into the silence", "sent", b -> b.seq() != null);
        assertThat(api.get("/api/messages/?room_uuid=" + people.bobRoom(), people.bob().token()).json()
                .findValuesAsText("content")).containsExactly("Dinner at 7?", "Yes, see you there", "into the silence");
        post(people.bob(), people.bobRoom(), "Got it");
        alice.awaitBubble("Got it");
    }

    // --- helpers ---

    /** Alice, Bob and Carol; alice has a chat with each, read with bob, one unread line from carol. */
    private record People(Api.User alice, Api.User bob, Api.User carol, String bobRoom, String carolRoom) {
    }

    private static People peopleWithChats() {
        Api.User aliceUser = api.register("alice");
        Api.User bob = api.register("bob");
        Api.User carol = api.register("carol");
        String bobRoom = api.room(aliceUser, bob).toString();
        String carolRoom = api.room(aliceUser, carol).toString();
        post(aliceUser, bobRoom, "Dinner at 7?");
        post(bob, bobRoom, "Yes, see you there");
        post(carol, carolRoom, "Did you get the slides?");
        return new People(aliceUser, bob, carol, bobRoom, carolRoom);
    }

    /** Installing caches the whole app shell first: on a machine busy with other builds that took over 15 s. */
    private static void awaitServiceWorker() {
        alice.await(Duration.ofSeconds(60), "the service worker controls the page",
                () -> Boolean.TRUE.equals(alice.script("return !!navigator.serviceWorker.controller")));
    }

    /** The keys of localStorage whose value mentions {@code text}. */
    @SuppressWarnings("unchecked")
    private static List<String> storedMentionsOf(String text) {
        return (List<String>) alice.script("""
                return Object.keys(localStorage).filter((key) => key.includes(arguments[0])
                  || (localStorage.getItem(key) ?? '').includes(arguments[0]));""", text);
    }

    /** The seconds the banner counts down ("Retrying in 4s…"), or -1 while it counts nothing down. */
    private static int countdown(ChatPage page) {
        String progress = String.valueOf(page.text("connection-progress"));
        Matcher found = Pattern.compile("Retrying in (\\d+)s…").matcher(progress);
        return page.visible("connection-banner") && found.matches() ? Integer.parseInt(found.group(1)) : -1;
    }

    private static void post(Api.User from, String room, String content) {
        Api.Response response = api.post("/api/messages/", from.token(), Map.of("room", room, "content", content,
                "client_id", UUID.randomUUID().toString()));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }
}

package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.TestServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/** Blocking in the browser: the chat menu blocks after a confirmation, the blocked person is told, unblock undoes it. */
class WebBlockingTest {

    private static ChromeDriver aliceBrowser;
    private static ChromeDriver bobBrowser;
    private static ChatPage alicePage;
    private static ChatPage bobPage;

    @BeforeAll
    static void startBrowsers() {
        aliceBrowser = Chrome.start();
        bobBrowser = Chrome.start();
        alicePage = new ChatPage(aliceBrowser, TestServer.http());
        bobPage = new ChatPage(bobBrowser, TestServer.http());
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] {aliceBrowser, bobBrowser}) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    @Test
    void aliceBlocksBobWhoseMessageIsRefusedUntilSheUnblocks() {
        Api api = Api.shared();
        Api.User alice = api.register("wblk");
        Api.User bob = api.register("wblkb");
        UUID room = api.room(alice, bob);
        for (int i = 1; i <= 15; i++) { // enough to fill the chat: the newest must stay in view
            api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "earlier " + i));
        }
        api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "hi alice"));
        alicePage.startFresh();
        alicePage.signIn(alice.username(), "password-" + alice.username());
        alicePage.openChat(room.toString(), bob.username());
        bobPage.startFresh();
        bobPage.signIn(bob.username(), "password-" + bob.username());
        bobPage.openChat(room.toString(), alice.username());

        // Alice reads down to the newest message (the chat opened at its first unread one).
        alicePage.script("const s = document.querySelector('[data-testid=messages-scroll]'); s.scrollTop = s.scrollHeight;");
        alicePage.await("alice at the newest message", () -> wholeInView(alicePage, "[data-testid=message]:last-child"));
        alicePage.byTestId("chat-menu-button").click();
        alicePage.await("the chat menu", () -> alicePage.visible("block-menu-item"));
        assertThat(alicePage.text("block-menu-item")).isEqualTo("Block " + bob.username());
        alicePage.byTestId("block-menu-item").click();
        alicePage.await("the confirmation", () -> alicePage.visible("block-dialog"));
        alicePage.screenshot("web-block-confirm");
        alicePage.byTestId("block-confirm").click();

        alicePage.await("the blocked notice", () -> alicePage.visible("blocked-notice"));
        assertThat(alicePage.text("blocked-text"))
                .isEqualTo("You blocked " + bob.username() + ". Unblock to send a message.");
        assertThat(alicePage.byTestId("composer").isEnabled()).isFalse();
        alicePage.await("the newest message still in view above the notice", () -> wholeInView(alicePage,
                "[data-testid=message]:last-child"));
        alicePage.screenshot("web-blocked-light");
        alicePage.colorScheme("dark");
        alicePage.screenshot("web-blocked-dark");
        alicePage.resetEmulation();

        bobPage.send("are you there?");
        bobPage.awaitBubble("are you there?", "refused", b -> "failed".equals(b.status()));
        assertThat(bobPage.text("retry")).isEqualTo("Not sent. You can't message this person. Click to retry.");
        bobPage.await("the refusal in view", () -> wholeInView(bobPage, "[data-testid=retry]"));
        bobPage.screenshot("web-blocked-sender");

        alicePage.byTestId("blocked-unblock").click();
        alicePage.await("the composer back, with the cursor in it", () -> !alicePage.visible("blocked-notice")
                && alicePage.byTestId("composer").isEnabled() && Boolean.TRUE.equals(alicePage.script(
                "return document.activeElement?.dataset.testid === 'composer'")));
        bobPage.byTestId("retry").click();
        alicePage.awaitBubble("are you there?");
        alicePage.send("yes, sorry");
        bobPage.awaitBubble("yes, sorry");
        assertThat(alicePage.bubbles()).extracting(ChatPage.Bubble::text)
                .endsWith("hi alice", "are you there?", "yes, sorry");
    }

    @Test
    void aBlockMadeOnAnotherDeviceShowsInTheOpenChatAtOnceAndSoDoesTheUnblock() {
        Api api = Api.shared();
        Api.User alice = api.register("wblo");
        Api.User bob = api.register("wblob");
        UUID room = api.room(alice, bob);
        api.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "hello"));
        alicePage.startFresh();
        alicePage.signIn(alice.username(), "password-" + alice.username());
        alicePage.openChat(room.toString(), bob.username());
        alicePage.awaitBubble("hello");

        // Alice blocks Bob on her phone.
        assertThat(api.post("/api/users/" + bob.username() + "/block", alice.token(), "").status()).isEqualTo(204);

        alicePage.await("the blocked notice", () -> alicePage.visible("blocked-notice")
                && !alicePage.byTestId("composer").isEnabled());
        assertThat(alicePage.text("blocked-text"))
                .isEqualTo("You blocked " + bob.username() + ". Unblock to send a message.");

        assertThat(api.delete("/api/users/" + bob.username() + "/block", alice.token()).status()).isEqualTo(204);

        alicePage.await("the composer back", () -> !alicePage.visible("blocked-notice")
                && alicePage.byTestId("composer").isEnabled());
    }

    /** Whether the element is wholly inside the visible part of the message list. */
    private static boolean wholeInView(ChatPage page, String selector) {
        return Boolean.TRUE.equals(page.script("""
                const area = document.querySelector('[data-testid=messages-scroll]').getBoundingClientRect();
                const box = document.querySelector(arguments[0]).getBoundingClientRect();
                return box.top >= area.top - 1 && box.bottom <= area.bottom + 1;""", selector));
    }
}

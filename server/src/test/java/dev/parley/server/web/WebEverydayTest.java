package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The everyday details of the web client (issue 17): the New chat panel and the keyboard. One browser against
 * a node of its own.
 */
class WebEverydayTest {

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

    // --- helpers ---


    private void signInFresh(String prefix) {
        Api.User user = api.register(prefix);
        page.signIn(user.username(), password(user.username()));
    }

    private static String password(String username) {
        return "password-" + username;
    }

    /** The data-testid of the focused element, or null. */
    private String focused() {
        return (String) page.script("return document.activeElement?.dataset?.testid ?? null");
    }
}

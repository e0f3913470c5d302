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

/**
 * Text from other people (messages, previews, names) is laid out as a bidi isolate, so a right-to-left override in
 * a message cannot run on into the time, ticks or anything else shown beside it.
 */
class BidiIsolationTest {

    private static ChromeDriver browser;
    private static ChatPage page;

    @BeforeAll
    static void startBrowser() {
        browser = Chrome.start();
        page = new ChatPage(browser, TestServer.http());
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void messageTextPreviewsAndNamesAreBidiIsolated() {
        Api api = Api.shared();
        Api.User alice = api.register("bidi");
        Api.User bob = api.register("bidib");
        UUID room = api.room(alice, bob);
        String spoof = "pay me \u202e0001$ \u202c";
        api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", spoof));
        page.startFresh();
        page.signIn(bob.username(), "password-" + bob.username());
        page.openChat(room.toString(), alice.username());
        page.awaitBubble(spoof);

        Object styles = page.script("""
                const style = (selector) => getComputedStyle(document.querySelector(selector)).unicodeBidi;
                return {
                  text: style('[data-testid=message-text]'),
                  preview: style('[data-testid=chat-item] .chat-preview'),
                  previewText: style('[data-testid=chat-item] .chat-preview .preview-text'),
                  name: style('[data-testid=chat-item] .chat-name'),
                  title: style('[data-testid=conversation-title]'),
                };""");

        assertThat(styles).isEqualTo(Map.of("text", "isolate", "preview", "isolate", "previewText", "isolate",
                "name", "isolate", "title", "isolate"));
    }
}

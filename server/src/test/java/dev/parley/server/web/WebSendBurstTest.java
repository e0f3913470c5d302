package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A burst of sends in the web client against a node with the server's own send and frame limits (the shared test
 * node lifts the frame limit, and the other browser tests' nodes the send limit): the client paces my sends to the
 * limit it reads from GET /api/limits/, keeps them in the order written, and resends what a refusal names (or, past
 * the frame limit, cannot name) after the server's hint.
 */
class WebSendBurstTest {

    private static Parley node;
    private static Api api;
    private static ChromeDriver browser;
    private static ChatPage page;

    @BeforeAll
    static void startNodeAndBrowser() {
        // The server's defaults (application.yaml): a burst of 20 sends, then 10 a second; 60 frames of any type,
        // then 20 a second.
        node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.limits.send-burst", "20", "parley.limits.send-per-second", "10",
                "parley.limits.frames-burst", "60", "parley.limits.frames-per-second", "20"));
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

    @Test
    void aBurstOfNinetySendsIsStoredWholeOnceAndInTheOrderWrittenAndNoneShowsAsNotSent() {
        page.startFresh();
        Api.User me = api.register("burst");
        Api.User bob = api.register("bob");
        String room = api.room(me, bob).toString();
        page.signIn(me.username(), "password-" + me.username());
        page.openChat(room, bob.username());

        // 90 messages typed and sent with Enter in one go, as fast as keys can be pressed: past the send limit's
        // burst and, with the reads and typing frames around them, near the connection's frame limit.
        List<String> written = IntStream.rangeClosed(1, 90).mapToObj(i -> "burst " + i).toList();
        List<CharSequence> keys = new ArrayList<>();
        for (String text : written) {
            keys.add(text);
            keys.add(Keys.ENTER);
        }
        page.byTestId("composer").sendKeys(keys.toArray(CharSequence[]::new));

        // Paced at ten a second after the first 20: some 8 s; a send left waiting for good never gets here.
        page.await(Duration.ofSeconds(40), "all 90 messages acknowledged",
                () -> page.bubbles().stream().filter(b -> b.seq() != null).count() == 90);
        assertThat(page.bubbles()).extracting(ChatPage.Bubble::text).as("the conversation, in the order written")
                .containsExactlyElementsOf(written);
        assertThat(page.bubbles()).as("bubbles shown as not sent").noneMatch(b -> "failed".equals(b.status()));
        assertThat(page.script("return document.querySelectorAll('[data-testid=retry]').length")).isEqualTo(0L);
        assertThat(api.get("/api/messages/?room_uuid=" + room + "&limit=200", bob.token()).json())
                .extracting(m -> m.get("content").asText()).as("what the server stored, in order")
                .containsExactlyElementsOf(written);
    }
}

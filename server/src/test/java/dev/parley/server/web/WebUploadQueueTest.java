package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.AttachmentClient;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web client's line of uploads against the server's upload limits, in one headless Chromium and a node of its
 * own that allows a burst of 2 uploads, then one every 5 s: four files picked at once wait their turn, the ones the
 * server refuses for a moment are tried again by themselves, and the message goes with all four without any Retry;
 * past the quota of files not sent the refusal is a failure with the server's words, and Retry takes it once room
 * was made.
 */
class WebUploadQueueTest {

    /** Every state an upload card showed (a waiting card with its words), each once. */
    private static final String WATCH = """
            window.seenUploads = [];
            const note = () => document.querySelectorAll('[data-testid=upload-item]').forEach((li) => {
              const state = li.dataset.status === 'waiting'
                ? `waiting: ${li.querySelector('[data-testid=upload-state]').textContent}` : li.dataset.status;
              if (!window.seenUploads.includes(state)) window.seenUploads.push(state);
            });
            new MutationObserver(note).observe(document.body,
              { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });""";

    private static final Duration ALL_UPLOADED = Duration.ofSeconds(40);

    private static Parley node;
    private static Api api;
    private static AttachmentClient files;
    private static ChromeDriver browser;
    private static ChatPage page;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startNodeAndBrowser() {
        node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.limits.uploads-burst", "2", "parley.limits.uploads-per-minute", "12"));
        URI base = URI.create("http://127.0.0.1:" + node.server().port());
        api = new Api(base);
        files = new AttachmentClient(base);
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

    @Test
    void fourFilesPickedPastTheBurstAllUploadWithoutARetryAndGoInOneMessage() throws IOException {
        Api.User alice = api.register("qalice");
        Api.User bob = api.register("qbob");
        UUID room = api.room(alice, bob);
        page.signIn(alice.username(), "password-" + alice.username());
        page.openChat(room.toString(), bob.username());
        List<String> names = List.of("one.txt", "two.txt", "three.txt", "four.txt");
        List<String> paths = new ArrayList<>();
        for (String name : names) {
            paths.add(Files.writeString(dir.resolve(name), "the file called " + name).toString());
        }
        page.script(WATCH);

        page.byTestId("attach-input").sendKeys(String.join("\n", paths));
        // Three run at once, the fourth waits its turn; the server takes two and refuses the others for a few seconds.
        page.await("a file waiting out the server's pause",
                () -> uploadTexts().contains("Too many uploads just now. Retrying soon…"));
        page.screenshot("web-uploads-waiting");
        assertThat(page.byTestId("send").isEnabled()).isFalse();
        page.byTestId("composer").sendKeys(Keys.ENTER);
        page.await("why nothing was sent", () -> page.visible("composer-hint")
                && page.text("composer-hint").equals("Wait for the files to finish uploading"));

        page.await(ALL_UPLOADED, "all four uploaded by themselves",
                () -> uploadStates().equals(List.of("done", "done", "done", "done")));
        page.type("All four");
        page.byTestId("composer").sendKeys(Keys.ENTER);

        page.await("bob's history holding the message", () -> lastMessage(room, bob) != null);
        JsonNode last = lastMessage(room, bob);
        assertThat(List.of(last.get("content").asText(), StreamSupport.stream(last.get("attachments").spliterator(), false)
                .map(a -> a.get("name").asText()).toList())).isEqualTo(List.of("All four", names));
        // Never a failure, so never a Retry to press.
        assertThat(strings("return window.seenUploads")).containsExactlyInAnyOrder("uploading",
                "waiting: Waiting…", "waiting: Too many uploads just now. Retrying soon…", "done");
    }

    @Test
    void pastTheQuotaOfFilesNotSentTheUploadFailsWithTheServersWordsAndGoesAfterRetry() throws Exception {
        Api.User alice = api.register("quotalice");
        Api.User bob = api.register("quotbob");
        UUID room = api.room(alice, bob);
        UUID first = files.uploaded(alice, room, "earlier.txt", new byte[] {1});
        // 49 more of alice's uploads not sent yet, written straight into the table: the quota (50) is full.
        try (var db = node.database().dataSource().getConnection(); var insert = db.prepareStatement("""
                INSERT INTO attachments (attachment_uuid, room_id, uploader_id, name, mime, size, sha256, blob_key)
                SELECT gen_random_uuid(), room_id, uploader_id, name, mime, size, sha256, blob_key
                FROM attachments, generate_series(1, 49) WHERE attachment_uuid = ?""")) {
            insert.setObject(1, first);
            insert.executeUpdate();
        }
        page.signIn(alice.username(), "password-" + alice.username());
        page.openChat(room.toString(), bob.username());

        page.byTestId("attach-input").sendKeys(Files.writeString(dir.resolve("late.txt"), "one too many").toString());

        page.await("the refusal", () -> uploadStates().equals(List.of("failed")));
        assertThat(page.text("upload-state")).isEqualTo("Too many files uploaded but not sent (at most 50 files or"
                + " 500 MiB): send or wait for them to expire.");
        page.screenshot("web-uploads-quota");
        removeCopiesOf(first);
        page.byTestId("upload-retry").click();
        page.await("the retried upload done", () -> uploadStates().equals(List.of("done")));
        page.byTestId("composer").sendKeys(Keys.ENTER);
        page.await("bob's history holding the message", () -> lastMessage(room, bob) != null);
        assertThat(lastMessage(room, bob).get("attachments").get(0).get("name").asText()).isEqualTo("late.txt");
    }

    private static void removeCopiesOf(UUID first) throws SQLException {
        try (var db = node.database().dataSource().getConnection(); var delete = db.prepareStatement("""
                DELETE FROM attachments WHERE uploader_id = (SELECT uploader_id FROM attachments
                  WHERE attachment_uuid = ?) AND attachment_uuid <> ? AND name = 'earlier.txt'""")) {
            delete.setObject(1, first);
            delete.setObject(2, first);
            delete.executeUpdate();
        }
    }

    /** The newest message of the room as {@code reader} reads it over REST, or null while there is none. */
    private static JsonNode lastMessage(UUID room, Api.User reader) {
        JsonNode history = api.get("/api/messages/?room_uuid=" + room, reader.token()).json();
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    private static List<String> uploadStates() {
        return strings("return [...document.querySelectorAll('[data-testid=upload-item]')].map((li) => li.dataset.status)");
    }

    private static List<String> uploadTexts() {
        return strings("return [...document.querySelectorAll('[data-testid=upload-item] [data-testid=upload-state]')]"
                + ".map((s) => s.textContent)");
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(String script) {
        return (List<String>) page.script(script);
    }
}

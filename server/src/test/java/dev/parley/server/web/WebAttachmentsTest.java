package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.AttachmentClient;
import dev.parley.server.TestServer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Photos and files in two real headless Chromium browsers against the shared node: alice picks a photo and a PDF with
 * the attach button's file input, bob sees the thumbnail (its box reserved from the view's size) and the document,
 * opens the viewer and downloads the PDF; an upload tried offline says so and goes after a retry; files dropped
 * on the conversation and pasted into the composer join the next message. Screenshots in light, dark and phone.
 */
class WebAttachmentsTest {

    // The smallest PDF a reader opens: a catalog, a page tree and one empty page.
    private static final String PDF = """
            %PDF-1.4
            1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
            2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
            3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj
            trailer<</Root 1 0 R>>
            %%EOF
            """;

    /** The photos and documents of every bubble, in order: what each side is checked against. */
    private static final String ATTACHMENTS = """
            return [...document.querySelectorAll(
                '[data-testid=message] [data-testid=attachments] :is([data-testid=photo], [data-testid=document])')].map((el) => {
              const img = el.querySelector('img');
              return el.dataset.testid === 'photo'
                ? { kind: 'photo', box: `${img.getAttribute('width')}x${img.getAttribute('height')}`,
                    loaded: img.complete ? `${img.naturalWidth}x${img.naturalHeight}` : 'no', alt: img.alt }
                : { kind: 'document', name: el.querySelector('[data-testid=document-name]').textContent,
                    meta: el.closest('.document-item').querySelector('[data-testid=document-meta]').textContent,
                    href: el.getAttribute('href'),
                    download: el.getAttribute('download') };
            });""";

    /** Fetches a URL as the page would (its cookie, its origin): status, type and the body in base64. */
    private static final String FETCH = """
            const done = arguments[arguments.length - 1];
            fetch(arguments[0]).then(async (r) => {
              const bytes = new Uint8Array(await r.arrayBuffer());
              let text = '';
              for (const b of bytes) text += String.fromCharCode(b);
              done({ status: r.status, type: r.headers.get('content-type'), body: btoa(text) });
            }).catch((e) => done({ error: String(e) }));""";

    /** The album of the first message with one: its photo count, the "+N", and where its tiles sit. */
    private static final String ALBUM = """
            const album = document.querySelector('[data-testid=album]');
            const tiles = [...album.querySelectorAll('[data-testid=photo]')].map((t) => t.getBoundingClientRect());
            return { count: album.dataset.count, more: album.querySelector('[data-testid=photo-more]').textContent,
              rows: tiles.map((r) => Math.round(r.top - tiles[0].top)),
              columns: tiles.map((r) => Math.round(r.left - tiles[0].left)) };""";

    /** Whether the upload tray's failed card lies within the tray's visible width. */
    private static final String IN_TRAY_VIEW = """
            const tray = document.querySelector('[data-testid=upload-tray]').getBoundingClientRect();
            const card = document.querySelector('[data-testid=upload-item][data-status=failed]').getBoundingClientRect();
            return card.left >= tray.left - 1 && card.right <= tray.right + 1;""";

    private static final Api api = Api.shared();
    private static ChromeDriver aliceBrowser;
    private static ChromeDriver bobBrowser;
    private static ChatPage alice;
    private static ChatPage bob;

    @TempDir
    static Path files;

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

    @Test
    void aPhotoAndAPdfReachBobAsAThumbnailAndADocumentHeOpensAndDownloads() throws Exception {
        Path photo = photo("lake.png", 640, 400);
        Path second = photo("pier.png", 400, 400);
        Path pdf = Files.writeString(files.resolve("boarding pass.pdf"), PDF, StandardCharsets.ISO_8859_1);
        String room = chatOfTwo("phalice", "phbob");

        alice.byTestId("attach-input").sendKeys(photo + "\n" + pdf + "\n" + second);
        alice.await("the files uploaded", () -> uploadStates(alice).equals(List.of("done", "done", "done")));
        alice.await("the photo's thumbnail in the preview", () -> Boolean.TRUE.equals(alice.script(
                "const i = document.querySelector('[data-testid=upload-thumb]'); return !!i && i.complete && i.naturalWidth === 480")));
        alice.type("The view, and the tickets");
        alice.screenshot("web-attachments-picked");
        alice.viewport(390, 844, true);
        alice.colorScheme("dark");
        alice.screenshot("web-attachments-picked-phone");
        alice.resetEmulation();
        alice.byTestId("composer").sendKeys(Keys.ENTER);
        assertThat(alice.visible("upload-tray")).isFalse();

        // Two photos side by side (an album of square tiles), then the document.
        Map<String, Object> shownPhoto = Map.of("kind", "photo", "box", "138x138", "loaded", "480x300", "alt", "lake.png");
        Map<String, Object> square = Map.of("kind", "photo", "box", "138x138", "loaded", "400x400", "alt", "pier.png");
        bob.awaitBubble("The view, and the tickets");
        bob.await("the photos loaded and the document",
                () -> List.of(shownPhoto, square, document(bob, pdf)).equals(attachments(bob)));
        alice.await("the same on alice's side once acked",
                () -> List.of(shownPhoto, square, document(alice, pdf)).equals(attachments(alice)));
        assertThat(bob.preview(room)).isEqualTo("📎 3 files The view, and the tickets");

        // The viewer: the full photo, Escape closes it and focus is back on the thumbnail.
        bob.byTestId("photo").click();
        bob.await("the full-size photo", () -> Boolean.TRUE.equals(bob.script(
                "const i = document.querySelector('[data-testid=viewer-image]'); return i.complete && i.naturalWidth === 640")));
        assertThat(viewerPhoto()).isEqualTo("lake.png");
        bob.screenshot("web-attachments-viewer");
        // As WhatsApp's viewer: who sent it and when, and its place among the chat's photos; the size on Download.
        assertThat(List.of(bob.text("viewer-sender"), bob.text("viewer-position"),
                bob.byTestId("viewer-download").getDomAttribute("title")))
                .isEqualTo(List.of(bob.text("conversation-title"), "1 of 2", "Download lake.png (5.5 KB)"));
        assertThat(bob.text("viewer-time")).matches("today at \\d{1,2}:\\d{2}.*");
        bob.driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        bob.await("the next photo", () -> "pier.png".equals(viewerPhoto()) && Boolean.TRUE.equals(bob.script(
                "const i = document.querySelector('[data-testid=viewer-image]'); return i.complete && i.naturalWidth === 400")));
        bob.driver.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
        bob.await("back to the first", () -> "lake.png".equals(viewerPhoto()));
        assertThat(bob.focused()).isEqualTo("viewer-close");
        bob.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        bob.await("the viewer closed", () -> !bob.visible("photo-viewer"));
        assertThat(bob.focused()).isEqualTo("photo");

        // The download: the very bytes alice sent, as a PDF.
        String href = (String) document(bob, pdf).get("href");
        @SuppressWarnings("unchecked")
        Map<String, Object> fetched = (Map<String, Object>) bobBrowser.executeAsyncScript(FETCH, href);
        assertThat(Map.of("status", fetched.get("status"), "type", fetched.get("type"),
                "body", new String(Base64.getDecoder().decode((String) fetched.get("body")), StandardCharsets.ISO_8859_1)))
                .isEqualTo(Map.of("status", 200L, "type", "application/pdf", "body", PDF));

        bob.script("document.activeElement.blur()");
        alice.script("document.activeElement.blur()");
        screenshots(bob, "web-attachments");
        screenshots(alice, "web-attachments-mine");

        // Opened at its own address (a new tab), the PDF shows in Chromium's PDF viewer: the sandboxing CSP the
        // server sends with every file leaves the viewer working (see the README's Attachments).
        bobBrowser.get(TestServer.http().resolve(href).toString());
        bob.await("Chromium's PDF viewer", () -> pdfViewerOpen(bobBrowser));
    }

    @Test
    void sixPhotosAndAPdfSentTogetherShowAsAnAlbumOfFourTilesWithPlusThreeAndADocumentRow() throws Exception {
        Api.User a = api.register("alalice");
        Api.User b = api.register("albob");
        UUID room = api.room(a, b);
        AttachmentClient client = AttachmentClient.shared();
        List<String> uploads = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            Path photo = photo("album" + i + ".png", 640, 400);
            uploads.add(client.uploaded(a, room, photo.getFileName().toString(), Files.readAllBytes(photo)).toString());
        }
        uploads.add(client.uploaded(a, room, "menu.pdf", PDF.getBytes(StandardCharsets.ISO_8859_1)).toString());
        assertThat(api.post("/api/messages/", a.token(), Map.of("room", room.toString(), "client_id", "album-1",
                "attachments", uploads)).status()).isEqualTo(201);
        bob.startFresh();
        bob.signIn(b.username(), "password-" + b.username());
        bob.openChat(room.toString(), a.username());

        List<Map<String, Object>> tiles = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            tiles.add(Map.of("kind", "photo", "box", "138x138", "loaded", "480x300", "alt", "album" + i + ".png"));
        }
        tiles.add(Map.of("kind", "document", "name", "menu.pdf", "meta", "PDF · " + PDF.length() + " bytes",
                "href", "/api/attachments/" + uploads.get(6), "download", "menu.pdf"));
        bob.await("an album of four tiles, then the document", () -> tiles.equals(attachments(bob)));
        assertThat(bob.script(ALBUM)).isEqualTo(Map.of("count", "6", "more", "+3",
                "rows", List.of(0L, 0L, 142L, 142L), "columns", List.of(0L, 142L, 0L, 142L)));
        bob.script("document.activeElement.blur()");
        bob.screenshot("web-attachments-album");

        // Each tile opens the viewer at its photo; "+3" at the fourth, and the viewer goes on to the sixth.
        albumTile(1).click();
        bob.await("the second photo in the viewer", () -> "album2.png".equals(viewerPhoto()));
        bob.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        bob.await("the viewer closed", () -> !bob.visible("photo-viewer"));
        albumTile(3).click();
        bob.await("the fourth photo in the viewer", () -> "album4.png".equals(viewerPhoto()));
        assertThat(bob.text("viewer-position")).isEqualTo("4 of 6");
        bob.driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        bob.driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        bob.await("on to the sixth, behind the +3", () -> "album6.png".equals(viewerPhoto()));
        bob.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        bob.await("the viewer closed", () -> !bob.visible("photo-viewer"));
        assertThat(bob.focused()).isEqualTo("photo");
    }

    /** The name of the photo the viewer shows (its image's alt text), or null while it shows none. */
    private static String viewerPhoto() {
        return (String) bob.script("return document.querySelector('[data-testid=viewer-image]')?.alt ?? null");
    }

    /** Where each bubble's time sits, in words, as the classification below tells it from the page's boxes. */
    private static final String TIME_PLACES = """
            return [...document.querySelectorAll('[data-testid=message]')].map((li) => {
              const metaEl = li.querySelector('.meta');
              const m = metaEl.getBoundingClientRect();
              const footer = [...li.querySelectorAll('.document-footer')].at(-1);
              const text = li.querySelector('[data-testid=message-text]');
              const photos = li.querySelector('[data-testid=album], [data-testid=attachments] > [data-testid=photo]');
              if (footer?.contains(metaEl)) {
                const size = footer.querySelector('[data-testid=document-meta]').getBoundingClientRect();
                return Math.abs((m.top + m.bottom) / 2 - (size.top + size.bottom) / 2) < 3 && m.left >= size.right
                  ? 'beside the document size' : 'under the document size';
              }
              if (text) {
                const t = text.getBoundingClientRect();
                if (m.top >= t.bottom - 2) return 'on a line of its own';
                return m.left >= t.right - 1 && Math.abs(m.bottom - t.bottom) <= 8 ? 'beside the text, at the bottom'
                  : 'at the top';
              }
              if (photos) {
                const p = photos.getBoundingClientRect();
                return m.top >= p.top && m.bottom <= p.bottom && m.right <= p.right ? 'over the photos' : 'under the photos';
              }
              return 'elsewhere';
            });""";

    @Test
    void theTimeSitsOverAnAlbumBesideADocumentsSizeAndAtTheBottomOfACaptionOrAnEmojiWithNoLineOfItsOwn()
            throws Exception {
        Api.User a = api.register("tmalice");
        Api.User b = api.register("tmbob");
        UUID room = api.room(a, b);
        Path pdf = Files.writeString(files.resolve("menu.pdf"), PDF, StandardCharsets.ISO_8859_1);
        List<Path> album = List.of(photo("t1.png", 320, 200), photo("t2.png", 320, 200), photo("t3.png", 320, 200));
        sendFiles(a, room, "", album);
        sendFiles(a, room, "", List.of(pdf));
        sendFiles(a, room, "", List.of(album.get(0), album.get(1), pdf));
        sendFiles(a, room, "Tonight's menu", List.of(pdf));
        postAsAClientWould(a, Map.of("room", room.toString(), "content", "\uD83D\uDE00", "client_id", "tm-emoji"));
        bob.startFresh();
        bob.signIn(b.username(), "password-" + b.username());
        bob.openChat(room.toString(), a.username());
        bob.await("the five messages, their photos loaded", () -> bob.bubbles().size() == 5 && Boolean.TRUE.equals(
                bob.script("return [...document.querySelectorAll('[data-testid=photo-thumbnail]')]"
                        + ".every((i) => i.complete && i.naturalWidth > 0)")));

        assertThat(bob.script(TIME_PLACES)).isEqualTo(List.of("over the photos", "beside the document size",
                "beside the document size", "beside the text, at the bottom", "beside the text, at the bottom"));
        bob.script("document.activeElement.blur()");
        bob.viewport(1280, 1400, false); // all five bubbles in one picture
        for (String theme : List.of("light", "dark")) {
            bob.colorScheme(theme);
            bob.screenshot("web-bubble-times-" + theme);
        }
        bob.resetEmulation();
    }

    /** Uploads the files as {@code from} and sends them as one message with this caption. */
    private static void sendFiles(Api.User from, UUID room, String caption, List<Path> paths)
            throws IOException, InterruptedException {
        List<String> uploads = new ArrayList<>();
        for (Path path : paths) {
            uploads.add(AttachmentClient.shared().uploaded(from, room, path.getFileName().toString(),
                    Files.readAllBytes(path)).toString());
        }
        postAsAClientWould(from, Map.of("room", room.toString(), "content", caption, "client_id",
                "files-" + uploads.getFirst(), "attachments", uploads));
    }

    @Test
    void aPortraitPhotoSentWithAPdfKeepsItsOwnWidthBesideTheWiderDocumentRow() throws Exception {
        Api.User a = api.register("pwalice");
        Api.User b = api.register("pwbob");
        UUID room = api.room(a, b);
        AttachmentClient client = AttachmentClient.shared();
        Path tall = photo("tall.png", 300, 400);
        List<String> uploads = List.of(
                client.uploaded(a, room, "tall.png", Files.readAllBytes(tall)).toString(),
                client.uploaded(a, room, "Boarding pass (3 pages).pdf", PDF.getBytes(StandardCharsets.ISO_8859_1))
                        .toString());
        postAsAClientWould(a, Map.of("room", room.toString(), "client_id", "portrait-pdf", "attachments", uploads));
        bob.startFresh();
        bob.signIn(b.username(), "password-" + b.username());
        bob.openChat(room.toString(), a.username());
        bob.await("the thumbnail loaded", () -> Boolean.TRUE.equals(bob.script(
                "const i = document.querySelector('[data-testid=photo] img'); return !!i && i.complete && i.naturalWidth === 300")));

        // The frame around the picture is the picture: no band of the loading placeholder's grey beside it, though
        // the document row under it makes the bubble wider.
        assertThat(bob.script("""
                const size = (el) => { const r = el.getBoundingClientRect(); return `${Math.round(r.width)}x${Math.round(r.height)}`; };
                const frame = document.querySelector('[data-testid=photo]');
                return { frame: size(frame), picture: size(frame.querySelector('img')),
                  documentWider: document.querySelector('[data-testid=document]').getBoundingClientRect().width
                    > frame.querySelector('img').getBoundingClientRect().width };"""))
                .isEqualTo(Map.of("frame", "210x280", "picture", "210x280", "documentWider", true));
        bob.script("document.activeElement.blur()");
        bob.screenshot("web-attachments-portrait-and-pdf");
    }

    private static WebElement albumTile(int index) {
        return bob.driver.findElements(By.cssSelector("[data-testid=album] [data-testid=photo]")).get(index);
    }

    @Test
    void theViewerGoesBackPastTheOldestLoadedPhotoByLoadingOlderHistory() throws Exception {
        Api.User a = api.register("vwalice");
        Api.User b = api.register("vwbob");
        UUID room = api.room(a, b);
        sendPhoto(a, room, photo("first.png", 320, 200), "the first one");
        for (int i = 1; i <= 60; i++) {
            postAsAClientWould(i % 2 == 0 ? a : b, Map.of("room", room.toString(), "content", "between " + i,
                    "client_id", "vw-" + i));
        }
        sendPhoto(a, room, photo("last.png", 200, 320), "the last one");
        bob.startFresh();
        bob.signIn(b.username(), "password-" + b.username());
        bob.openChat(room.toString(), a.username());
        bob.awaitBubble("the last one");
        assertThat(bob.script("return document.querySelectorAll('[data-testid=photo]').length")).as("one photo loaded")
                .isEqualTo(1L);

        bob.byTestId("photo").click();
        bob.await("the last photo in the viewer", () -> "last.png".equals(viewerPhoto()));
        assertThat(bob.visible("viewer-prev")).as("older history may hold photos").isTrue();
        assertThat(bob.text("viewer-position")).as("no count while older photos may be unknown").isEmpty();
        bob.driver.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
        bob.await("the first photo, from the older history", () -> "first.png".equals(viewerPhoto())
                && Boolean.TRUE.equals(bob.script(
                        "const i = document.querySelector('[data-testid=viewer-image]'); return i.complete && i.naturalWidth === 320")));
        assertThat(bob.text("viewer-position")).isEqualTo("1 of 2");
        assertThat(bob.visible("viewer-prev")).as("the chat's first photo").isFalse();
        bob.driver.switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
        bob.await("forward to the last again", () -> "last.png".equals(viewerPhoto()));
        bob.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        bob.await("the viewer closed", () -> !bob.visible("photo-viewer"));
    }

    @Test
    void aFailedUploadScrolledOutOfTheTrayComesIntoViewAndEnterTakesTheKeyboardToItsRetry() throws Exception {
        chatOfTwo("tralice", "trbob");
        // The server refuses the upload of broken.txt (to a room that does not exist: 404), and only that one.
        alice.script("""
                const open = XMLHttpRequest.prototype.open;
                XMLHttpRequest.prototype.open = function (method, url, ...rest) {
                  const target = url.includes('filename=broken.txt')
                    ? url.replace(/room_uuid=[^&]+/, 'room_uuid=00000000-0000-0000-0000-000000000000') : url;
                  return open.call(this, method, target, ...rest);
                };
                window.restoreUploads = () => { XMLHttpRequest.prototype.open = open; };""");
        List<String> names = List.of("one.txt", "two.txt", "three.txt", "four.txt", "five.txt", "broken.txt");
        StringBuilder picked = new StringBuilder();
        for (String name : names) {
            picked.append(picked.isEmpty() ? "" : "\n").append(Files.writeString(files.resolve(name), "notes in " + name));
        }
        alice.byTestId("attach-input").sendKeys(picked.toString());
        alice.await("five uploaded and one refused",
                () -> uploadStates(alice).equals(List.of("done", "done", "done", "done", "done", "failed")));
        alice.await("the failed card scrolled into the tray's view", () -> Boolean.TRUE.equals(alice.script(IN_TRAY_VIEW)));
        alice.screenshot("web-attachments-tray-failed");

        alice.byTestId("composer").sendKeys(Keys.ENTER);
        assertThat(alice.text("composer-hint")).isEqualTo("Retry or remove the files that could not be uploaded");
        assertThat(alice.focused()).isEqualTo("upload-retry");
        assertThat(alice.script("return document.activeElement.getAttribute('aria-label')"))
                .isEqualTo("Retry uploading broken.txt");

        alice.script("window.restoreUploads()");
        alice.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        alice.await("the retried upload done", () -> uploadStates(alice).equals(Collections.nCopies(6, "done")));
        assertThat(alice.focused()).as("the keyboard stays on the card").isEqualTo("upload-remove");
    }

    @Test
    void aPhotoUploadedWhileOfflineSaysSoAndIsSentAloneAfterARetry() throws Exception {
        Path photo = photo("sunset.png", 300, 500);
        chatOfTwo("offalice", "offbob");
        // The browser says it is offline: the upload fails at once and says why, nothing is queued out of sight.
        alice.script("Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false })");
        alice.byTestId("attach-input").sendKeys(photo.toString());
        alice.await("the upload failed", () -> uploadStates(alice).equals(List.of("failed")));
        assertThat(alice.text("upload-state")).isEqualTo("You're offline. Uploads need a connection.");
        alice.byTestId("composer").sendKeys(Keys.ENTER);
        alice.await("why nothing was sent", () -> alice.visible("composer-hint")
                && alice.text("composer-hint").equals("Retry or remove the files that could not be uploaded"));

        alice.script("delete navigator.onLine");
        alice.byTestId("upload-retry").click();
        alice.await("the retried upload done", () -> uploadStates(alice).equals(List.of("done")));
        alice.byTestId("composer").sendKeys(Keys.ENTER);
        bob.await("the portrait photo, without a caption", () -> attachments(bob).equals(List.of(
                Map.of("kind", "photo", "box", "168x280", "loaded", "288x480", "alt", "sunset.png"))));
        assertThat(bob.preview(alice.openRoom())).isEqualTo("📷 Photo");
        bob.script("document.activeElement.blur()");
        bob.screenshot("web-attachments-portrait");
    }

    @Test
    void aFileDroppedOnTheConversationAndOnePastedIntoTheComposerGoTogether() {
        String room = chatOfTwo("dropalice", "dropbob");
        // What the browser hands the page for a drop from the desktop and for a paste: a DataTransfer of Files.
        alice.script("""
                const files = (name, text) => { const t = new DataTransfer(); t.items.add(new File([text], name,
                  { type: 'text/plain' })); return t; };
                const area = document.querySelector('[data-testid=conversation]');
                const dropped = files('notes.txt', 'Meet at the north gate');
                area.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dropped, bubbles: true, cancelable: true }));
                area.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
                document.querySelector('[data-testid=composer]').dispatchEvent(new ClipboardEvent('paste',
                  { clipboardData: files('list.csv', 'a,b'), bubbles: true, cancelable: true }));""");
        alice.await("both uploaded", () -> uploadStates(alice).equals(List.of("done", "done")));
        assertThat(alice.script("return document.querySelector('[data-testid=conversation]').classList.contains('dragging-files')"))
                .isEqualTo(false);
        alice.byTestId("composer").sendKeys(Keys.ENTER);

        bob.await("two documents", () -> attachments(bob).stream().map(a -> a.get("name") + " " + a.get("meta")).toList()
                .equals(List.of("notes.txt TXT · 22 bytes", "list.csv CSV · 3 bytes")));
        assertThat(bob.preview(room)).isEqualTo("📎 2 files");
    }

    /**
     * Whether the tab shows a PDF in Chromium's own viewer: its document is the PDF and the viewer (a built-in
     * extension) is running as a frame inside it. The viewer lives out of the page's DOM, so the browser's list of
     * targets says so.
     */
    private static boolean pdfViewerOpen(ChromeDriver browser) {
        if (!"application/pdf".equals(browser.executeScript("return document.contentType"))) {
            return false;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) browser
                .executeCdpCommand("Target.getTargets", Map.of()).get("targetInfos");
        return targets.stream().anyMatch(t -> "iframe".equals(t.get("type"))
                && String.valueOf(t.get("url")).startsWith("chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"));
    }

    private static void screenshots(ChatPage page, String name) {
        page.screenshot(name + "-light");
        page.colorScheme("dark");
        page.screenshot(name + "-dark");
        page.viewport(390, 844, true);
        page.await(Duration.ofSeconds(5), "the phone layout", () -> page.visible("back"));
        page.screenshot(name + "-phone");
        page.resetEmulation();
    }

    private static List<String> uploadStates(ChatPage page) {
        @SuppressWarnings("unchecked")
        List<String> states = (List<String>) page.script(
                "return [...document.querySelectorAll('[data-testid=upload-item]')].map((li) => li.dataset.status)");
        return states;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attachments(ChatPage page) {
        return (List<Map<String, Object>>) page.script(ATTACHMENTS);
    }

    /** The PDF's document bubble as the page shows it (its href from the page: the uuid is the server's). */
    private static Map<String, Object> document(ChatPage page, Path pdf) {
        Object href = page.script("return document.querySelector('[data-testid=document]')?.getAttribute('href') ?? ''");
        return Map.of("kind", "document", "name", pdf.getFileName().toString(), "meta", "PDF · " + PDF.length() + " bytes",
                "href", href, "download", pdf.getFileName().toString());
    }

    /** A PNG of a lake at dusk, {@code width} x {@code height}, written to the temp folder. */
    private static Path photo(String name, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x2b5876), 0, height * 0.6f, new Color(0xf4a261)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0xffe8a3));
        g.fillOval(width / 2 - width / 10, (int) (height * 0.42), width / 5, width / 5);
        g.setPaint(new GradientPaint(0, height * 0.6f, new Color(0x264653), 0, height, new Color(0x1d3557)));
        g.fillRect(0, (int) (height * 0.6), width, height);
        g.setColor(new Color(0x1b2a2f));
        g.fillPolygon(new int[] {0, width / 3, width / 2, 0}, new int[] {(int) (height * 0.6), (int) (height * 0.38),
            (int) (height * 0.6), (int) (height * 0.6)}, 4);
        g.dispose();
        Path file = files.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /**
     * Sends a message through the REST API, past the send limit's burst as a client does: a 429 is retried (same
     * client_id) once its {@code Retry-After} has passed.
     */
    private static void postAsAClientWould(Api.User from, Map<String, Object> message) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Api.Response sent = api.post("/api/messages/", from.token(), message);
            if (sent.status() != 429) {
                assertThat(sent.status()).as(sent.body()).isEqualTo(201);
                return;
            }
            long seconds = sent.headers().firstValueAsLong("Retry-After").orElse(1);
            Thread.sleep(Duration.ofSeconds(Math.max(1, seconds)).toMillis()); // the server's own pacing
        }
        throw new AssertionError("still rate-limited after 20 tries: " + message);
    }

    /** {@code from} sends {@code photo} to {@code room} with a caption, through the REST API. */
    private static void sendPhoto(Api.User from, UUID room, Path photo, String caption)
            throws IOException, InterruptedException {
        UUID uploaded = AttachmentClient.shared().uploaded(from, room, photo.getFileName().toString(),
                Files.readAllBytes(photo));
        postAsAClientWould(from, Map.of("room", room.toString(), "content", caption, "client_id", "photo-" + uploaded,
                "attachments", List.of(uploaded.toString())));
    }

    /** Fresh alice and bob with a chat, signed in, both with it open; the room's uuid. */
    private static String chatOfTwo(String alicePrefix, String bobPrefix) {
        alice.startFresh();
        bob.startFresh();
        Api.User a = api.register(alicePrefix);
        Api.User b = api.register(bobPrefix);
        String room = api.room(a, b).toString();
        alice.signIn(a.username(), "password-" + a.username());
        bob.signIn(b.username(), "password-" + b.username());
        alice.openChat(room, b.username());
        bob.openChat(room, a.username());
        return room;
    }
}

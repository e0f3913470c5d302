package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Uploads and downloads on the shared node: what is stored (type sniffed from the bytes, thumbnails with EXIF
 * orientation applied, hostile images kept as plain files), the limits (size answered 413 while streaming, rate,
 * pending quota), who may upload and download, and how files are served (never as HTML, ranges).
 */
class AttachmentsTest {

    private final Api api = Api.shared();
    private final AttachmentClient files = AttachmentClient.shared();

    @Test
    void aPngNamedExeIsStoredAsAPngWithItsSizeAndAThumbnail() {
        Api.User alice = api.register("att_png");
        UUID room = api.room(alice, api.register("att_png_b"));

        Api.Response response = files.upload(alice, room, "setup.exe", "application/x-msdownload",
                TestImages.png(TestImages.halves(600, 300)));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("mime").asText()).isEqualTo("image/png");
        assertThat(response.json().get("name").asText()).isEqualTo("setup.exe");
        assertThat(response.json().get("width").asInt()).isEqualTo(600);
        assertThat(response.json().get("height").asInt()).isEqualTo(300);
        assertThat(response.json().get("thumbnail").asBoolean()).isTrue();
        UUID uuid = UUID.fromString(response.json().get("attachment_uuid").asText());
        HttpResponse<byte[]> thumbnail = files.thumbnail(uuid, alice);
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(image(thumbnail.body())).extracting(BufferedImage::getWidth, BufferedImage::getHeight)
                .containsExactly(480, 240);
    }

    @Test
    void anHtmlUploadIsServedAsADownloadThatNoBrowserRuns() {
        Api.User alice = api.register("att_html");
        UUID room = api.room(alice, api.register("att_html_b"));
        byte[] page = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);

        Api.Response uploaded = files.upload(alice, room, "cat.jpg", "image/jpeg", page);
        HttpResponse<byte[]> served = files.download(id(uploaded), alice);

        assertThat(uploaded.json().get("mime").asText()).isEqualTo("text/html");
        assertThat(uploaded.json().get("thumbnail").asBoolean()).isFalse();
        assertThat(uploaded.json().has("width")).isFalse();
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(served.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(served.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox")
                .contains("default-src 'none'");
        assertThat(served.headers().firstValue("Cache-Control").orElseThrow()).startsWith("private");
        assertThat(served.body()).isEqualTo(page);
    }

    @Test
    void anImageIsServedInlineWithLengthAndETagAndRevalidatesTo304() {
        Api.User alice = api.register("att_inline");
        UUID room = api.room(alice, api.register("att_inline_b"));
        byte[] png = TestImages.png(TestImages.halves(40, 20));
        UUID uuid = files.uploaded(alice, room, "x\u202Egnp.exe", png);

        HttpResponse<byte[]> served = files.download(uuid, alice);
        HttpResponse<byte[]> again = files.download(uuid, alice, "If-None-Match",
                served.headers().firstValue("ETag").orElseThrow());

        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("Content-Length")).hasValue(Integer.toString(png.length));
        assertThat(served.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("inline; filename=\"xgnp.exe\"; filename*=UTF-8''xgnp.exe"); // the bidi override is gone
        assertThat(served.body()).isEqualTo(png);
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void rangeRequestsServePartsAndRefuseRangesPastTheEnd() {
        Api.User alice = api.register("att_range");
        UUID room = api.room(alice, api.register("att_range_b"));
        byte[] data = new byte[100_000];
        new java.util.Random(7).nextBytes(data);
        UUID uuid = files.uploaded(alice, room, "data.bin", data);
        String etag = files.download(uuid, alice).headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> middle = files.download(uuid, alice, "Range", "bytes=1000-1999");
        HttpResponse<byte[]> tail = files.download(uuid, alice, "Range", "bytes=-500");
        HttpResponse<byte[]> open = files.download(uuid, alice, "Range", "bytes=99990-");
        HttpResponse<byte[]> past = files.download(uuid, alice, "Range", "bytes=100000-");
        HttpResponse<byte[]> stale = files.download(uuid, alice, "Range", "bytes=0-9", "If-Range", "\"other\"");
        HttpResponse<byte[]> current = files.download(uuid, alice, "Range", "bytes=0-9", "If-Range", etag);

        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/100000");
        assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 2000));
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 99_500, 100_000));
        assertThat(open.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 99_990, 100_000));
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */100000");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(100_000);
        assertThat(current.statusCode()).isEqualTo(206);
    }

    @Test
    void thumbnailsFollowExifOrientationSixAndEight() {
        Api.User alice = api.register("att_exif");
        UUID room = api.room(alice, api.register("att_exif_b"));
        BufferedImage stored = TestImages.halves(800, 400); // left red, right blue, as stored by the camera

        Api.Response six = files.upload(alice, room, "six.jpg", "image/jpeg",
                TestImages.jpegWithOrientation(stored, 6));
        Api.Response eight = files.upload(alice, room, "eight.jpg", "image/jpeg",
                TestImages.jpegWithOrientation(stored, 8));
        BufferedImage sixThumb = image(files.thumbnail(id(six), alice).body());
        BufferedImage eightThumb = image(files.thumbnail(id(eight), alice).body());

        // Shown turned: portrait, 400x800, thumbnail 240x480.
        assertThat(six.json().get("width").asInt()).isEqualTo(400);
        assertThat(six.json().get("height").asInt()).isEqualTo(800);
        assertThat(sixThumb.getWidth()).isEqualTo(240);
        assertThat(sixThumb.getHeight()).isEqualTo(480);
        // 6 turns the picture clockwise: its left (red) comes on top; 8 counter-clockwise: red at the bottom.
        assertThat(colour(sixThumb, 120, 60)).isEqualTo("red");
        assertThat(colour(sixThumb, 120, 420)).isEqualTo("blue");
        assertThat(colour(eightThumb, 120, 60)).isEqualTo("blue");
        assertThat(colour(eightThumb, 120, 420)).isEqualTo("red");
    }

    @Test
    void aThumbnailCarriesNoMetadataWhileTheOriginalIsKeptAsUploaded() throws IOException {
        Api.User alice = api.register("att_meta");
        UUID room = api.room(alice, api.register("att_meta_b"));
        byte[] original = TestImages.jpegWithOrientation(TestImages.halves(300, 200), 6);

        UUID uuid = id(files.upload(alice, room, "p.jpg", "image/jpeg", original));
        byte[] thumbnail = files.thumbnail(uuid, alice).body();

        assertThat(files.download(uuid, alice).body()).isEqualTo(original);
        assertThat(new String(thumbnail, StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
    }

    @Test
    void aDecompressionBombIsStoredAsAPlainFileWithoutThumbnail() {
        Api.User alice = api.register("att_bomb");
        UUID room = api.room(alice, api.register("att_bomb_b"));
        byte[] bomb = TestImages.pngBomb(60_000); // 3.6 gigapixels declared, a few KiB on the wire

        long started = System.nanoTime();
        Api.Response response = files.upload(alice, room, "bomb.png", "image/png", bomb);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("mime").asText()).isEqualTo("image/png");
        assertThat(response.json().get("thumbnail").asBoolean()).isFalse();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(5));
        assertThat(files.thumbnail(id(response), alice).statusCode()).isEqualTo(404);
        assertThat(files.download(id(response), alice).body()).isEqualTo(bomb);
    }

    @Test
    void aTruncatedImageIsStoredWithoutThumbnail() {
        Api.User alice = api.register("att_trunc");
        UUID room = api.room(alice, api.register("att_trunc_b"));
        byte[] png = TestImages.png(TestImages.halves(500, 500));

        Api.Response response = files.upload(alice, room, "cut.png", "image/png", TestImages.truncated(png, 60));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("thumbnail").asBoolean()).isFalse();
    }

    @Test
    void aFileOfSeveralMebibytesIsStoredWholeThoughFlushedToDiskAsItArrives() {
        Api.User alice = api.register("att_flush");
        Api.User bob = api.register("att_flush_b");
        UUID room = api.room(alice, bob);
        // Past three of the store's 1 MiB flushes, ending mid-chunk.
        byte[] file = new byte[3 * 1024 * 1024 + 12_345];
        new java.util.Random(7).nextBytes(file);

        Api.Response response = files.upload(alice, room, "archive.bin", "application/octet-stream", file);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("size").asLong()).isEqualTo(file.length);
        assertThat(files.download(id(response), alice).body()).isEqualTo(file);
    }

    @Test
    void aFileOverTheLimitIsRefusedWhileItStreams() {
        Api.User alice = api.register("att_big");
        UUID room = api.room(alice, api.register("att_big_b"));
        long limit = 25L * 1024 * 1024;
        // No Content-Length (chunked): the server can only count, and answers once it passed the limit.
        InputStream endless = new InputStream() {
            private long sent;

            @Override
            public int read() {
                return sent++ < 4 * limit ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= 4 * limit) {
                    return -1;
                }
                int n = (int) Math.min(len, 4 * limit - sent);
                sent += n;
                return n;
            }
        };

        Api.Response chunked = api.send(api.request("/api/attachments/?room_uuid=" + room, alice.token())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)));
        String declared = statusLine("POST /api/attachments/?room_uuid=" + room + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + alice.token() + "\r\nContent-Length: " + (limit + 1) + "\r\n\r\n");

        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.json().get("error").asText()).isEqualTo("too_large");
        assertThat(declared).startsWith("HTTP/1.1 413"); // answered before a byte of the body was sent
    }

    @Test
    void aMultipartUploadWithOneFilePartIsAccepted() {
        Api.User alice = api.register("att_multi");
        UUID room = api.room(alice, api.register("att_multi_b"));
        byte[] pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
        String boundary = "----parley" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhello\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ticket.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(pdf);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        Api.Response response = api.send(api.request("/api/attachments/?room_uuid=" + room, alice.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("name").asText()).isEqualTo("ticket.pdf");
        assertThat(response.json().get("mime").asText()).isEqualTo("application/pdf");
        assertThat(response.json().get("size").asLong()).isEqualTo(pdf.length);
        assertThat(files.download(id(response), alice).headers().firstValue("Content-Type"))
                .hasValue("application/pdf");
    }

    @Test
    void aUtf8NameInTheXFilenameHeaderIsPercentDecoded() {
        Api.User alice = api.register("att_name");
        UUID room = api.room(alice, api.register("att_name_b"));

        Api.Response response = api.send(api.request("/api/attachments/?room_uuid=" + room, alice.token())
                .header("X-Filename", "R%C3%A9sum%C3%A9%20final.txt")
                .POST(HttpRequest.BodyPublishers.ofString("plain words")));

        assertThat(response.json().get("name").asText()).isEqualTo("Résumé final.txt");
        assertThat(response.json().get("mime").asText()).isEqualTo("text/plain");
    }

    @Test
    void onlyMembersUploadToARoom() {
        Api.User alice = api.register("att_mem");
        UUID room = api.room(alice, api.register("att_mem_b"));
        Api.User stranger = api.register("att_mem_s");

        Api.Response response = files.upload(stranger, room, "a.txt", "text/plain", new byte[] {1});
        Api.Response anonymous = api.send(api.request("/api/attachments/?room_uuid=" + room, null)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})));

        assertThat(response.status()).isEqualTo(404);
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void anUnsentUploadIsItsUploadersAlone() {
        Api.User alice = api.register("att_own");
        Api.User bob = api.register("att_own_b");
        UUID room = api.room(alice, bob);

        UUID uuid = files.uploaded(alice, room, "a.txt", "mine".getBytes(StandardCharsets.UTF_8));

        assertThat(files.download(uuid, alice).statusCode()).isEqualTo(200);
        assertThat(files.download(uuid, bob).statusCode()).isEqualTo(404);
        assertThat(files.download(uuid, api.register("att_own_s")).statusCode()).isEqualTo(404);
        assertThat(files.download(UUID.randomUUID(), alice).statusCode()).isEqualTo(404);
        assertThat(files.get("/api/attachments/not-a-uuid", alice).statusCode()).isEqualTo(404);
        assertThat(files.download(uuid, null).statusCode()).isEqualTo(401);
    }

    @Test
    void uploadsAreRateLimitedPerUser() {
        Api.User alice = api.register("att_rate");
        UUID room = api.room(alice, api.register("att_rate_b"));

        int refusedAt = -1;
        for (int i = 1; i <= 31 && refusedAt < 0; i++) {
            if (files.upload(alice, room, "f.txt", "text/plain", new byte[] {(byte) i}).status() == 429) {
                refusedAt = i;
            }
        }

        assertThat(refusedAt).isEqualTo(31); // a burst of 30, then 60 a minute
    }

    @Test
    void pendingUploadsHaveAQuota() throws Exception {
        Api.User alice = api.register("att_quota");
        UUID room = api.room(alice, api.register("att_quota_b"));
        UUID first = files.uploaded(alice, room, "f.txt", new byte[] {1});
        // 49 more pending uploads of alice's, written straight into the table (cheaper than uploading them).
        try (var db = TestServer.dataSource().getConnection(); var insert = db.prepareStatement("""
                INSERT INTO attachments (attachment_uuid, room_id, uploader_id, name, mime, size, sha256, blob_key)
                SELECT gen_random_uuid(), room_id, uploader_id, name, mime, size, sha256, blob_key
                FROM attachments, generate_series(1, 49) WHERE attachment_uuid = ?""")) {
            insert.setObject(1, first);
            insert.executeUpdate();
        }

        Api.Response refused = files.upload(alice, room, "g.txt", "text/plain", new byte[] {2});

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("message").asText()).contains("not sent");
    }

    @Test
    void theLimitsAreServedToClients() {
        JsonNode limits = api.get("/api/limits/", api.register("att_lim").token()).json();

        assertThat(limits.get("max_attachment_bytes").asLong()).isEqualTo(25L * 1024 * 1024);
        assertThat(limits.get("max_attachments_per_message").asInt()).isEqualTo(10);
    }

    /** Sends raw request headers (no body) and reads the status line of the answer. */
    private static String statusLine(String request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", TestServer.http().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static UUID id(Api.Response uploaded) {
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        return UUID.fromString(uploaded.json().get("attachment_uuid").asText());
    }

    private static BufferedImage image(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** "red", "blue" or "other" at (x, y): JPEG blurs colours, so only clear ones count. */
    private static String colour(BufferedImage image, int x, int y) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        int b = rgb & 0xFF;
        return r > 180 && b < 80 ? "red" : b > 180 && r < 80 ? "blue" : "other";
    }
}

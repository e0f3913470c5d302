package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.blob.S3BlobStore;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 blob store against a real S3 API: s3proxy in this JVM on a free port, keeping its objects in a directory,
 * and a Parley node configured for it by configuration alone (signed requests, path-style, the bucket created at
 * start). The node also moves file bytes under a budget of 2 MiB/s (uploads and downloads together).
 */
class S3AttachmentsTest {

    private static final String ACCESS = "parley-access";
    private static final String SECRET = "parley-secret-key";
    private static S3Proxy s3;
    private static BlobStoreContext objects;
    private static Parley node;
    private static Api api;
    private static AttachmentClient files;
    private static Path bucketDir;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "s3proxy-");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        objects = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
        s3 = S3Proxy.builder().blobStore(objects.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        s3.start();
        Eventually.await(java.time.Duration.ofSeconds(10), "s3proxy started", () -> "STARTED".equals(s3.getState()));
        bucketDir = dir.resolve("parley-blobs");
        node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.blobs.store", "s3",
                "parley.blobs.s3.endpoint", "http://127.0.0.1:" + s3.getPort(),
                "parley.blobs.s3.bucket", "parley-blobs",
                "parley.blobs.s3.prefix", "node-a",
                "parley.blobs.s3.access-key", ACCESS,
                "parley.blobs.s3.secret-key", SECRET,
                "parley.attachments.transfer-mb-per-s", "2"));
        URI base = URI.create("http://127.0.0.1:" + node.server().port());
        api = new Api(base);
        files = new AttachmentClient(base);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (s3 != null) {
            s3.stop();
        }
        if (objects != null) {
            objects.close();
        }
    }

    @Test
    void anUploadIsStoredInTheBucketAndServedWholeAndInRanges() throws Exception {
        Api.User alice = api.register("s3_a");
        Api.User bob = api.register("s3_b");
        UUID room = api.room(alice, bob);
        byte[] photo = TestImages.jpegWithOrientation(TestImages.halves(640, 320), 6);

        Api.Response uploaded = files.upload(alice, room, "photo.jpg", "image/jpeg", photo);
        UUID uuid = UUID.fromString(uploaded.json().get("attachment_uuid").asText());
        Api.Response sent = api.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                "attachments", java.util.List.of(uuid.toString())));
        HttpResponse<byte[]> whole = files.download(uuid, bob);
        HttpResponse<byte[]> part = files.download(uuid, bob, "Range", "bytes=2-9");
        HttpResponse<byte[]> thumbnail = files.thumbnail(uuid, bob);

        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(uploaded.json().get("width").asInt()).isEqualTo(320);
        assertThat(sent.status()).isEqualTo(201);
        assertThat(whole.body()).isEqualTo(photo);
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(photo, 2, 10));
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        try (var objectsUnderPrefix = Files.walk(bucketDir.resolve("node-a"))) {
            assertThat(objectsUnderPrefix.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .contains(uuid.toString(), uuid + ".thumb");
        }
    }

    @Test
    void underTheNodesTransferBudgetAFileLargerThanOneBurstMovesWholeBothWays() throws Exception {
        Api.User alice = api.register("s3_budget_a");
        Api.User bob = api.register("s3_budget_b");
        UUID room = api.room(alice, bob);
        byte[] file = new byte[600 * 1024]; // three times the budget's burst (a tenth of a second's 2 MiB)
        new java.util.Random(7).nextBytes(file);

        Api.Response uploaded = files.upload(alice, room, "data.bin", "application/octet-stream", file);
        UUID uuid = UUID.fromString(uploaded.json().get("attachment_uuid").asText());
        api.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                "attachments", java.util.List.of(uuid.toString())));
        HttpResponse<byte[]> whole = files.download(uuid, bob);

        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(uploaded.json().get("size").asLong()).isEqualTo(file.length);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(file);
    }

    @Test
    void aStoreWhoseCredentialsAreRefusedStopsTheNodeNamingTheSettingsToCheck() throws Exception {
        String endpoint = "http://127.0.0.1:" + s3.getPort();
        S3BlobStore store = new S3BlobStore(new S3BlobStore.Settings(endpoint, "us-east-1", "parley-blobs", ACCESS,
                "not-the-secret-key", true, ""), Files.createTempDirectory(Path.of("target").toAbsolutePath(), "spool-"));

        assertThatThrownBy(store::createBucketIfMissing)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The S3 blob store cannot use bucket 'parley-blobs' at " + endpoint
                        + " (check PARLEY_BLOBS_S3_ENDPOINT, PARLEY_BLOBS_S3_BUCKET, PARLEY_BLOBS_S3_ACCESS_dash_KEY and "
                        + "PARLEY_BLOBS_S3_SECRET_dash_KEY): ");
    }

    @Test
    void theStorePutsReadsRangesAndDeletesObjects() throws Exception {
        try (S3BlobStore store = new S3BlobStore(new S3BlobStore.Settings("http://127.0.0.1:" + s3.getPort(),
                "us-east-1", "direct-test", ACCESS, SECRET, true, ""), Files.createTempDirectory(
                Path.of("target").toAbsolutePath(), "spool-")).createBucketIfMissing()) {
            Path file = Files.createTempFile(store.spoolDirectory(), "f", ".part");
            Files.writeString(file, "0123456789");

            store.put("ab/cd/object", file, "text/plain");

            assertThat(file).doesNotExist();
            assertThat(store.exists("ab/cd/object")).isTrue();
            try (var in = store.open("ab/cd/object", 3, 4)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
            }
            store.delete("ab/cd/object");
            assertThat(store.exists("ab/cd/object")).isFalse();
            store.delete("ab/cd/object"); // nothing there: no error
        }
    }
}

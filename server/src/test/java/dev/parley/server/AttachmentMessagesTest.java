package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientFrame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Messages that carry attachments, on the shared node: every view of the message shows them (ack, live frame, sync,
 * history, the chat list), sending binds them once (a resend is idempotent, a second message gets 409), members who
 * can see the message may download them, and deleting the message for everyone, or never sending an upload, has the
 * cleanup remove rows and blobs.
 */
class AttachmentMessagesTest {

    private static final AtomicInteger IDS = new AtomicInteger();
    private final Api api = Api.shared();
    private final AttachmentClient files = AttachmentClient.shared();

    @Test
    void aPhotoWithACaptionReachesEveryViewOfTheMessage() {
        Api.User alice = api.register("am_views");
        Api.User bob = api.register("am_views_b");
        UUID room = api.room(alice, bob);
        UUID photo = files.uploaded(alice, room, "beach.jpg", TestImages.jpeg(TestImages.halves(960, 480)));
        UUID pdf = files.uploaded(alice, room, "ticket.pdf", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8));
        try (WsClient a = WsClient.connect(alice); WsClient b = WsClient.connect(bob)) {
            JsonNode ack = ack(a, new ClientFrame.Send(room, "Look!", "c-" + IDS.incrementAndGet(), null,
                    List.of(photo, pdf)));
            JsonNode live = b.await("message").get("message");
            JsonNode history = last(api.get("/api/messages/?room_uuid=" + room, bob.token()).json());
            JsonNode preview = api.get("/api/rooms/" + room + "/", bob.token()).json().get("last_message");
            JsonNode synced;
            try (WsClient later = WsClient.connect(bob)) { // a device that missed it
                later.send(new ClientFrame.Sync(Map.of(room, 0L)));
                synced = later.await("message").get("message");
            }

            for (JsonNode view : List.of(ack, live, history, preview, synced)) {
                assertThat(view.get("content").asText()).isEqualTo("Look!");
                JsonNode attachments = view.get("attachments");
                assertThat(attachments).hasSize(2);
                assertThat(attachments.get(0).get("attachment_uuid").asText()).isEqualTo(photo.toString());
                assertThat(attachments.get(0).get("name").asText()).isEqualTo("beach.jpg");
                assertThat(attachments.get(0).get("mime").asText()).isEqualTo("image/jpeg");
                assertThat(attachments.get(0).get("width").asInt()).isEqualTo(960);
                assertThat(attachments.get(0).get("height").asInt()).isEqualTo(480);
                assertThat(attachments.get(0).get("url").asText()).isEqualTo("/api/attachments/" + photo);
                assertThat(attachments.get(0).get("thumbnail_url").asText())
                        .isEqualTo("/api/attachments/" + photo + "/thumbnail");
                assertThat(attachments.get(1).get("mime").asText()).isEqualTo("application/pdf");
                assertThat(attachments.get(1).get("width").isNull()).isTrue();
                assertThat(attachments.get(1).get("thumbnail_url").isNull()).isTrue();
            }
            assertThat(files.download(photo, bob).statusCode()).isEqualTo(200);
            assertThat(files.thumbnail(photo, bob).statusCode()).isEqualTo(200);
            assertThat(files.download(pdf, bob).statusCode()).isEqualTo(200);
            assertThat(files.download(photo, api.register("am_views_s")).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aRestSendNeedsNoCaptionAndATextMessageShowsNoAttachments() {
        Api.User alice = api.register("am_rest");
        UUID room = api.room(alice, api.register("am_rest_b"));
        UUID file = files.uploaded(alice, room, "notes.txt", "notes".getBytes(StandardCharsets.UTF_8));

        Api.Response sent = api.post("/api/messages/", alice.token(),
                Map.of("room", room.toString(), "client_id", "r-1", "attachments", List.of(file.toString())));
        Api.Response text = api.post("/api/messages/", alice.token(), Map.of("room", room.toString(), "content", "hi"));
        Api.Response empty = api.post("/api/messages/", alice.token(),
                Map.of("room", room.toString(), "content", " ", "attachments", List.of()));

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.json().get("content").asText()).isEmpty();
        assertThat(sent.json().get("attachments")).hasSize(1);
        assertThat(text.json().get("attachments")).isEmpty();
        assertThat(empty.status()).isEqualTo(400);
    }

    @Test
    void aResendWithTheSameClientIdIsTheSameMessageAndAnotherMessageCannotTakeTheUpload() {
        Api.User alice = api.register("am_idem");
        UUID room = api.room(alice, api.register("am_idem_b"));
        UUID file = files.uploaded(alice, room, "a.txt", "a".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> send = Map.of("room", room.toString(), "content", "once", "client_id", "i-1",
                "attachments", List.of(file.toString()));

        Api.Response first = api.post("/api/messages/", alice.token(), send);
        Api.Response again = api.post("/api/messages/", alice.token(), send);
        Api.Response other = api.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                "content", "twice", "client_id", "i-2", "attachments", List.of(file.toString())));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("message_uuid")).isEqualTo(first.json().get("message_uuid"));
        assertThat(again.json().get("attachments")).isEqualTo(first.json().get("attachments"));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.json().get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void ofConcurrentSendsOfOneUploadExactlyOneWins() throws Exception {
        Api.User alice = api.register("am_race");
        UUID room = api.room(alice, api.register("am_race_b"));
        UUID file = files.uploaded(alice, room, "a.txt", "a".getBytes(StandardCharsets.UTF_8));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> sends = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String clientId = "race-" + i;
                sends.add(() -> api.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                        "content", "mine", "client_id", clientId, "attachments", List.of(file.toString()))).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : threads.invokeAll(sends)) {
                statuses.add(status.get());
            }

            assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409);
        } finally {
            threads.shutdownNow();
        }
        JsonNode history = api.get("/api/messages/?room_uuid=" + room, alice.token()).json();
        assertThat(StreamSupport.stream(history.spliterator(), false)
                .filter(m -> m.get("attachments").size() == 1)).hasSize(1);
    }

    @Test
    void aSendMayCarryOnlyTheSendersOwnPendingUploadsOfThatRoom() {
        Api.User alice = api.register("am_rules");
        Api.User bob = api.register("am_rules_b");
        UUID room = api.room(alice, bob);
        UUID otherRoom = api.room(alice, api.register("am_rules_c"));
        UUID bobs = files.uploaded(bob, room, "b.txt", "b".getBytes(StandardCharsets.UTF_8));
        UUID elsewhere = files.uploaded(alice, otherRoom, "c.txt", "c".getBytes(StandardCharsets.UTF_8));
        List<String> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(UUID.randomUUID().toString());
        }
        UUID mine = files.uploaded(alice, room, "a.txt", "a".getBytes(StandardCharsets.UTF_8));

        assertThat(sendStatus(alice, room, List.of(bobs.toString()))).isEqualTo(404);
        assertThat(sendStatus(alice, room, List.of(elsewhere.toString()))).isEqualTo(404);
        assertThat(sendStatus(alice, room, List.of(UUID.randomUUID().toString()))).isEqualTo(404);
        assertThat(sendStatus(alice, room, eleven)).isEqualTo(400);
        assertThat(sendStatus(alice, room, List.of(mine.toString(), mine.toString()))).isEqualTo(400);
        assertThat(sendStatus(alice, room, List.of("not-a-uuid"))).isEqualTo(400);
        assertThat(sendStatus(alice, room, List.of(mine.toString()))).isEqualTo(201);
    }

    @Test
    void deletingForEveryoneRemovesTheAttachmentsRowsAndBlobs() throws Exception {
        Api.User alice = api.register("am_del");
        Api.User bob = api.register("am_del_b");
        UUID room = api.room(alice, bob);
        byte[] photo = TestImages.jpeg(TestImages.halves(300, 300));
        UUID file = files.uploaded(alice, room, "p.jpg", photo);
        List<Path> blobs = blobsOf(file);
        Api.Response sent = api.post("/api/messages/", alice.token(), Map.of("room", room.toString(),
                "content", "soon gone", "attachments", List.of(file.toString())));
        assertThat(blobs).hasSize(2).allSatisfy(blob -> assertThat(blob).exists()); // the file and its thumbnail

        Api.Response tombstone = api.delete("/api/messages/" + sent.json().get("message_uuid").asText() + "/",
                alice.token());

        assertThat(tombstone.json().get("deleted").asBoolean()).isTrue();
        assertThat(tombstone.json().get("attachments")).isEmpty();
        assertThat(files.download(file, bob).statusCode()).isEqualTo(404);
        assertThat(files.download(file, alice).statusCode()).isEqualTo(404);
        assertThat(last(api.get("/api/messages/?room_uuid=" + room, bob.token()).json()).get("attachments")).isEmpty();
        Eventually.await(Duration.ofSeconds(10), "the deleted message's attachment is cleaned up",
                () -> rows(file) == 0 && blobs.stream().noneMatch(Files::exists));
    }

    @Test
    void anUploadNeverSentIsRemovedAfterThePendingTime() throws Exception {
        Api.User alice = api.register("am_exp");
        UUID room = api.room(alice, api.register("am_exp_b"));
        UUID file = files.uploaded(alice, room, "left.txt", "forgotten".getBytes(StandardCharsets.UTF_8));
        UUID fresh = files.uploaded(alice, room, "new.txt", "still wanted".getBytes(StandardCharsets.UTF_8));
        List<Path> blobs = blobsOf(file);
        try (var db = TestServer.dataSource().getConnection(); var older = db.prepareStatement(
                "UPDATE attachments SET created_at = now() - interval '25 hours' WHERE attachment_uuid = ?")) {
            older.setObject(1, file);
            older.executeUpdate();
        }

        Eventually.await(Duration.ofSeconds(10), "the day-old upload is cleaned up",
                () -> rows(file) == 0 && blobs.stream().noneMatch(Files::exists));

        assertThat(rows(fresh)).isEqualTo(1);
        assertThat(files.download(fresh, alice).statusCode()).isEqualTo(200);
        assertThat(sendStatus(alice, room, List.of(file.toString()))).isEqualTo(404);
    }

    @Test
    void whatANodeThatDiedWhileStoringOrRemovingAnUploadLeftIsRemovedWithItsBlobs() throws Exception {
        Api.User alice = api.register("am_crash");
        UUID room = api.room(alice, api.register("am_crash_b"));
        UUID interrupted = files.uploaded(alice, room, "photo.png", TestImages.png(TestImages.halves(640, 480)));
        UUID running = files.uploaded(alice, room, "other.png", TestImages.png(TestImages.halves(640, 480)));
        UUID halfRemoved = files.uploaded(alice, room, "gone.png", TestImages.png(TestImages.halves(640, 480)));
        List<Path> blobs = new java.util.ArrayList<>(blobsOf(interrupted));
        blobs.addAll(blobsOf(halfRemoved));
        assertThat(blobs).isNotEmpty().allMatch(Files::exists);
        // What a node killed between storing the blobs and marking the upload stored leaves behind (see V11): the
        // row still 'uploading', with the blobs it names; one of them two hours old, one just started. And what a
        // cleanup killed before it removed a row's blobs leaves: the row 'removing'.
        try (var db = TestServer.dataSource().getConnection(); var crashed = db.prepareStatement(
                "UPDATE attachments SET state = 'uploading', created_at = now() - ?::interval"
                        + " WHERE attachment_uuid = ?")) {
            for (Object[] upload : new Object[][] {{interrupted, "2 hours"}, {running, "1 minute"}}) {
                crashed.setString(1, (String) upload[1]);
                crashed.setObject(2, upload[0]);
                crashed.executeUpdate();
            }
        }
        // And the spool file of an upload the node was receiving when it died.
        Path spool = TestServer.dataDir().resolve("blobs").resolve("tmp");
        Path leftOver = Files.write(spool.resolve("upload-left-by-a-crash.part"), new byte[1024]);
        Files.setLastModifiedTime(leftOver, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(2))));
        Path receiving = Files.write(spool.resolve("upload-being-received.part"), new byte[1024]);
        try (var db = TestServer.dataSource().getConnection(); var crashed = db.prepareStatement(
                "UPDATE attachments SET state = 'removing' WHERE attachment_uuid = ?")) {
            crashed.setObject(1, halfRemoved);
            crashed.executeUpdate();
        }

        Eventually.await(Duration.ofSeconds(10), "the interrupted upload, the half-removed one and their blobs are"
                + " cleaned up", () -> rows(interrupted) == 0 && rows(halfRemoved) == 0
                && blobs.stream().noneMatch(Files::exists) && !Files.exists(leftOver));

        assertThat(rows(running)).as("an upload that may still be running is left alone").isEqualTo(1);
        assertThat(receiving).as("so is the spool file of one").exists();
        Files.delete(receiving);
        assertThat(blobsOf(running)).allMatch(Files::exists);
        assertThat(files.download(running, alice).statusCode()).as("never served while uploading").isEqualTo(404);
        assertThat(sendStatus(alice, room, List.of(running.toString()))).as("nor sent").isEqualTo(404);
    }

    @Test
    void aFormerGroupMemberReadsTheAttachmentsTheySawButNotLaterOnes() {
        Api.User alice = api.register("am_grp");
        Api.User bob = api.register("am_grp_b");
        UUID group = api.group(alice, "Photos", bob);
        UUID before = files.uploaded(alice, group, "1.txt", "1".getBytes(StandardCharsets.UTF_8));
        assertThat(sendStatus(alice, group, List.of(before.toString()))).isEqualTo(201);
        assertThat(api.delete("/api/rooms/" + group + "/members/" + bob.username() + "/", bob.token()).status())
                .isEqualTo(204);
        UUID after = files.uploaded(alice, group, "2.txt", "2".getBytes(StandardCharsets.UTF_8));
        assertThat(sendStatus(alice, group, List.of(after.toString()))).isEqualTo(201);

        assertThat(files.download(before, bob).statusCode()).isEqualTo(200);
        assertThat(files.download(after, bob).statusCode()).isEqualTo(404);
        assertThat(files.upload(bob, group, "x.txt", "text/plain", new byte[] {1}).status()).isEqualTo(403);
    }

    private int sendStatus(Api.User user, UUID room, List<String> attachments) {
        return api.post("/api/messages/", user.token(), Map.of("room", room.toString(), "content", "with files",
                "attachments", attachments)).status();
    }

    /** The blob files of an attachment (its file, and its thumbnail if it has one) in the shared node's store. */
    private static List<Path> blobsOf(UUID attachment) throws Exception {
        try (var db = TestServer.dataSource().getConnection(); var query = db.prepareStatement(
                "SELECT blob_key, thumbnail_key FROM attachments WHERE attachment_uuid = ?")) {
            query.setObject(1, attachment);
            try (var row = query.executeQuery()) {
                row.next();
                List<Path> blobs = new ArrayList<>();
                Path root = TestServer.dataDir().resolve("blobs");
                blobs.add(root.resolve(row.getString(1)));
                if (row.getString(2) != null) {
                    blobs.add(root.resolve(row.getString(2)));
                }
                return blobs;
            }
        }
    }

    private static int rows(UUID attachment) {
        try (var db = TestServer.dataSource().getConnection(); var query = db.prepareStatement(
                "SELECT count(*) FROM attachments WHERE attachment_uuid = ?")) {
            query.setObject(1, attachment);
            try (var row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode ack(WsClient socket, ClientFrame frame) {
        socket.send(frame);
        JsonNode answer = socket.await(f -> f.path("type").asText().matches("ack|error"), "ack or error");
        assertThat(answer.get("type").asText()).as(answer.toString()).isEqualTo("ack");
        return answer.get("message");
    }

    private static JsonNode last(JsonNode page) {
        return page.get(page.size() - 1);
    }
}

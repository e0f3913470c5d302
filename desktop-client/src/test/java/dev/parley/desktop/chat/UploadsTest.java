package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.parley.desktop.net.ApiException;
import dev.parley.protocol.UploadedAttachment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The line of uploads in the composer's preview, on the test's thread with a manual clock: three at once in the order
 * added, the rest waiting; a 429's short Retry-After waited out by itself, a long one (the quota) a failure.
 */
class UploadsTest {

    private static final UUID ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final Duration JITTER = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final FakeChatApi api = new FakeChatApi();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final Uploads uploads = new Uploads(api, Runnable::run, scheduler, () -> JITTER, () -> ROOM);
    private final List<Path> files = new ArrayList<>();

    @BeforeEach
    void fiveFiles() throws IOException {
        for (int i = 1; i <= 5; i++) {
            files.add(Files.write(dir.resolve("f" + i + ".txt"), new byte[10]));
        }
    }

    private List<String> started() {
        return api.uploads.stream().map(call -> call.file().getFileName().toString()).toList();
    }

    private List<Upload.State> states() {
        return uploads.items().stream().map(Upload::state).toList();
    }

    private static UploadedAttachment stored(int i) {
        return new UploadedAttachment(new UUID(0, i), "f" + i + ".txt", "text/plain", 10, null, null, false);
    }

    /** What the server answers past its upload limits: 429 with the seconds to wait in Retry-After. */
    private static ApiException refused(long retryAfter, String message) {
        return new ApiException(429, "rate_limited", message, retryAfter);
    }

    @Test
    void threeUploadAtOnceAndTheOthersStartInTheOrderAddedAsUploadsEnd() {
        uploads.add(files);

        assertThat(List.of(started(), states())).containsExactly(List.of("f1.txt", "f2.txt", "f3.txt"),
                List.of(Upload.State.UPLOADING, Upload.State.UPLOADING, Upload.State.UPLOADING,
                        Upload.State.WAITING, Upload.State.WAITING));
        assertThat(uploads.items().get(3).detail()).isEqualTo("Waiting…");

        api.uploads.get(1).answer().complete(stored(2));
        assertThat(started()).containsExactly("f1.txt", "f2.txt", "f3.txt", "f4.txt");
        api.uploads.get(0).answer().completeExceptionally(new ApiException(413, "too_large", "too large"));
        assertThat(List.of(started(), states())).containsExactly(
                List.of("f1.txt", "f2.txt", "f3.txt", "f4.txt", "f5.txt"),
                List.of(Upload.State.FAILED, Upload.State.READY, Upload.State.UPLOADING, Upload.State.UPLOADING,
                        Upload.State.UPLOADING));
    }

    @Test
    void theMessageWaitsForTheFilesStillWaitingTheirTurn() {
        uploads.add(files.subList(0, 4));
        for (int i = 0; i < 3; i++) {
            api.uploads.get(i).answer().complete(stored(i + 1));
        }
        assertThat(uploads.readyProperty().get()).isFalse();

        api.uploads.get(3).answer().complete(stored(4));

        assertThat(List.of(uploads.readyProperty().get(), uploads.uuids()))
                .containsExactly(true, List.of(new UUID(0, 1), new UUID(0, 2), new UUID(0, 3), new UUID(0, 4)));
    }

    @Test
    void aWaitingFileRemovedNeverStarts() {
        uploads.add(files);

        uploads.remove(uploads.items().get(3));
        api.uploads.get(0).answer().complete(stored(1));
        api.uploads.get(1).answer().complete(stored(2));

        assertThat(started()).containsExactly("f1.txt", "f2.txt", "f3.txt", "f5.txt");
        assertThat(uploads.items()).extracting(Upload::name).containsExactly("f1.txt", "f2.txt", "f3.txt", "f5.txt");
    }

    @Test
    void removingAnUploadUnderWayAbortsItAndStartsTheNext() {
        uploads.add(files.subList(0, 4));

        uploads.remove(uploads.items().get(1));

        assertThat(List.of(started(), api.uploads.get(1).answer().isCancelled(), states())).containsExactly(
                List.of("f1.txt", "f2.txt", "f3.txt", "f4.txt"), true,
                List.of(Upload.State.UPLOADING, Upload.State.UPLOADING, Upload.State.UPLOADING));
    }

    @Test
    void clearingThePreviewAbortsTheUploadsUnderWayAndNeverStartsTheWaitingOnes() {
        uploads.add(files);

        uploads.clear();

        assertThat(List.of(started(), api.uploads.stream().allMatch(call -> call.answer().isCancelled()),
                uploads.items().isEmpty())).containsExactly(List.of("f1.txt", "f2.txt", "f3.txt"), true, true);
    }

    @Test
    void aShortRetryAfterPutsTheFileBackInLineAndItIsTriedAgainByItselfAfterItAndTheJitter() {
        uploads.add(files.subList(0, 1));

        api.uploads.getFirst().answer().completeExceptionally(
                refused(2, "uploading too fast: at most 60 files a minute"));
        Upload upload = uploads.items().getFirst();
        assertThat(List.of(upload.state(), upload.detail(), upload.retryable()))
                .containsExactly(Upload.State.WAITING, "Too many uploads just now: retrying soon…", false);

        scheduler.advance(Duration.ofSeconds(2).plus(JITTER).minusMillis(1));
        assertThat(api.uploads).hasSize(1);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(List.of(started(), upload.state())).containsExactly(List.of("f1.txt", "f1.txt"),
                Upload.State.UPLOADING);
        api.uploads.get(1).answer().complete(stored(1));
        assertThat(List.of(upload.state(), uploads.readyProperty().get())).containsExactly(Upload.State.READY, true);
    }

    @Test
    void duringThePauseNoOtherUploadStartsAndAfterItTheRefusedOneGoesFirst() {
        uploads.add(files.subList(0, 4));

        api.uploads.getFirst().answer().completeExceptionally(refused(1, "at most 4 uploads at once"));
        assertThat(List.of(started(), states())).containsExactly(List.of("f1.txt", "f2.txt", "f3.txt"),
                List.of(Upload.State.WAITING, Upload.State.UPLOADING, Upload.State.UPLOADING, Upload.State.WAITING));

        scheduler.advance(Duration.ofSeconds(1).plus(JITTER));
        assertThat(List.of(started(), states())).containsExactly(List.of("f1.txt", "f2.txt", "f3.txt", "f1.txt"),
                List.of(Upload.State.UPLOADING, Upload.State.UPLOADING, Upload.State.UPLOADING, Upload.State.WAITING));
    }

    @Test
    void afterAPauseUploadsStartOneAtATimeUntilTheServerTakesOneThenThreeAtOnceAgain() {
        uploads.add(files);
        for (int i = 0; i < 3; i++) {
            api.uploads.get(i).answer().completeExceptionally(refused(1, "uploading too fast"));
        }
        scheduler.advance(Duration.ofSeconds(1).plus(JITTER));
        assertThat(started()).containsExactly("f1.txt", "f2.txt", "f3.txt", "f1.txt");
        api.uploads.get(3).answer().completeExceptionally(refused(1, "uploading too fast"));
        scheduler.advance(Duration.ofSeconds(1).plus(JITTER));
        assertThat(started()).containsExactly("f1.txt", "f2.txt", "f3.txt", "f1.txt", "f1.txt");

        api.uploads.get(4).answer().complete(stored(1));

        assertThat(List.of(started().subList(5, 8), states())).containsExactly(List.of("f2.txt", "f3.txt", "f4.txt"),
                List.of(Upload.State.READY, Upload.State.UPLOADING, Upload.State.UPLOADING, Upload.State.UPLOADING,
                        Upload.State.WAITING));
    }

    @Test
    void aLongRetryAfterIsTheQuotaOfFilesNotSentAndFailsWithTheServersWordsUntilRetry() {
        uploads.add(files.subList(0, 1));

        api.uploads.getFirst().answer().completeExceptionally(refused(86_400, "too many files uploaded but not sent"
                + " (at most 50 files or 500 MiB): send or wait for them to expire"));
        Upload upload = uploads.items().getFirst();
        assertThat(List.of(upload.state(), upload.detail(), upload.retryable())).containsExactly(Upload.State.FAILED,
                "Too many files uploaded but not sent (at most 50 files or 500 MiB): send or wait for them to expire.",
                true);
        scheduler.advance(Duration.ofDays(2));
        assertThat(api.uploads).hasSize(1);

        uploads.retry(upload);
        assertThat(List.of(api.uploads.size(), upload.state())).containsExactly(2, Upload.State.UPLOADING);
    }

    @Test
    void aRefusalWithoutRetryAfterFailsAsBeforeWithRetry() {
        uploads.add(files.subList(0, 1));

        api.uploads.getFirst().answer().completeExceptionally(new ApiException(429, "rate_limited", "slow down"));

        assertThat(uploads.items()).extracting(Upload::state, Upload::detail, Upload::retryable)
                .containsExactly(tuple(Upload.State.FAILED, "Too many uploads: try again in a moment", true));
    }
}

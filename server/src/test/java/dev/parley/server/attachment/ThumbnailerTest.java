package dev.parley.server.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Eventually;
import dev.parley.server.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thumbnail decode's bounds: a decode that uses more CPU than its limit is aborted and leaves nothing behind, the
 * same image under a generous limit gets its thumbnail.
 */
class ThumbnailerTest {

    /**
     * 12 megapixels of noise (a phone photo's size, and no flat areas for the decoder to skip through): decoding it
     * takes far longer than a millisecond of CPU, even every n-th pixel of it.
     */
    private static byte[] large;

    @TempDir
    Path dir;
    private Path photo;
    private Path spool;
    private Thumbnailer thumbnails;

    @BeforeAll
    static void makeALargePhoto() {
        java.awt.image.BufferedImage noise = new java.awt.image.BufferedImage(4000, 3000,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((java.awt.image.DataBufferInt) noise.getRaster().getDataBuffer()).getData();
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt();
        }
        large = TestImages.jpeg(noise);
    }

    @BeforeEach
    void writeThePhoto() throws Exception {
        photo = Files.write(dir.resolve("photo.jpg"), large);
        spool = Files.createDirectory(dir.resolve("spool"));
    }

    @AfterEach
    void close() {
        if (thumbnails != null) {
            thumbnails.close();
        }
    }

    @Test
    void aDecodeOverItsCpuTimeLimitIsAbortedAndLeavesNoThumbnailBehind() {
        thumbnails = new Thumbnailer(100_000_000L, Duration.ofMillis(1), 1, 10);

        Optional<Thumbnailer.Result> made = thumbnails.make(photo, "image/jpeg", spool);

        assertThat(made.map(Thumbnailer.Result::thumbnail)).isEmpty();
        // An abort the decoder only notices later still removes what it wrote.
        Eventually.await(Duration.ofSeconds(10), "the aborted decode's files removed", () -> filesIn(spool) == 0);
    }

    @Test
    void theSamePhotoUnderAGenerousLimitGetsItsThumbnail() {
        thumbnails = new Thumbnailer(100_000_000L, Duration.ofSeconds(60), 1, 10);

        Optional<Thumbnailer.Result> made = thumbnails.make(photo, "image/jpeg", spool);

        assertThat(made).isPresent();
        assertThat(made.get().width()).isEqualTo(4000);
        assertThat(made.get().thumbnail()).exists();
        assertThat(made.get().thumbnailMime()).isEqualTo("image/jpeg");
    }

    private static long filesIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.parley.server.attachment;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.ExifIFD0Directory;
import dev.parley.server.common.BulkThreads;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes the thumbnail of an uploaded image once, at upload: longest side {@link #SIZE} px, EXIF orientation applied,
 * no metadata at all (a fresh JPEG, or PNG when the image has transparency); the original stays as uploaded.
 * Hostile images cost little: the size is read from the header and an image beyond the pixel limit is never decoded,
 * the decode reads only every n-th pixel (memory bounded by the thumbnail, not the image), uses at most the time limit
 * of CPU (then it is aborted) and runs at most {@code concurrency} at once per node, on platform threads of lowered OS
 * priority: chat gets a busy core first. The limit counts the decoding thread's CPU time, not the time it waited, so a
 * busy node makes thumbnails slower, never missing; six times the limit of waiting in all aborts it too. Any failure
 * means "no thumbnail", never an error: the upload is then kept as a plain file.
 */
final class Thumbnailer implements AutoCloseable {

    /** The longest side of a thumbnail, in pixels. */
    static final int SIZE = 480;
    private static final System.Logger LOG = System.getLogger(Thumbnailer.class.getName());

    static {
        ImageIO.setUseCache(false); // decode in memory (bounded by subsampling), never into temporary files
    }

    /** The image's size as shown (orientation applied), and its thumbnail file and type (null: none was made). */
    record Result(int width, int height, Path thumbnail, String thumbnailMime) {
    }

    /** How often a waiting upload looks at its decode's CPU time. */
    private static final long POLL_MILLIS = 10;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final long maxPixels;
    private final Duration timeLimit;
    /** Held by a decode from before it starts until it has ended (an aborted one too): at most {@code concurrency}. */
    private final Semaphore permits;
    private final ExecutorService workers;

    /** {@code nice}: how much lower than chat's the decoding threads' OS priority is (0..19; 0 keeps it). */
    Thumbnailer(long maxPixels, Duration timeLimit, int concurrency, int nice) {
        this.maxPixels = maxPixels;
        this.timeLimit = timeLimit;
        this.permits = new Semaphore(concurrency);
        this.workers = Executors.newFixedThreadPool(concurrency, BulkThreads.lowered("parley-thumbnail-", nice));
    }

    /**
     * The image's size and a thumbnail written into {@code dir}; empty when {@code mime} is no image type it reads,
     * or the image is unreadable, too large or too slow to decode. A result without a thumbnail file is possible
     * (the size was read but the decode failed).
     */
    Optional<Result> make(Path file, String mime, Path dir) {
        if (!ContentTypes.IMAGES.contains(mime)) {
            return Optional.empty();
        }
        try {
            if (!permits.tryAcquire(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.DEBUG, "No thumbnail: every thumbnail worker stayed busy");
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        AtomicReference<Path> output = new AtomicReference<>();
        AtomicReference<Thread> decoder = new AtomicReference<>();
        AtomicLong cpuAtStart = new AtomicLong();
        AtomicBoolean abandoned = new AtomicBoolean();
        Future<Optional<Result>> work;
        try {
            work = workers.submit(() -> {
                cpuAtStart.set(CPU.getCurrentThreadCpuTime()); // the pool's threads are reused: count from here
                decoder.set(Thread.currentThread());
                try {
                    return decode(file, dir, output, abandoned);
                } finally {
                    if (abandoned.get()) {
                        deleteQuietly(output.get()); // written after the upload gave up on it
                    }
                    permits.release(); // only now: an aborted decode that runs on keeps its worker busy
                }
            });
        } catch (RejectedExecutionException e) { // closing
            permits.release();
            return Optional.empty();
        }
        long waitedUntil = System.nanoTime() + timeLimit.toNanos() * 6;
        try {
            while (true) {
                try {
                    return work.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (work.isDone()) {
                        continue; // finished meanwhile: the next get returns it
                    }
                    Thread thread = decoder.get();
                    long cpu = thread == null ? -1 : CPU.getThreadCpuTime(thread.threadId()) - cpuAtStart.get();
                    if (cpu > timeLimit.toNanos() || System.nanoTime() - waitedUntil > 0) {
                        // Given up on: not by cancelling the task (one cancelled before it ran would never give
                        // its permit back), nor by aborting its reader from here (the JDK's JPEG reader refuses calls
                        // from any thread but the decoding one). The reader's progress listener aborts it on the
                        // decoding thread, the decode's own checks stop it earlier on, and what it wrote is removed.
                        abandoned.set(true);
                        LOG.log(Level.DEBUG, "No thumbnail: decoding took longer than " + timeLimit);
                        break;
                    }
                }
            }
        } catch (ExecutionException e) {
            LOG.log(Level.DEBUG, () -> "No thumbnail: " + e.getCause());
        } catch (InterruptedException e) {
            abandoned.set(true); // as above
            Thread.currentThread().interrupt();
        }
        deleteQuietly(output.get());
        return Optional.empty();
    }

    /** Aborts the read it listens to, on the decoding thread, once the decode was given up on. */
    private record AbortWhenAbandoned(AtomicBoolean abandoned) implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (abandoned.get()) {
                source.abort();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }

    private Optional<Result> decode(Path file, Path dir, AtomicReference<Path> output, AtomicBoolean abandoned)
            throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            reader.addIIOReadProgressListener(new AbortWhenAbandoned(abandoned));
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                    LOG.log(Level.DEBUG, () -> "No thumbnail: " + width + "x" + height + " is beyond the pixel limit");
                    return Optional.empty();
                }
                int orientation = orientation(file);
                boolean turned = orientation >= 5 && orientation <= 8;
                int shownWidth = turned ? height : width;
                int shownHeight = turned ? width : height;
                if (abandoned.get()) { // given up on while the header was read
                    return Optional.empty();
                }
                BufferedImage image;
                try {
                    ImageReadParam param = reader.getDefaultReadParam();
                    int step = Math.max(1, Math.max(width, height) / (2 * SIZE));
                    param.setSourceSubsampling(step, step, 0, 0);
                    image = reader.read(0, param);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.DEBUG, () -> "No thumbnail: the image does not decode: " + e);
                    return Optional.of(new Result(shownWidth, shownHeight, null, null));
                }
                if (abandoned.get()) {
                    return Optional.empty();
                }
                boolean alpha = image.getColorModel().hasAlpha();
                BufferedImage thumbnail = orient(scale(image, alpha), orientation);
                Path target = Files.createTempFile(dir, "thumb-", alpha ? ".png" : ".jpg");
                output.set(target);
                write(thumbnail, alpha, target);
                return Optional.of(new Result(shownWidth, shownHeight, target, alpha ? "image/png" : "image/jpeg"));
            } finally {
                reader.dispose();
            }
        }
    }

    /** The EXIF orientation (1-8), 1 when there is none or the metadata cannot be read. */
    private static int orientation(Path file) {
        try {
            ExifIFD0Directory exif = ImageMetadataReader.readMetadata(file.toFile())
                    .getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int value = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return value >= 1 && value <= 8 ? value : 1;
            }
        } catch (Exception e) { // NOPMD: any failure to read metadata just means "as stored"
            LOG.log(Level.DEBUG, () -> "No EXIF orientation: " + e);
        }
        return 1;
    }

    /** Scaled to fit {@link #SIZE} (never up), halving first so that the result is smooth. */
    private static BufferedImage scale(BufferedImage image, boolean alpha) {
        int width = image.getWidth();
        int height = image.getHeight();
        double factor = Math.min(1.0, (double) SIZE / Math.max(width, height));
        int targetWidth = Math.max(1, (int) Math.round(width * factor));
        int targetHeight = Math.max(1, (int) Math.round(height * factor));
        BufferedImage current = image;
        do {
            int w = Math.max(targetWidth, current.getWidth() / 2);
            int h = Math.max(targetHeight, current.getHeight() / 2);
            if (current != image && w == current.getWidth() && h == current.getHeight()) {
                break;
            }
            BufferedImage next = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                if (!alpha) {
                    g.setColor(java.awt.Color.WHITE);
                    g.fillRect(0, 0, w, h);
                }
                g.drawImage(current, 0, 0, w, h, null);
            } finally {
                g.dispose();
            }
            current = next;
        } while (current.getWidth() > targetWidth || current.getHeight() > targetHeight);
        return current;
    }

    /** The image turned and flipped as EXIF {@code orientation} says it is shown. */
    static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean turned = orientation >= 5;
        BufferedImage out = new BufferedImage(turned ? h : w, turned ? w : h, image.getType());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                switch (orientation) {
                    case 2 -> out.setRGB(w - 1 - x, y, rgb);
                    case 3 -> out.setRGB(w - 1 - x, h - 1 - y, rgb);
                    case 4 -> out.setRGB(x, h - 1 - y, rgb);
                    case 5 -> out.setRGB(y, x, rgb);
                    case 6 -> out.setRGB(h - 1 - y, x, rgb);
                    case 7 -> out.setRGB(h - 1 - y, w - 1 - x, rgb);
                    default -> out.setRGB(y, w - 1 - x, rgb); // 8
                }
            }
        }
        return out;
    }

    private static void write(BufferedImage image, boolean png, Path target) throws IOException {
        if (png) {
            if (!ImageIO.write(image, "png", target.toFile())) {
                throw new IOException("no PNG writer");
            }
            return;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param); // no metadata: nothing of the original's
        } finally {
            writer.dispose();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "Could not delete " + file + ": " + e);
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}

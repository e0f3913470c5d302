package dev.parley.desktop.ui;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.scene.image.Image;

/**
 * Decoded images by URL, fetched with the session's token off the FX thread and kept in memory up to a bound (the
 * least recently used go first); a URL being fetched is fetched once however many cells ask. FX thread only; the
 * futures complete on the network's thread.
 */
final class ImageCache {

    private final Function<String, CompletableFuture<byte[]>> fetch;
    private final int maxEntries;
    private final double maxSide;
    private final Map<String, CompletableFuture<Image>> images;

    /** At most {@code maxEntries} images, each decoded to at most {@code maxSide} pixels a side (0: as it is). */
    ImageCache(Function<String, CompletableFuture<byte[]>> fetch, int maxEntries, double maxSide) {
        this.fetch = fetch;
        this.maxEntries = maxEntries;
        this.maxSide = maxSide;
        this.images = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Image>> eldest) {
                return size() > ImageCache.this.maxEntries;
            }
        };
    }

    /** The image at {@code url}: at once when cached, else when fetched and decoded; a failure is not cached. */
    CompletableFuture<Image> get(String url) {
        return get(url, 0, 0);
    }

    /**
     * The image at {@code url}, {@code width}×{@code height} as the server said (0 when unknown): scaled down to the
     * cache's largest side when it is larger, never up.
     */
    CompletableFuture<Image> get(String url, int width, int height) {
        CompletableFuture<Image> image = images.get(url);
        if (image == null || image.isCompletedExceptionally()) {
            // Decoded where the bytes arrive: never on the FX thread.
            boolean shrink = maxSide > 0 && Math.max(width, height) > maxSide;
            double side = shrink ? maxSide : 0;
            // Upright as the photo's EXIF says: a phone's portrait photo is stored as landscape pixels.
            image = fetch.apply(url).thenApply(bytes -> ExifOrientation.upright(
                    new Image(new ByteArrayInputStream(bytes), side, side, true, true), ExifOrientation.of(bytes)));
            images.put(url, image);
        }
        return image;
    }
}

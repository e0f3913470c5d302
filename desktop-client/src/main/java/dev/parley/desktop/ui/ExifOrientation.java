package dev.parley.desktop.ui;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * A JPEG's EXIF orientation, applied to its decoded image: a phone stores a photo taken in portrait as landscape
 * pixels plus a tag that says how to turn them, and JavaFX's decoder ignores the tag (browsers apply it, so the web
 * client needs nothing). The server's thumbnails are already upright and carry no tag; originals are kept as sent.
 * Pure functions, usable on any thread.
 */
final class ExifOrientation {

    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    private ExifOrientation() {
    }

    /** The orientation tag (1 to 8) of a JPEG's EXIF, 1 (as stored) when there is none or the bytes are no JPEG. */
    static int of(byte[] bytes) {
        if (bytes.length < 4 || u8(bytes, 0) != 0xFF || u8(bytes, 1) != 0xD8) {
            return 1;
        }
        int at = 2;
        while (at + 4 <= bytes.length && u8(bytes, at) == 0xFF) {
            int marker = u8(bytes, at + 1);
            if (marker == 0xDA || marker == 0xD9) {
                return 1; // the image data starts: EXIF comes before it or not at all
            }
            int length = u16(bytes, at + 2, true);
            int end = at + 2 + length;
            if (length < 2 || end > bytes.length) {
                return 1;
            }
            if (marker == 0xE1 && length >= 2 + EXIF.length + 8
                    && Arrays.equals(bytes, at + 4, at + 4 + EXIF.length, EXIF, 0, EXIF.length)) {
                return fromTiff(bytes, at + 4 + EXIF.length, end);
            }
            at = end;
        }
        return 1;
    }

    /** The Orientation entry (0x0112) of the first IFD of the TIFF structure in {@code bytes[start, end)}. */
    private static int fromTiff(byte[] bytes, int start, int end) {
        boolean bigEndian = u8(bytes, start) == 'M' && u8(bytes, start + 1) == 'M';
        if (!bigEndian && !(u8(bytes, start) == 'I' && u8(bytes, start + 1) == 'I')) {
            return 1;
        }
        long ifd = bigEndian ? (long) u16(bytes, start + 4, true) << 16 | u16(bytes, start + 6, true)
                : (long) u16(bytes, start + 6, false) << 16 | u16(bytes, start + 4, false);
        if (ifd < 8 || start + ifd + 2 > end) {
            return 1;
        }
        int entries = start + (int) ifd;
        int count = u16(bytes, entries, bigEndian);
        for (int i = 0; i < count && entries + 2 + 12 * (i + 1) <= end; i++) {
            int entry = entries + 2 + 12 * i;
            if (u16(bytes, entry, bigEndian) == 0x0112) {
                int value = u16(bytes, entry + 8, bigEndian);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /** {@code image} turned (and mirrored) as {@code orientation} says, so that it shows upright. */
    static Image upright(Image image, int orientation) {
        if (orientation <= 1 || orientation > 8 || image.isError() || image.getPixelReader() == null) {
            return image;
        }
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] in = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), in, 0, w);
        boolean turned = orientation >= 5;
        int outWidth = turned ? h : w;
        int outHeight = turned ? w : h;
        int[] out = new int[in.length];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                // Where the pixel shown at (x, y) is stored.
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                out[y * outWidth + x] = in[sy * w + sx];
            }
        }
        WritableImage upright = new WritableImage(outWidth, outHeight);
        upright.getPixelWriter().setPixels(0, 0, outWidth, outHeight, PixelFormat.getIntArgbInstance(), out, 0,
                outWidth);
        return upright;
    }

    private static int u8(byte[] bytes, int at) {
        return bytes[at] & 0xFF;
    }

    private static int u16(byte[] bytes, int at, boolean bigEndian) {
        return bigEndian ? u8(bytes, at) << 8 | u8(bytes, at + 1) : u8(bytes, at + 1) << 8 | u8(bytes, at);
    }
}

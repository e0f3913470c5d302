package dev.parley.desktop.chat;

import dev.parley.protocol.AttachmentView;
import java.util.List;
import java.util.Locale;

/**
 * How photos and files are worded and sized where they show: the chat list's preview ("📷 Photo", "📄 name", with
 * the caption after), a file's size ("2.4 MB") and the box a photo's thumbnail takes before it has loaded (its
 * aspect ratio kept, so history does not jump). Pure functions.
 */
public final class AttachmentText {

    /** The longest side of a thumbnail in a bubble, in pixels. */
    public static final double THUMBNAIL_BOX = 260;

    private AttachmentText() {
    }

    /** Whether it shows as a photo (a thumbnail and its size are known) rather than as a document. */
    public static boolean photo(AttachmentView attachment) {
        return attachment.thumbnailUrl() != null && attachment.width() != null && attachment.height() != null
                && attachment.width() > 0 && attachment.height() > 0;
    }

    /**
     * The chat list's line: the text alone, or "📷 Photo" / "📷 N photos" when every attachment is a photo, else the
     * first file's name and how many more there are; then the caption.
     */
    static String preview(String content, List<AttachmentView> attachments) {
        if (attachments.isEmpty()) {
            return content;
        }
        AttachmentView file = attachments.stream().filter(a -> !photo(a)).findFirst().orElse(null);
        String what = file == null ? "📷 " + (attachments.size() > 1 ? attachments.size() + " photos" : "Photo")
                : "📄 " + file.name() + (attachments.size() > 1 ? " +" + (attachments.size() - 1) : "");
        return content.isBlank() ? what : what + " " + content;
    }

    /** A size as people read it, as the web client writes it: "512 bytes", "1 byte", "1.1 KB", "181 KB", "2.4 MB". */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String shown = value < 10 ? String.format(Locale.ROOT, "%.1f", Math.round(value * 10) / 10.0)
                .replaceAll("\\.0$", "") : Long.toString(Math.round(value));
        return shown + " " + units[unit];
    }

    /** What kind of file, as the web client names it: "PDF", the extension ("ZIP", "DOCX"), else "File". */
    public static String typeLabel(AttachmentView attachment) {
        String name = attachment.name();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot + 1) : "";
        if ("application/pdf".equalsIgnoreCase(attachment.mime()) || extension.equalsIgnoreCase("pdf")) {
            return "PDF";
        }
        return !extension.isEmpty() && extension.length() <= 5 ? extension.toUpperCase(Locale.ROOT) : "File";
    }

    /** Under a file's name: "PDF · 1.1 KB", as on the web. */
    public static String detail(AttachmentView attachment) {
        return typeLabel(attachment) + " · " + size(attachment.size());
    }

    /** The gap between the tiles of an album, in pixels. */
    public static final double ALBUM_GAP = 4;
    /** Tiles an album shows at most; the last of them says "+N" for the photos behind it. */
    public static final int ALBUM_TILES = 4;

    /**
     * One tile of an album: the photo, its place in a two-column grid ({@code wide}: across both columns), its size,
     * and {@code more}, the photos behind it that it stands for ("+N"; 0 for none).
     */
    public record Tile(AttachmentView photo, int column, int row, boolean wide, double width, double height, int more) {
    }

    /**
     * How several photos of one message are laid out, as WhatsApp lays out an album: two side by side, three or more
     * in a 2×2 grid {@link #THUMBNAIL_BOX} wide (three: the third across the bottom), past four the fourth tile
     * standing for the rest ("+N"). Square tiles; the photos are cropped to them.
     */
    public static List<Tile> album(List<AttachmentView> photos) {
        double half = Math.floor((THUMBNAIL_BOX - ALBUM_GAP) / 2);
        List<Tile> tiles = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(photos.size(), ALBUM_TILES); i++) {
            boolean wide = photos.size() == 3 && i == 2;
            int more = i == ALBUM_TILES - 1 && photos.size() > ALBUM_TILES ? photos.size() - ALBUM_TILES + 1 : 0;
            tiles.add(new Tile(photos.get(i), wide ? 0 : i % 2, i / 2, wide, wide ? THUMBNAIL_BOX : half, half, more));
        }
        return List.copyOf(tiles);
    }

    /** The width and height a photo of {@code width}×{@code height} takes in a bubble: at most {@link #THUMBNAIL_BOX}. */
    public static double[] box(int width, int height) {
        double scale = Math.min(1, THUMBNAIL_BOX / Math.max(width, height));
        return new double[] {Math.max(40, Math.round(width * scale)), Math.max(40, Math.round(height * scale))};
    }
}

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

    /** The chat list's line: the text alone, or what the first attachment is, then the caption. */
    static String preview(String content, List<AttachmentView> attachments) {
        if (attachments.isEmpty()) {
            return content;
        }
        AttachmentView first = attachments.getFirst();
        String what = photo(first) ? "📷 " + (attachments.size() > 1 ? attachments.size() + " photos" : "Photo")
                : "📄 " + first.name() + (attachments.size() > 1 ? " +" + (attachments.size() - 1) : "");
        return content.isBlank() ? what : what + " " + content;
    }

    /** A size as people read it: "512 B", "14 KB", "2.4 MB". */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return Math.round(bytes / 1024.0) + " KB";
        }
        double mb = bytes / (1024.0 * 1024);
        return mb < 10 ? String.format(Locale.ROOT, "%.1f MB", mb) : Math.round(mb) + " MB";
    }

    /** The width and height a photo of {@code width}×{@code height} takes in a bubble: at most {@link #THUMBNAIL_BOX}. */
    public static double[] box(int width, int height) {
        double scale = Math.min(1, THUMBNAIL_BOX / Math.max(width, height));
        return new double[] {Math.max(40, Math.round(width * scale)), Math.max(40, Math.round(height * scale))};
    }
}

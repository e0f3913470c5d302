package dev.parley.server.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * What a file is, decided from its bytes (Tika's magic detector; the client's name only breaks ties such as plain
 * text vs CSV, the client's Content-Type never), how it may be served, and the names it is stored and served under.
 */
final class ContentTypes {

    /** Served inline: images a browser shows as images, and PDF. Everything else downloads as octet-stream. */
    private static final Set<String> INLINE = Set.of("image/jpeg", "image/png", "image/gif", "image/webp",
            "application/pdf");
    /** Those the thumbnailer reads. */
    static final Set<String> IMAGES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    private static final MimeTypes DETECTOR = MimeTypes.getDefaultMimeTypes();
    private static final int MAX_NAME = 255;

    private ContentTypes() {
    }

    /** The type of the file's content; {@code name} (the client's file name) is a hint for types without magic. */
    static String detect(Path file, String name) throws IOException {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        try (InputStream in = TikaInputStream.get(file)) {
            MediaType type = DETECTOR.detect(in, metadata);
            return type.getBaseType().toString();
        }
    }

    /** Whether a browser may show it in place (never HTML, SVG or anything else that can run script). */
    static boolean inline(String mime) {
        return INLINE.contains(mime);
    }

    /** The Content-Type it is served with: the detected type when inline, else {@code application/octet-stream}. */
    static String served(String mime) {
        return inline(mime) ? mime : "application/octet-stream";
    }

    /**
     * The file name as stored and shown: its last path segment, without control characters, bidi overrides or
     * characters file systems refuse, at most 255 characters; "file" when nothing is left.
     */
    static String safeName(String name) {
        if (name == null) {
            return "file";
        }
        String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder kept = new StringBuilder();
        last.codePoints().filter(c -> !Character.isISOControl(c) && "<>:\"|?*".indexOf(c) < 0
                        && !(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069) && c != 0xFEFF)
                .forEach(kept::appendCodePoint);
        String cleaned = kept.toString().strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1); // no hidden files, no ".."
        }
        if (cleaned.codePointCount(0, cleaned.length()) > MAX_NAME) {
            cleaned = cleaned.substring(0, cleaned.offsetByCodePoints(0, MAX_NAME));
        }
        return cleaned.isBlank() ? "file" : cleaned;
    }

    /** {@code Content-Disposition} for a download: an ASCII fallback name and the UTF-8 one (RFC 6266). */
    static String disposition(boolean inline, String name) {
        StringBuilder ascii = new StringBuilder();
        for (char c : name.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' && c != ';' ? c : '_');
        }
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + percentEncode(name);
    }

    private static String percentEncode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}

package dev.parley.protocol;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The one rule of a send's text and attachments, for the WebSocket frame and the REST body alike: every attachment
 * entry is an attachment_uuid ({@code ""} or null is refused), and the text may be absent only when there are
 * attachments (it is their caption, empty then).
 */
final class Captioned {

    private Captioned() {
    }

    /** The attachments as an immutable list (none for null). */
    static List<UUID> attachments(List<UUID> attachments) {
        if (attachments == null) {
            return List.of();
        }
        if (attachments.stream().anyMatch(Objects::isNull)) { // "" or null where a uuid belongs
            throw new IllegalArgumentException("attachments: every entry must be an attachment_uuid");
        }
        return List.copyOf(attachments);
    }

    /** The text, "" when absent beside attachments; refused ({@code content} is missing) when there are none. */
    static String content(String content, List<UUID> attachments) {
        if (content == null && attachments.isEmpty()) {
            throw new NullPointerException("content");
        }
        return content == null ? "" : content;
    }
}

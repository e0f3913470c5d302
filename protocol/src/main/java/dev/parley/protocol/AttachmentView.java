package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * A photo or file of a message, as every view of the message carries it ({@link MessageView#attachments()}):
 * {@code name} is the file name the sender gave (made safe), {@code mime} the type the server detected from the
 * content (never the client's claim), {@code size} in bytes, {@code width} and {@code height} the image's size in
 * pixels as shown (EXIF orientation applied; null for anything that is not a readable image), {@code url} where
 * members download it ({@code GET /api/attachments/{uuid}}) and {@code thumbnailUrl} its thumbnail (longest side
 * 480 px; null when there is none).
 */
public record AttachmentView(
        UUID attachmentUuid,
        String name,
        String mime,
        long size,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer width,
        @JsonInclude(JsonInclude.Include.ALWAYS) Integer height,
        String url,
        @JsonInclude(JsonInclude.Include.ALWAYS) String thumbnailUrl) {

    public AttachmentView {
        requireNonNull(attachmentUuid, "attachment_uuid");
        requireNonNull(name, "name");
        requireNonNull(mime, "mime");
        requireNonNull(url, "url");
    }

    /** The view of a stored attachment: its URLs follow from its uuid. */
    public static AttachmentView of(UUID uuid, String name, String mime, long size, Integer width, Integer height,
                                    boolean thumbnail) {
        return new AttachmentView(uuid, name, mime, size, width, height, url(uuid),
                thumbnail ? url(uuid) + "/thumbnail" : null);
    }

    /** Where an attachment is downloaded. */
    public static String url(UUID uuid) {
        return "/api/attachments/" + uuid;
    }
}

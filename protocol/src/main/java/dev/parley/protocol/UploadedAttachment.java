package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * The answer (201) to {@code POST /api/attachments/?room_uuid=}: the stored upload, not yet part of any message.
 * Send it with a message by naming {@code attachmentUuid} in the send's {@code attachments}. {@code mime} is what
 * the server detected from the content; {@code width} and {@code height} (as shown, EXIF orientation applied) are
 * present only for images it could read; {@code thumbnail} says whether it made a thumbnail.
 */
public record UploadedAttachment(
        UUID attachmentUuid,
        String name,
        String mime,
        long size,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer width,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer height,
        boolean thumbnail) {

    public UploadedAttachment {
        requireNonNull(attachmentUuid, "attachment_uuid");
        requireNonNull(name, "name");
        requireNonNull(mime, "mime");
    }
}

package dev.parley.server.attachment;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** The {@code attachments} table: what the server knows of each upload (its bytes are in the blob store). */
final class AttachmentRepository {

    /** One attachment row; {@code messageSeq} null while pending; {@code message*} the message that carries it. */
    record Stored(UUID uuid, long roomId, long uploaderId, String name, String mime, long size, String sha256,
                  String blobKey, String thumbnailKey, String thumbnailMime, Long thumbnailSize, Integer width, Integer height,
                  String state, Long messageSeq, String messageClientId, Long messageSenderId) {
        static final String UPLOADING = "uploading";
        static final String PENDING = "pending";
        static final String SENT = "sent";
    }

    /** How many uploads, and bytes, of a user no message carries yet. */
    record Pending(long uploads, long bytes) {
    }

    /** A row being removed, and its blobs. */
    record Removing(UUID uuid, String blobKey, String thumbnailKey) {
    }

    private final DbClient db;

    AttachmentRepository(DbClient db) {
        this.db = db;
    }

    /** Records an upload whose blobs are about to be stored ('uploading': see V11). */
    void insert(Stored row, byte[] sha256) {
        db.execute().createNamedInsert("insert-attachment")
                .addParam("attachment_uuid", row.uuid())
                .addParam("room_id", row.roomId())
                .addParam("uploader_id", row.uploaderId())
                .addParam("name", row.name())
                .addParam("mime", row.mime())
                .addParam("size", row.size())
                .addParam("sha256", sha256)
                .addParam("blob_key", row.blobKey())
                .addParam("thumbnail_key", row.thumbnailKey())
                .addParam("thumbnail_mime", row.thumbnailMime())
                .addParam("thumbnail_size", row.thumbnailSize())
                .addParam("width", row.width())
                .addParam("height", row.height())
                .execute();
    }

    /** The upload's blobs are all stored: it is 'pending', the uploader's to send. */
    void stored(UUID uuid) {
        long updated = db.execute().createNamedUpdate("mark-attachment-stored")
                .addParam("attachment_uuid", uuid)
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("upload " + uuid + " was no longer being stored");
        }
    }

    Optional<Stored> find(UUID uuid) {
        return db.execute().createNamedGet("select-attachment")
                .addParam("attachment_uuid", uuid)
                .execute()
                .map(AttachmentRepository::stored);
    }

    Pending pendingOf(long userId) {
        return db.execute().createNamedGet("select-pending-of-user")
                .addParam("user_id", userId)
                .execute()
                .map(row -> new Pending(row.column("uploads").get(Long.class),
                        ((Number) row.column("bytes").get(Object.class)).longValue()))
                .orElse(new Pending(0, 0));
    }

    /**
     * Marks up to {@code limit} rows the cleanup is due to remove 'removing' (deleted ones, uploads pending longer than
     * {@code pendingSeconds}, uploads left 'uploading' longer than {@code uploadingSeconds} by a node that died, and
     * rows a round did not finish) and returns them: their blobs go next, then {@link #removed} the rows.
     */
    List<Removing> markDue(long pendingSeconds, long uploadingSeconds, int limit) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("mark-attachments-to-clean")
                .addParam("pending_seconds", pendingSeconds)
                .addParam("uploading_seconds", uploadingSeconds)
                .addParam("limit", limit)
                .execute()) {
            return rows.map(row -> new Removing(row.column("attachment_uuid").get(UUID.class),
                    row.column("blob_key").get(String.class), row.column("thumbnail_key").get(String.class))).toList();
        }
    }

    /** Deletes a row marked 'removing' whose blobs are gone. */
    void removed(UUID uuid) {
        db.execute().createNamedDelete("delete-removed-attachment").addParam("attachment_uuid", uuid).execute();
    }

    private static Stored stored(DbRow row) {
        return new Stored(row.column("attachment_uuid").get(UUID.class), row.column("room_id").get(Long.class),
                row.column("uploader_id").get(Long.class), row.column("name").get(String.class),
                row.column("mime").get(String.class), row.column("size").get(Long.class),
                row.column("sha256").get(String.class), row.column("blob_key").get(String.class),
                row.column("thumbnail_key").get(String.class), row.column("thumbnail_mime").get(String.class),
                row.column("thumbnail_size").get(Long.class),
                row.column("width").get(Integer.class), row.column("height").get(Integer.class),
                row.column("state").get(String.class), row.column("message_seq").get(Long.class),
                row.column("message_client_id").get(String.class), row.column("message_sender_id").get(Long.class));
    }
}

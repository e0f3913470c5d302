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
        static final String PENDING = "pending";
        static final String SENT = "sent";
    }

    /** How many uploads, and bytes, of a user no message carries yet. */
    record Pending(long uploads, long bytes) {
    }

    /** The blobs of a removed row. */
    record Blobs(String blobKey, String thumbnailKey) {
    }

    private final DbClient db;

    AttachmentRepository(DbClient db) {
        this.db = db;
    }

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

    /** Removes up to {@code limit} rows the cleanup is due to remove; returns their blobs. */
    List<Blobs> deleteDue(long pendingSeconds, int limit) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("delete-attachments-to-clean")
                .addParam("pending_seconds", pendingSeconds)
                .addParam("limit", limit)
                .execute()) {
            return rows.map(row -> new Blobs(row.column("blob_key").get(String.class),
                    row.column("thumbnail_key").get(String.class))).toList();
        }
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

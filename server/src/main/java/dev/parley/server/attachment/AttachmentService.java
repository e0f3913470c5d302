package dev.parley.server.attachment;

import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.UploadedAttachment;
import dev.parley.server.blob.BlobStore;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.BulkThreads;
import dev.parley.server.common.Ids;
import dev.parley.server.room.RoomRef;
import dev.parley.server.room.RoomService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of attachments: who may upload where and how much, what is stored (the bytes streamed to a spool file
 * while counted and hashed, then into the blob store; the type sniffed from the content; a thumbnail made once),
 * who may download what (the members who can see the message that carries it; its uploader while it is pending),
 * which uploads a send may carry, and the cleanup of unsent and deleted ones.
 */
public final class AttachmentService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AttachmentService.class.getName());
    private static final int COPY_BUFFER = 64 * 1024;
    private static final int CLEANUP_BATCH = 100;
    /** An upload still 'uploading' after this was left by a node that died while storing it (no upload takes so long). */
    static final Duration UPLOADING_FOR = Duration.ofHours(1);

    /**
     * The configurable limits; {@code transferBytesPerSecond} is the most file bytes this node moves per second,
     * uploads and downloads together (0: as fast as the cores go).
     */
    public record Limits(long maxBytes, int maxPerMessage, int maxPending, long maxPendingBytes,
                         Duration pendingFor, long maxPixels, Duration thumbnailTimeLimit, int thumbnailWorkers,
                         int uploadsBurst, int uploadsPerMinute, int uploadsAtOnce, int transferThreads,
                         int transferNice, long transferBytesPerSecond) {
    }

    /** An attachment a caller may read, with the blob to serve. */
    public record Readable(UUID uuid, String name, String mime, long size, String sha256, String blobKey,
                           String thumbnailKey, String thumbnailMime, long thumbnailSize) {
    }

    private final AttachmentRepository attachments;
    private final RoomService rooms;
    private final BlobStore store;
    private final Limits limits;
    private final UploadLimits uploads;
    private final Thumbnailer thumbnails;
    /** File bodies are copied on these, so that the kernel runs chat first (see {@link BulkThreads}). */
    private final BulkThreads transfers;
    /** The node's file bytes per second, shared by every upload and download; null when unlimited. */
    private final io.github.bucket4j.BlockingBucket transferBudget;

    public AttachmentService(io.helidon.dbclient.DbClient db, RoomService rooms, BlobStore store, Limits limits) {
        this.attachments = new AttachmentRepository(db);
        this.rooms = rooms;
        this.store = store;
        this.limits = limits;
        this.uploads = new UploadLimits(new UploadLimits.Settings(limits.uploadsBurst(), limits.uploadsPerMinute(),
                limits.uploadsAtOnce()));
        this.thumbnails = new Thumbnailer(limits.maxPixels(), limits.thumbnailTimeLimit(), limits.thumbnailWorkers(),
                limits.transferNice());
        this.transfers = new BulkThreads(limits.transferThreads(), limits.transferNice());
        long rate = limits.transferBytesPerSecond();
        // A tenth of a second's worth may go at once (at least one buffer: a read is never larger).
        this.transferBudget = rate <= 0 ? null : io.github.bucket4j.Bucket.builder()
                .addLimit(io.github.bucket4j.Bandwidth.builder().capacity(Math.max(COPY_BUFFER, rate / 10))
                        .refillGreedy(rate, Duration.ofSeconds(1)).build())
                .build().asBlocking();
    }

    /** Waits (on a bulk thread) until the node's transfer budget allows {@code bytes} more. */
    private void spend(int bytes) throws IOException {
        if (transferBudget == null || bytes <= 0) {
            return;
        }
        try {
            transferBudget.consume(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the transfer budget was spent");
        }
    }

    public Limits limits() {
        return limits;
    }

    /** Refuses at once (413) an upload whose declared length is over the limit, before any of it is read. */
    public void checkDeclaredLength(long length) {
        if (length > limits.maxBytes()) {
            throw tooLarge();
        }
    }

    /**
     * Stores an upload of {@code user} to the room: streamed from {@code body} (413 as soon as it passes the limit),
     * sniffed, thumbnailed, put in the blob store and recorded as pending. {@code room} is checked first: members
     * who may write to it only (404 for strangers, 403 for former members and across a block).
     */
    public UploadedAttachment upload(AuthUser user, UUID roomUuid, String clientName, InputStream body) {
        RoomRef room = rooms.requireWritable(user, roomUuid);
        try (UploadLimits.Slot ignored = uploads.begin(user.id())) {
            AttachmentRepository.Pending pending = attachments.pendingOf(user.id());
            if (pending.uploads() >= limits.maxPending() || pending.bytes() >= limits.maxPendingBytes()) {
                throw ApiException.rateLimited("too many files uploaded but not sent (at most " + limits.maxPending()
                        + " files or " + limits.maxPendingBytes() / (1024 * 1024) + " MiB): send or wait for them to"
                        + " expire", limits.pendingFor());
            }
            return store(user, room, ContentTypes.safeName(clientName), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UploadedAttachment store(AuthUser user, RoomRef room, String name, InputStream body) throws IOException {
        Path spool = Files.createTempFile(store.spoolDirectory(), "upload-", ".part");
        Path thumbnail = null;
        try {
            MessageDigest sha256 = sha256();
            long size = transfers.run(() -> copy(body, spool, sha256));
            // Sniffed on a bulk thread too: Tika's magic matching reads up to 64 KiB of each upload and allocates
            // about a megabyte for it, CPU that chat should not wait behind.
            String mime = transfers.run(() -> ContentTypes.detect(spool, name));
            Optional<Thumbnailer.Result> image = thumbnails.make(spool, mime, store.spoolDirectory());
            thumbnail = image.map(Thumbnailer.Result::thumbnail).orElse(null);
            byte[] hash = sha256.digest();
            String hex = HexFormat.of().formatHex(hash);
            UUID uuid = Ids.next();
            // Fanned out by the content's hash (evenly, whatever the uuids look like); the uuid keeps keys unique.
            String key = hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + uuid;
            String thumbnailKey = thumbnail == null ? null : key + ".thumb";
            String thumbnailMime = image.map(Thumbnailer.Result::thumbnailMime).orElse(null);
            Long thumbnailSize = thumbnail == null ? null : Files.size(thumbnail);
            Integer width = image.map(Thumbnailer.Result::width).orElse(null);
            Integer height = image.map(Thumbnailer.Result::height).orElse(null);
            // Recorded before the bytes are stored: a node that dies while storing them leaves this row for the
            // cleanup to remove with them, never blobs that no row names.
            attachments.insert(new AttachmentRepository.Stored(uuid, room.id(), user.id(), name, mime, size, hex,
                    key, thumbnailKey, thumbnailMime, thumbnailSize, width, height, AttachmentRepository.Stored.UPLOADING,
                    null, null, null), hash);
            try {
                transfers.run(() -> {
                    store.put(key, spool, mime);
                    return null;
                });
                if (thumbnail != null) {
                    store.put(thumbnailKey, thumbnail, thumbnailMime);
                }
                attachments.stored(uuid);
                return new UploadedAttachment(uuid, name, mime, size, width, height, thumbnail != null);
            } catch (IOException | RuntimeException e) {
                deleteBlobs(key, thumbnailKey); // the row, still 'uploading', is removed by the cleanup later
                throw e;
            }
        } finally {
            Files.deleteIfExists(spool);
            if (thumbnail != null) {
                Files.deleteIfExists(thumbnail);
            }
        }
    }

    /**
     * Copies the body to the spool file, hashing it; 413 the moment it passes the limit. Flushed to disk as it
     * arrives when the store asks for it ({@link BlobStore#flushSpoolEvery}).
     */
    private long copy(InputStream body, Path spool, MessageDigest sha256) throws IOException {
        long flushEvery = store.flushSpoolEvery();
        long size = 0;
        long unflushed = 0;
        byte[] buffer = new byte[COPY_BUFFER];
        try (FileChannel channel = FileChannel.open(spool, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = Channels.newOutputStream(channel)) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                size += n;
                if (size > limits.maxBytes()) {
                    throw tooLarge();
                }
                spend(n);
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
                unflushed += n;
                if (flushEvery > 0 && unflushed >= flushEvery) {
                    channel.force(false);
                    unflushed = 0;
                }
            }
        }
        return size;
    }

    private ApiException tooLarge() {
        return ApiException.tooLarge("a file may have at most " + limits.maxBytes() + " bytes");
    }

    /**
     * The attachment if {@code user} may read it: a member (or former member) who can see the message that carries
     * it, or its uploader while no message does. Anything else, deleted ones included, is 404.
     */
    public Readable readable(AuthUser user, UUID uuid) {
        AttachmentRepository.Stored row = attachments.find(uuid).orElseThrow(() -> notFound(uuid));
        boolean allowed = switch (row.state()) {
            case AttachmentRepository.Stored.PENDING -> row.uploaderId() == user.id();
            case AttachmentRepository.Stored.SENT -> {
                RoomRef room = rooms.byId(row.roomId());
                try {
                    room = rooms.require(user, room.uuid()); // re-read when the cached room does not know them
                } catch (ApiException e) {
                    yield false;
                }
                yield room.sees(user.id(), row.messageSeq());
            }
            default -> false;
        };
        if (!allowed) {
            throw notFound(uuid);
        }
        return new Readable(row.uuid(), row.name(), row.mime(), row.size(), row.sha256(), row.blobKey(),
                row.thumbnailKey(), row.thumbnailMime(), row.thumbnailSize() == null ? 0 : row.thumbnailSize());
    }

    /** Writes {@code length} bytes of a blob from {@code offset} to {@code out} (on a bulk thread). */
    public void copyTo(String key, long offset, long length, OutputStream out) throws IOException {
        transfers.run(() -> {
            try (InputStream in = store.open(key, offset, length)) {
                byte[] buffer = new byte[COPY_BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    spend(n);
                    out.write(buffer, 0, n);
                }
            }
            return null;
        });
    }

    /**
     * The attachments a send of {@code user} to {@code room} names, checked (at most the limit per message, no
     * repeats, each an upload of the sender to this room that no message carries, or that the message with the
     * send's own {@code clientId} carries: a resend), as the message will show them. The message batch binds them
     * in the transaction that stores the message, and refuses the send (409) if another send took one meanwhile.
     */
    public List<AttachmentView> forSend(AuthUser user, RoomRef room, List<UUID> uuids, String clientId) {
        if (uuids.size() > limits.maxPerMessage()) {
            throw ApiException.validation("a message may carry at most " + limits.maxPerMessage() + " attachments");
        }
        Set<UUID> seen = new HashSet<>();
        List<AttachmentView> views = new ArrayList<>(uuids.size());
        for (UUID uuid : uuids) {
            if (uuid == null) {
                throw ApiException.validation("attachments must be attachment uuids");
            }
            if (!seen.add(uuid)) {
                throw ApiException.validation("attachment " + uuid + " is named twice");
            }
            AttachmentRepository.Stored row = attachments.find(uuid)
                    .filter(found -> found.uploaderId() == user.id() && found.roomId() == room.id())
                    .orElseThrow(() -> ApiException.notFound("no attachment " + uuid + " of yours in this room"));
            boolean resend = AttachmentRepository.Stored.SENT.equals(row.state()) && clientId != null
                    && clientId.equals(row.messageClientId()) && Long.valueOf(user.id()).equals(row.messageSenderId());
            if (AttachmentRepository.Stored.SENT.equals(row.state()) && !resend) {
                throw sentAlready(uuid);
            }
            if (!AttachmentRepository.Stored.PENDING.equals(row.state()) && !resend) {
                throw ApiException.notFound("no attachment " + uuid + " of yours in this room");
            }
            views.add(AttachmentView.of(uuid, row.name(), row.mime(), row.size(), row.width(), row.height(),
                    row.thumbnailKey() != null));
        }
        return views;
    }

    /** The error of a send whose attachment another message carries. */
    public static ApiException sentAlready(UUID uuid) {
        return ApiException.conflict("attachment " + (uuid == null ? "" : uuid + " ")
                + "was already sent with another message");
    }

    /**
     * Removes the attachments of messages deleted for everyone, uploads never sent within the pending time and
     * uploads a node died while storing: each row is marked 'removing', then its blobs are removed, then the row (a
     * blob whose removal fails keeps its row for the next round; a node dying in between leaves the row to it too).
     * Returns how many it removed.
     */
    public int cleanUp() {
        int removed = 0;
        int roundRemoved;
        do {
            roundRemoved = 0;
            for (AttachmentRepository.Removing row : attachments.markDue(limits.pendingFor().toSeconds(),
                    UPLOADING_FOR.toSeconds(), CLEANUP_BATCH)) {
                if (deleteBlobs(row.blobKey(), row.thumbnailKey())) {
                    attachments.removed(row.uuid());
                    roundRemoved++;
                } // else the row stays 'removing': the next round tries again
            }
            removed += roundRemoved;
        } while (roundRemoved == CLEANUP_BATCH);
        removeStaleSpoolFiles();
        return removed;
    }

    /**
     * Removes the spool files (uploads being received, thumbnails being made) of uploads no longer running: those a
     * node that died left behind. Several nodes may share the directory, so only files older than any upload.
     */
    private void removeStaleSpoolFiles() {
        java.nio.file.attribute.FileTime before = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(UPLOADING_FOR));
        try (java.util.stream.Stream<Path> files = Files.list(store.spoolDirectory())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(before) < 0) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not clean the upload spool " + store.spoolDirectory() + ": " + e.getMessage());
        }
    }

    /** Deletes an attachment's blobs (absent ones count as deleted); false when the store failed to. */
    private boolean deleteBlobs(String key, String thumbnailKey) {
        boolean deleted = true;
        for (String k : new String[] {key, thumbnailKey}) {
            if (k == null) {
                continue;
            }
            try {
                store.delete(k);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not delete blob " + k + " (tried again later): " + e.getMessage());
                deleted = false;
            }
        }
        return deleted;
    }

    private static ApiException notFound(UUID uuid) {
        return ApiException.notFound("no attachment " + uuid);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        transfers.close();
        thumbnails.close();
        store.close();
    }
}

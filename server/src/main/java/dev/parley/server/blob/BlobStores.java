package dev.parley.server.blob;

import io.helidon.config.Config;
import java.nio.file.Path;

/** The blob store a node's configuration names: {@code parley.blobs.store} {@code filesystem} (default) or {@code s3}. */
public final class BlobStores {

    private BlobStores() {
    }

    /** {@code blobs} is the {@code parley.blobs} node; {@code dataDir} the node's data directory. */
    public static BlobStore create(Config blobs, Path dataDir) {
        String kind = blobs.get("store").asString().orElse("filesystem").trim();
        String dir = blobs.get("dir").asString().orElse("");
        Path root = dir.isBlank() ? dataDir.resolve("blobs") : Path.of(dir);
        return switch (kind) {
            case "filesystem", "" -> new FileBlobStore(root);
            case "s3" -> new S3BlobStore(new S3BlobStore.Settings(
                    blobs.get("s3.endpoint").asString().orElse(""),
                    blobs.get("s3.region").asString().orElse("us-east-1"),
                    blobs.get("s3.bucket").asString().orElse(""),
                    blobs.get("s3.access-key").asString().orElse(""),
                    blobs.get("s3.secret-key").asString().orElse(""),
                    blobs.get("s3.path-style").asBoolean().orElse(true),
                    blobs.get("s3.prefix").asString().orElse("")),
                    dataDir.resolve("blobs-spool")).createBucketIfMissing();
            default -> throw new IllegalArgumentException("parley.blobs.store must be filesystem or s3, not " + kind);
        };
    }
}

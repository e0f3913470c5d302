package dev.parley.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Blobs as files under one directory (by default {@code PARLEY_DATA_DIR/blobs}): the key is the path below it. A
 * blob is written to {@code tmp/} on the same file system, fsynced, moved into place atomically and its directory
 * fsynced, so a crash leaves either the whole blob or none. Several nodes can share it over a network file system
 * that renames atomically.
 */
public final class FileBlobStore implements BlobStore {

    private static final long FLUSH_EVERY = 1024 * 1024;

    private final Path root;
    private final Path spool;

    public FileBlobStore(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
            this.spool = Files.createDirectories(this.root.resolve("tmp"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot use " + root + " for attachments", e);
        }
    }

    @Override
    public Path spoolDirectory() {
        return spool;
    }

    /** The spool file becomes the blob, fsynced before the upload is acknowledged: flushed a MiB at a time. */
    @Override
    public long flushSpoolEvery() {
        return FLUSH_EVERY;
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        Path target = path(key);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Path directory = Files.createDirectories(target.getParent());
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(directory);
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
        channel.position(offset);
        return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public void close() {
    }

    private Path path(String key) {
        return root.resolve(BlobStore.checkKey(key));
    }

    /** Makes the rename itself durable (the new directory entry), as PostgreSQL does for its own files. */
    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some file systems (and Windows) refuse to open a directory: the rename is then as durable as they make it.
        }
    }

    /** At most {@code remaining} bytes of the wrapped stream. */
    static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}

package dev.parley.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where the bytes of attachments live: a directory ({@link FileBlobStore}) or an S3-compatible bucket
 * ({@link S3BlobStore}), never the database. Keys are relative paths of {@code [a-z0-9._-]} segments. Every node of
 * a cluster must use the same store. Thread-safe.
 */
public interface BlobStore extends AutoCloseable {

    /**
     * A local directory for files on their way into the store (uploads are written there first, then
     * {@link #put}): on the store's own file system when it has one, so that putting is a rename.
     */
    Path spoolDirectory();

    /**
     * Every how many bytes an upload being written to the spool is flushed to disk as it arrives (0: never, before
     * {@link #put}). A store that keeps the spool file as the blob must fsync it before the upload is acknowledged
     * anyway; flushing it as it arrives spreads those writes out. Left to {@code put}, a large file's writes all
     * reach the disk at once, and the file system's journal makes the database's commits (chat's messages) wait
     * behind all of them.
     */
    default long flushSpoolEvery() {
        return 0;
    }

    /**
     * Stores {@code file} under {@code key} and removes the file; when this returns the blob is durable (on disk and
     * fsynced, or acknowledged by the object store). A key is written once and never replaced.
     */
    void put(String key, Path file, String contentType) throws IOException;

    /** {@code length} bytes of the blob from {@code offset} (the caller checked both against its size). */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Removes the blob; nothing happens when there is none. */
    void delete(String key) throws IOException;

    /** Whether a blob is stored under {@code key}. */
    boolean exists(String key) throws IOException;

    @Override
    void close();

    /** Refuses keys that could leave the store's root (the store builds them, but a path is a path). */
    static String checkKey(String key) {
        if (key.isEmpty() || key.length() > 200 || !key.matches("[a-z0-9._-]+(/[a-z0-9._-]+)*")
                || key.contains("..")) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return key;
    }
}

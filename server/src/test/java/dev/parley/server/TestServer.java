package dev.parley.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The Parley node shared by the tests of this JVM: started once, through {@link Main#start}, on a random port with
 * its own embedded PostgreSQL under {@code target/}. Tests isolate themselves by registering fresh users.
 */
public final class TestServer {

    private static Parley instance;
    private static Path instanceDir;

    private TestServer() {
    }

    /** The shared node, started on first use and stopped when the JVM exits. */
    public static synchronized Parley get() {
        if (instance == null) {
            instanceDir = freshDataDir();
            instance = start(instanceDir, Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    /** Starts a separate node on {@code dataDir} with extra configuration; the caller closes it. */
    public static Parley start(Path dataDir, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("server.port", "0");
        settings.put("server.host", "127.0.0.1");
        settings.put("parley.data.dir", dataDir.toString());
        settings.put("parley.db.url", "");
        // The access log is exercised by every test (SecretsInLogsTest reads it).
        settings.put("server.features.access-log.enabled", "true");
        // Every test user signs up from 127.0.0.1.
        settings.put("parley.limits.registrations-per-address-per-hour", "1000000");
        settings.put("parley.limits.frames-burst", "1000000");
        settings.put("parley.limits.new-chats-per-hour", "1000000");
        settings.put("parley.limits.frames-per-second", "1000000");
        // Tests sign up hundreds of users back to back: no rest between hashes (bench flood measures the default).
        settings.put("parley.auth.hash-cpu-share", "1");
        // Tests wait for the search index by searching until it has caught up.
        settings.put("parley.limits.searches-burst", "1000000");
        settings.put("parley.limits.searches-per-second", "1000000");
        settings.put("parley.search.interval-ms", "50");
        // Attachment tests wait for the cleanup: it runs every second here (every ten minutes by default).
        settings.put("parley.attachments.cleanup-seconds", "1");
        settings.putAll(overrides);
        return Main.start(Main.config(settings));
    }

    /** A new, empty directory under target/ for a node's data. */
    public static Path freshDataDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "test-data-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The shared node's data directory (its blobs are under {@code blobs/}). */
    public static synchronized Path dataDir() {
        get();
        return instanceDir;
    }

    public static URI http() {
        return URI.create("http://127.0.0.1:" + get().server().port());
    }

    public static URI ws() {
        return URI.create("ws://127.0.0.1:" + get().server().port() + "/ws");
    }

    public static DataSource dataSource() {
        return get().database().dataSource();
    }
}

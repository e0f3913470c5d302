package dev.parley.desktop.support;

import dev.parley.server.Main;
import dev.parley.server.Parley;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Real Parley nodes for the UI tests, started through {@link Main#start} as production does (the approach of the
 * server's own TestServer): embedded PostgreSQL under {@code target/}, loopback only, a random port unless given.
 */
public final class TestNode {

    private static Parley shared;

    private TestNode() {
    }

    /** The node shared by this JVM's tests; tests isolate themselves by registering fresh users. */
    public static synchronized Parley shared() {
        if (shared == null) {
            shared = start(freshDataDir(), 0);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A node of the caller's on {@code dataDir} and {@code port} (0: any free port); the caller closes it. */
    public static Parley start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /** Such a node with settings of its own, e.g. lower limits ({@code parley.limits.uploads-burst}). */
    public static Parley start(Path dataDir, int port, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("server.port", Integer.toString(port));
        settings.put("server.host", "127.0.0.1");
        settings.put("parley.data.dir", dataDir.toString());
        settings.put("parley.db.url", "");
        // Peers seed history faster than a person types: the per-user send limit is not under test here.
        settings.put("parley.limits.send-burst", "1000");
        settings.put("parley.limits.send-per-second", "1000");
        settings.put("parley.limits.registrations-per-address-per-hour", "1000000");
        settings.put("parley.limits.frames-burst", "1000000");
        settings.put("parley.limits.new-chats-per-hour", "1000000");
        settings.put("parley.limits.frames-per-second", "1000000");
        // Tests sign up many users back to back: no rest between hashes (as in the server's own tests).
        settings.put("parley.auth.hash-cpu-share", "1");
        // Tests wait for the search index by searching until it has caught up (as the server's own tests do).
        settings.put("parley.limits.searches-burst", "1000000");
        settings.put("parley.limits.searches-per-second", "1000000");
        settings.put("parley.search.interval-ms", "50");
        settings.putAll(overrides);
        return Main.start(Main.config(settings));
    }

    public static Path freshDataDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "node-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static URI http(Parley node) {
        return URI.create("http://127.0.0.1:" + node.server().port());
    }

    public static URI ws(Parley node) {
        return URI.create("ws://127.0.0.1:" + node.server().port() + "/ws");
    }
}

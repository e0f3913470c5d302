package dev.parley.server.cluster;

import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An external PostgreSQL for cluster tests: a real server that several nodes share, which a test can stop and
 * start again on the same data and port (a database restart under traffic).
 */
final class SharedPostgres implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    SharedPostgres() {
        this.dataDir = TestServer.freshDataDir().resolve("shared-postgres");
        this.postgres = start(0);
        this.port = postgres.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Configuration overrides that point a node at this database. */
    Map<String, String> nodeSettings(String nodeId) {
        Map<String, String> settings = new HashMap<>();
        settings.put("parley.db.url", jdbcUrl());
        settings.put("parley.db.user", "postgres");
        settings.put("parley.node.id", nodeId);
        settings.put("parley.cluster.presence-ttl-seconds", "3");
        settings.put("parley.cluster.catch-up-seconds", "1");
        settings.put("parley.limits.send-burst", "10000");
        settings.put("parley.limits.send-per-second", "10000");
        return settings;
    }

    /** Starts a node on this database. */
    Parley node(String nodeId) {
        return TestServer.start(TestServer.freshDataDir(), nodeSettings(nodeId));
    }

    /** Stops PostgreSQL (fast shutdown: open connections are cut). */
    void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = null;
    }

    /** Starts PostgreSQL again on the same data directory and port. */
    void restart() {
        postgres = start(port);
    }

    private EmbeddedPostgres start(int onPort) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300");
            if (onPort != 0) {
                builder.setPort(onPort);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (postgres != null) {
            stop();
        }
    }
}

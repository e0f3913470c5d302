package dev.parley.server.cluster;

import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import dev.parley.server.db.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * An external PostgreSQL for cluster tests: a real server that several nodes share over TCP with the application
 * role's password (as a node's embedded PostgreSQL with a configured port), which a test can stop and start again on
 * the same data and port (a database restart under traffic).
 */
final class SharedPostgres implements AutoCloseable {

    private static final Map<String, String> SETTINGS = Map.of("max_connections", "300");

    private final LocalPostgres postgres;

    SharedPostgres() {
        this.postgres = LocalPostgres.start(TestServer.freshDataDir().resolve("shared-postgres"), freePort(),
                LocalPostgres.defaultBinariesDir(), SETTINGS);
    }

    String jdbcUrl() {
        return postgres.tcpJdbcUrl();
    }

    /** Configuration overrides that point a node at this database. */
    Map<String, String> nodeSettings(String nodeId) {
        Map<String, String> settings = new HashMap<>();
        settings.put("parley.db.url", jdbcUrl());
        settings.put("parley.db.user", postgres.user());
        settings.put("parley.db.password", postgres.password());
        settings.put("parley.node.id", nodeId);
        settings.put("parley.cluster.presence-ttl-seconds", "3");
        settings.put("parley.cluster.catch-up-seconds", "1");
        settings.put("parley.limits.send-burst", "10000");
        settings.put("parley.limits.send-per-second", "10000");
        settings.put("parley.limits.registrations-per-address-per-hour", "1000000");
        settings.put("parley.limits.frames-burst", "1000000");
        settings.put("parley.limits.new-chats-per-hour", "1000000");
        settings.put("parley.limits.frames-per-second", "1000000");
        return settings;
    }

    /** Starts a node on this database. */
    Parley node(String nodeId) {
        return TestServer.start(TestServer.freshDataDir(), nodeSettings(nodeId));
    }

    /** Stops PostgreSQL (fast shutdown: open connections are cut). */
    void stop() {
        postgres.stop();
    }

    /** Starts PostgreSQL again on the same data directory and port. */
    void restart() {
        postgres.restart(SETTINGS);
    }

    @Override
    public void close() {
        postgres.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.parley.server;

import dev.parley.server.db.Database;
import dev.parley.server.realtime.ConnectionHub;
import io.helidon.webserver.WebServer;
import java.util.List;

/**
 * A running Parley node: its web server, its connections, its background parts, its database and the routes of its
 * API (as registered, for the test that holds the API document to them).
 * Closing says goodbye to every client (1001), leaves the cluster, stops serving, then releases the database.
 */
public record Parley(WebServer server, ConnectionHub hub, Database database, List<AutoCloseable> parts,
                     Routes routes) implements AutoCloseable {

    public Parley {
        parts = List.copyOf(parts);
    }

    @Override
    public void close() {
        closeAll(parts);
        server.stop();
        database.close();
    }

    /** Closes each part in order; a failing part is logged and the next one still closed. */
    static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                System.getLogger(Parley.class.getName()).log(System.Logger.Level.WARNING,
                        "Stopping " + part + " failed: " + e.getMessage());
            }
        }
    }
}

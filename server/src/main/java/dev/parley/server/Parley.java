package dev.parley.server;

import dev.parley.server.db.Database;
import dev.parley.server.realtime.ConnectionHub;
import io.helidon.webserver.WebServer;
import java.util.List;

/**
 * A running Parley node: its web server, its connections, its background parts and its database.
 * Closing says goodbye to every client (1001), leaves the cluster, stops serving, then releases the database.
 */
public record Parley(WebServer server, ConnectionHub hub, Database database, List<AutoCloseable> parts)
        implements AutoCloseable {

    public Parley {
        parts = List.copyOf(parts);
    }

    @Override
    public void close() {
        Main.closeAll(parts);
        server.stop();
        database.close();
    }
}

package dev.parley.server;

import dev.parley.server.db.Database;
import dev.parley.server.realtime.ConnectionHub;
import io.helidon.webserver.WebServer;

/** A running Parley node: its web server, its connections and its database. Closing stops all three in order. */
public record Parley(WebServer server, ConnectionHub hub, Database database) implements AutoCloseable {

    /** Says goodbye to every client (1001), stops serving, then releases the database. */
    @Override
    public void close() {
        hub.close();
        server.stop();
        database.close();
    }
}

package dev.parley.desktop.net;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;

/**
 * The one WebSocket connection of a signed-in client, kept open by reconnecting after every drop.
 * Implemented over Tyrus by {@link ChatSocketClient}; ViewModel tests substitute a fake.
 */
public interface ChatConnection extends AutoCloseable {

    /** Callbacks from network threads (never the FX thread): the receiver hops to its own thread. */
    interface Listener {
        /** A connection is open: the first thing to send is a {@code sync}. */
        void onOpen();

        void onFrame(ServerFrame frame);

        /** The connection is gone (or could not be made); the next attempt is in {@code retryIn}. */
        void onDisconnected(String reason, Duration retryIn);

        /** The server refused the token: no more attempts. */
        void onUnauthorized();
    }

    /** Starts connecting (and reconnecting) until {@link #close()}. */
    void start(Listener listener);

    /** Queues a frame for sending; false when no connection is open (the frame is dropped). */
    boolean send(ClientFrame frame);

    /** Skips the remaining backoff and tries now. */
    void reconnectNow();

    @Override
    void close();
}

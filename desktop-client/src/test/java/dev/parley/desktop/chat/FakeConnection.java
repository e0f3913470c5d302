package dev.parley.desktop.chat;

import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A ChatConnection the test opens, feeds and drops by hand, recording what the client sent. */
final class FakeConnection implements ChatConnection {

    final List<ClientFrame> sent = new ArrayList<>();
    private Listener listener;
    private boolean open;

    @Override
    public void start(Listener listener) {
        this.listener = listener;
    }

    @Override
    public boolean send(ClientFrame frame) {
        if (!open) {
            return false;
        }
        sent.add(frame);
        return true;
    }

    @Override
    public void reconnectNow() {
    }

    @Override
    public void close() {
        open = false;
    }

    /** Opens; a unit test of one class may open it without starting it (nobody listens then). */
    void open() {
        open = true;
        if (listener != null) {
            listener.onOpen();
        }
    }

    void receive(ServerFrame frame) {
        listener.onFrame(frame);
    }

    void drop() {
        open = false;
        listener.onDisconnected("Connection lost", Duration.ofSeconds(2));
    }

    <T extends ClientFrame> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

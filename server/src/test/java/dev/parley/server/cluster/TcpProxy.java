package dev.parley.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback between a node and its database (or a browser and a node) that a test can turn into a black
 * hole: while {@link #blackhole() blackholed}, every byte in either direction is read and dropped and the connections
 * stay open, as when a host is lost or packets are dropped without a reset (nothing tells either side that the other
 * is gone). It can also drop only the database's answers, cut every connection at once, and refuse connections as a
 * server that is down does ({@link #down()}).
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackholed;
    /** Only the database's answers are dropped: requests still reach it (it commits; nobody hears it did). */
    private volatile boolean answersDropped;
    /** Down: every connection is cut, and each new one is closed as soon as it is accepted. */
    private volatile boolean down;
    private volatile boolean closed;

    public TcpProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("tcp-proxy-accept").start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** From now on nothing gets through, in either direction, and nobody is told. */
    public void blackhole() {
        blackholed = true;
    }

    /** From now on requests still reach the database but its answers are dropped. */
    void dropAnswers() {
        answersDropped = true;
    }

    /**
     * From now on the upstream looks down: the connections open now are cut and new ones are closed at once, before
     * a byte passes (a client sees its request fail as it does against a stopped server).
     */
    public void down() {
        down = true;
        cutAll();
    }

    /** Traffic flows again (on connections opened before, and on new ones). */
    public void heal() {
        blackholed = false;
        answersDropped = false;
        down = false;
    }

    /** Closes every connection through the proxy (each side sees its peer go away); new ones may follow. */
    public void cutAll() {
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (down) {
                    closeQuietly(client);
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, false));
                Thread.ofVirtual().start(() -> pump(server, client, true));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!blackholed && !(answers && answersDropped)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed: close the other below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(TcpProxy::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}

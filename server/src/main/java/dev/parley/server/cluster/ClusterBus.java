package dev.parley.server.cluster;

import dev.parley.server.common.Loops;
import java.lang.System.Logger.Level;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL LISTEN/NOTIFY as the wake-up bus between nodes. Exactly one dedicated LISTEN connection per node,
 * re-opened with backoff when it drops (then {@code onReconnect} lets the node catch up from the database).
 * Publishing is asynchronous and batched: many events go out in one {@code pg_notify} statement, always after
 * the producing transaction committed, never inside it (NOTIFY takes a cluster-wide lock held until commit).
 *
 * <p>Plain JDBC here because DbClient can neither LISTEN on a connection it keeps nor bind a text[] parameter.
 */
public final class ClusterBus implements AutoCloseable {

    /** The NOTIFY channel shared by all nodes. */
    static final String CHANNEL = "parley_events";

    private static final System.Logger LOG = System.getLogger(ClusterBus.class.getName());
    private static final int MAX_PENDING = 100_000;
    private static final int MAX_BATCH = 500;
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(10);

    private final String nodeId;
    private final DataSource pool;
    private final Supplier<Connection> dedicatedConnection;
    private final LinkedBlockingQueue<String> pending = new LinkedBlockingQueue<>(MAX_PENDING);
    private final Thread publisher;
    private final Thread listener;
    private volatile Consumer<List<ClusterEvent.Envelope>> subscriber = events -> { };
    private volatile Runnable onReconnect = () -> { };
    private volatile boolean listening;
    /** Whether other live nodes exist; while alone, events are not published (nobody would read them). */
    private volatile boolean peers = true;
    private volatile boolean running = true;

    public ClusterBus(String nodeId, DataSource pool, Supplier<Connection> dedicatedConnection) {
        this.nodeId = nodeId;
        this.pool = pool;
        this.dedicatedConnection = dedicatedConnection;
        this.publisher = Thread.ofVirtual().name("parley-bus-publisher").unstarted(this::publishLoop);
        this.listener = Thread.ofPlatform().daemon().name("parley-bus-listener").unstarted(this::listenLoop);
    }

    /** Starts listening and publishing; {@code subscriber} gets every event, ours included, in arrival order. */
    public void start(Consumer<List<ClusterEvent.Envelope>> subscriber, Runnable onReconnect) {
        this.subscriber = subscriber;
        this.onReconnect = onReconnect;
        listener.start();
        publisher.start();
    }

    public String nodeId() {
        return nodeId;
    }

    /** Whether the LISTEN connection is up. */
    public boolean listening() {
        return listening;
    }

    /** Records whether other live nodes exist (from the heartbeat, or when one announces itself). */
    public void peers(boolean present) {
        this.peers = present;
    }

    /** Queues an event for the other nodes. Never blocks; a full queue drops it (the periodic catch-up covers it). */
    public void publish(ClusterEvent event) {
        if (!peers && !(event instanceof ClusterEvent.NodeJoined)) {
            return;
        }
        if (!pending.offer(ClusterEvent.encode(nodeId, event))) {
            LOG.log(Level.WARNING, "Cluster event queue full; dropping an event");
        }
    }

    private void publishLoop() {
        List<String> batch = new ArrayList<>();
        while (running) {
            try {
                String first = pending.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch, MAX_BATCH - 1);
                notifyAll(batch);
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) { // NOPMD: the publisher must outlive anything (Loops)
                // The database is unreachable: these wake-ups are lost, the periodic catch-up reads the truth later.
                Loops.failed("bus-publisher", e);
                LOG.log(Level.DEBUG, "Could not publish " + batch.size() + " cluster events: " + e.getMessage());
                batch.clear();
                sleep(Duration.ofMillis(500));
            }
        }
    }

    private void notifyAll(List<String> payloads) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement notify = connection.prepareStatement(
                     "SELECT pg_notify('" + CHANNEL + "', payload) FROM unnest(?) AS payload")) {
            Array array = connection.createArrayOf("text", payloads.toArray());
            notify.setArray(1, array);
            notify.execute();
        }
    }

    private void listenLoop() {
        Duration backoff = Duration.ofMillis(200);
        boolean first = true;
        while (running) {
            try (Connection connection = dedicatedConnection.get()) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                backoff = Duration.ofMillis(200);
                if (!first) {
                    LOG.log(Level.INFO, "Cluster bus reconnected; catching up from the database");
                    onReconnect.run();
                }
                first = false;
                PGConnection pg = connection.unwrap(PGConnection.class);
                long quietSince = System.nanoTime();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        deliver(notifications);
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince > LIVENESS_CHECK.toNanos()) {
                        // A connection that died silently (no reset) would otherwise look like a quiet one.
                        try (Statement probe = connection.createStatement()) {
                            probe.execute("SELECT 1");
                        }
                        quietSince = System.nanoTime();
                    }
                }
            } catch (Throwable e) { // NOPMD: the listener must outlive anything (Loops); it reconnects below
                if (!running) {
                    return;
                }
                if (!(e instanceof SQLException || e instanceof RuntimeException)) {
                    Loops.failed("bus-listener", e);
                }
                if (listening) {
                    LOG.log(Level.WARNING, "Cluster bus connection lost: " + e.getMessage());
                }
                listening = false;
                first = false;
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    private void deliver(PGNotification[] notifications) {
        List<ClusterEvent.Envelope> events = new ArrayList<>(notifications.length);
        for (PGNotification notification : notifications) {
            try {
                events.add(ClusterEvent.decode(notification.getParameter()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Ignoring a foreign notification on " + CHANNEL);
            }
        }
        try {
            subscriber.accept(events);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Handling cluster events failed: " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        publisher.interrupt();
        listener.interrupt();
        try {
            listener.join(Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

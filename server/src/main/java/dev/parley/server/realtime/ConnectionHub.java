package dev.parley.server.realtime;

import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Loops;
import io.helidon.websocket.WsSession;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The only shared realtime state: which connections each user has open on this node. Fans frames out to users,
 * turns a user's first and last connection into presence events, pings idle connections and drops dead ones.
 */
public final class ConnectionHub implements AutoCloseable {

    /** Told when a user's first connection on this node opens and their last one closes, in that order per user. */
    public interface PresenceListener {
        void online(AuthUser user);

        void offline(AuthUser user);
    }

    /** Told which message frames (latest per room) were written to a connection of {@code user}. */
    public interface DeliveryListener {
        void delivered(AuthUser user, Collection<Delivery> latestPerRoom);
    }

    private static final System.Logger LOG = System.getLogger(ConnectionHub.class.getName());

    /** A user's open connections; the lock orders their presence transitions. */
    private static final class UserConnections {
        final ReentrantLock lock = new ReentrantLock();
        final List<Connection> connections = new CopyOnWriteArrayList<>();
    }

    private final Map<Long, UserConnections> users = new ConcurrentHashMap<>();
    /** Open connections per client network; an entry goes when its count reaches zero. */
    private final Map<String, Integer> networks = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private final Limits limits;
    private final Duration pingInterval;
    private final ScheduledExecutorService scheduler;
    private final List<PresenceListener> presence = new CopyOnWriteArrayList<>();
    private volatile DeliveryListener deliveries = (user, latest) -> { };

    /**
     * What one connection and one user may hold: {@code queueFrames} and {@code queueChars} bound each outbound queue
     * (a client that lets either fill up is cut off as a slow consumer), {@code perUser} the open connections of one
     * user on this node (opening one more closes their oldest).
     */
    public record Limits(int queueFrames, long queueChars, int perUser, int perNetwork) {
    }

    /** Close code for a connection closed because its user opened too many. */
    public static final int CLOSE_TOO_MANY = 1008;

    public ConnectionHub(Limits limits, Duration pingInterval) {
        this.limits = limits;
        this.pingInterval = pingInterval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("parley-hub").factory());
        long millis = pingInterval.toMillis();
        scheduler.scheduleWithFixedDelay(Loops.guarded("pings", this::pingAll), millis, millis,
                TimeUnit.MILLISECONDS);
    }

    public void addPresenceListener(PresenceListener listener) {
        presence.add(listener);
    }

    public void deliveryListener(DeliveryListener listener) {
        this.deliveries = listener;
    }

    /**
     * Registers a new connection; its held message frames are released after its first frame or one second. A
     * {@code batching} one gets frames that queued up together as one {@code batch} frame.
     */
    public Connection open(WsSession session, AuthUser user, String network, boolean batching) {
        Connection connection = new Connection(session, user, this, limits.queueFrames(), limits.queueChars(),
                batching);
        if (closing) {
            // The node is going away: a client that reconnects right now is sent on to another node (or a retry).
            connection.close(1001, "server shutting down");
            return connection;
        }
        if (networks.merge(network, 1, Integer::sum) > limits.perNetwork()) {
            networks.computeIfPresent(network, (key, count) -> count == 1 ? null : count - 1);
            connection.close(CLOSE_TOO_MANY, "too many connections from your network: at most " + limits.perNetwork());
            return connection;
        }
        connection.countedIn(network);
        while (true) {
            UserConnections entry = users.computeIfAbsent(user.id(), id -> new UserConnections());
            entry.lock.lock();
            try {
                if (users.get(user.id()) != entry) {
                    continue; // the user's last connection closed meanwhile and took this entry out of the map
                }
                entry.connections.add(connection);
                if (entry.connections.size() == 1) {
                    presence.forEach(listener -> listener.online(user));
                }
                if (entry.connections.size() > limits.perUser()) {
                    // The oldest goes (it is the one most likely forgotten in a tab or on an old device).
                    entry.connections.getFirst().close(CLOSE_TOO_MANY,
                            "too many connections: at most " + limits.perUser() + " per user, closed the oldest");
                }
                break;
            } finally {
                entry.lock.unlock();
            }
        }
        try {
            scheduler.schedule(connection::release, 1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            connection.close(1001, "server shutting down"); // close() began after the check above
        }
        return connection;
    }

    void unregister(Connection connection) {
        if (connection.network() != null) {
            networks.computeIfPresent(connection.network(), (key, count) -> count == 1 ? null : count - 1);
        }
        AuthUser user = connection.user();
        UserConnections entry = users.get(user.id());
        if (entry == null) {
            return;
        }
        entry.lock.lock();
        try {
            if (entry.connections.remove(connection) && entry.connections.isEmpty()) {
                users.remove(user.id(), entry);
                presence.forEach(listener -> listener.offline(user));
            }
        } finally {
            entry.lock.unlock();
        }
    }

    void delivered(AuthUser user, Collection<Delivery> latestPerRoom) {
        try {
            deliveries.delivered(user, latestPerRoom);
        } catch (RuntimeException e) {
            // A receipt that cannot be stored now is not lost: the next delivery or read moves the watermark.
            LOG.log(Level.WARNING, "Could not record delivery receipts: " + e.getMessage());
        }
    }

    /** Every open connection of these users. */
    public List<Connection> connections(Collection<Long> userIds) {
        List<Connection> result = new ArrayList<>();
        for (Long userId : userIds) {
            UserConnections entry = users.get(userId);
            if (entry != null) {
                result.addAll(entry.connections);
            }
        }
        return result;
    }

    /** Sends one serialised frame to every connection of these users except {@code except} (may be null). */
    public void send(Collection<Long> userIds, String json, Connection except) {
        for (Long userId : userIds) {
            UserConnections entry = users.get(userId);
            if (entry != null) {
                for (Connection connection : entry.connections) { // a snapshot: no copy of the list per frame
                    if (connection != except) {
                        connection.send(json);
                    }
                }
            }
        }
    }

    /**
     * Delivers one serialised message frame to every connection of these users except {@code except}. On the
     * message writer's thread for every member of a group: it walks the connections without building a list.
     */
    public void deliver(Collection<Long> userIds, Delivery delivery, String json, Connection except) {
        for (Long userId : userIds) {
            UserConnections entry = users.get(userId);
            if (entry != null) {
                for (Connection connection : entry.connections) {
                    if (connection != except) {
                        connection.deliver(delivery, json);
                    }
                }
            }
        }
    }

    /** The users with at least one connection on this node. */
    public List<Long> connectedUserIds() {
        return List.copyOf(users.keySet());
    }

    /** Closes every connection of a session that signed out (1008: its credentials are no longer valid). */
    public void closeSession(String session) {
        for (UserConnections entry : users.values()) {
            for (Connection connection : entry.connections) {
                if (session.equals(connection.user().session())) {
                    connection.close(1008, "signed out");
                }
            }
        }
    }

    /** The sessions that connections on this node belong to. */
    public java.util.Set<String> sessions() {
        java.util.Set<String> sessions = new java.util.HashSet<>();
        for (UserConnections entry : users.values()) {
            for (Connection connection : entry.connections) {
                if (connection.user().session() != null) {
                    sessions.add(connection.user().session());
                }
            }
        }
        return sessions;
    }

    private void pingAll() {
        long deadAfter = pingInterval.multipliedBy(3).toNanos();
        for (UserConnections entry : users.values()) {
            for (Connection connection : entry.connections) {
                if (connection.idleNanos() > deadAfter) {
                    connection.close(1001, "no answer to pings");
                } else {
                    connection.ping();
                }
            }
        }
    }

    /** Closes every connection with 1001 (going away) so that clients reconnect elsewhere and sync. */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        for (UserConnections entry : users.values()) {
            for (Connection connection : entry.connections) {
                connection.close(1001, "server shutting down");
            }
        }
    }
}

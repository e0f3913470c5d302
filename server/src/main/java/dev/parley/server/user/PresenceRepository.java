package dev.parley.server.user;

import dev.parley.server.common.Ids;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Nodes and their presence sessions: the cluster-wide truth about who is online. */
public final class PresenceRepository {

    /** A user's presence as everyone sees it. */
    public record State(String username, boolean online, Instant lastSeen) {
    }

    private final DbClient db;
    private final int ttlSeconds;

    public PresenceRepository(DbClient db, int ttlSeconds) {
        this.db = db;
        this.ttlSeconds = ttlSeconds;
    }

    public void registerNode(String nodeId) {
        db.execute().createNamedInsert("register-node").addParam("node_id", nodeId).execute();
    }

    /** Refreshes the node's heartbeat; false when its row is gone (it was reaped as dead). */
    public boolean heartbeat(String nodeId) {
        return db.execute().createNamedUpdate("heartbeat-node").addParam("node_id", nodeId).execute() > 0;
    }

    /** Removes the node and, by cascade, its sessions. */
    public void deleteNode(String nodeId) {
        db.execute().createNamedDelete("delete-node").addParam("node_id", nodeId).execute();
    }

    /** How many nodes have a fresh heartbeat (this one included). */
    public long liveNodes() {
        return db.execute().createNamedGet("count-live-nodes")
                .addParam("presence_ttl", ttlSeconds)
                .execute()
                .map(row -> row.column("n").get(Long.class))
                .orElse(0L);
    }

    /** Records sessions of these users on this node (a node that was taken for dead registering again). */
    public void addSessions(String nodeId, Collection<Long> userIds) {
        db.execute().createNamedInsert("insert-presence-sessions")
                .addParam("node_id", nodeId)
                .addParam("user_ids", Ids.commaSeparated(userIds))
                .execute();
    }

    /**
     * Records the sessions on this node of the users who came online and removes those of the users who went offline,
     * and moves the last seen of both to now, in one statement (a batch of the presence writer).
     */
    public void record(String nodeId, Collection<Long> online, Collection<Long> offline) {
        db.execute().createNamedUpdate("record-presence")
                .addParam("node_id", nodeId)
                .addParam("online", Ids.commaSeparated(online))
                .addParam("offline", Ids.commaSeparated(offline))
                .execute();
    }

    /** The user's presence as others may see it: offline with no last seen when they show it to nobody. */
    public State state(long userId) {
        return db.execute().createNamedGet("select-presence")
                .addParam("user_id", userId)
                .addParam("presence_ttl", ttlSeconds)
                .execute()
                .map(row -> new State(row.column("username").get(String.class), row.column("online").get(Boolean.class),
                        UserRepository.instant(row, "last_seen_at")))
                .orElseThrow(() -> new IllegalStateException("no user " + userId));
    }

    /** The presence of each of these users as others may see it ({@link #state}), in one query. */
    public Map<Long, State> states(Collection<Long> userIds) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-presence-of-users")
                .addParam("user_ids", Ids.commaSeparated(userIds))
                .addParam("presence_ttl", ttlSeconds)
                .execute()) {
            Map<Long, State> states = new HashMap<>();
            rows.forEach(row -> states.put(row.column("id").get(Long.class), new State(
                    row.column("username").get(String.class), row.column("online").get(Boolean.class),
                    UserRepository.instant(row, "last_seen_at"))));
            return states;
        }
    }

    /** Deletes nodes whose heartbeat is older than the TTL; returns the users they had, now with last_seen set. */
    public List<Long> reapDeadNodes() {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("reap-dead-nodes")
                .addParam("presence_ttl", ttlSeconds)
                .execute()) {
            return rows.map(row -> row.column("user_id").get(Long.class)).toList();
        }
    }
}

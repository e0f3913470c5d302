package dev.parley.server.user;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.time.Instant;
import java.util.List;
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

    public void addSession(String nodeId, long userId) {
        db.execute().createNamedInsert("insert-presence-session")
                .addParam("node_id", nodeId)
                .addParam("user_id", userId)
                .execute();
    }

    /** Records a session of the user on this node and moves their last seen to now, in one statement. */
    public void online(String nodeId, long userId) {
        touching("insert-presence-session-touch", nodeId, userId);
    }

    /** Removes the user's session on this node and moves their last seen to now, in one statement. */
    public void offline(String nodeId, long userId) {
        touching("delete-presence-session-touch", nodeId, userId);
    }

    private void touching(String statement, String nodeId, long userId) {
        db.execute().createNamedGet(statement)
                .addParam("node_id", nodeId)
                .addParam("user_id", userId)
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

    /** Deletes nodes whose heartbeat is older than the TTL; returns the users they had, now with last_seen set. */
    public List<Long> reapDeadNodes() {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("reap-dead-nodes")
                .addParam("presence_ttl", ttlSeconds)
                .execute()) {
            return rows.map(row -> row.column("user_id").get(Long.class)).toList();
        }
    }
}

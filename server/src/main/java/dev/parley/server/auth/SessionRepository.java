package dev.parley.server.auth;

import dev.parley.protocol.SessionView;
import dev.parley.server.common.AuthUser;
import dev.parley.server.user.UserRepository;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores sessions by token hash. The session key that the rest of the server knows (and signs out by) is the hex of
 * that hash; the public {@code id} is what a user sees in their list of devices.
 */
public final class SessionRepository {

    /**
     * Which of these sessions (keys) are live, moving their last use: the sessions of open WebSockets are in use.
     * Plain JDBC: DbClient cannot bind the array of keys.
     */
    private static final String LIVE_AMONG = """
            WITH keys AS (SELECT decode(k, 'hex') AS token_hash FROM unnest(?::text[]) AS k),
            live AS (
              SELECT s.token_hash, s.last_used_at FROM sessions s JOIN keys USING (token_hash)
              WHERE s.expires_at > now() AND s.last_used_at > now() - make_interval(days => ?)),
            touched AS (
              UPDATE sessions s SET last_used_at = now() FROM live
              WHERE s.token_hash = live.token_hash AND live.last_used_at < now() - interval '1 minute')
            SELECT encode(token_hash, 'hex') FROM live""";

    private final DbClient db;
    private final DataSource pool;
    private final int idleDays;

    public SessionRepository(DbClient db, DataSource pool, int idleDays) {
        this.db = db;
        this.pool = pool;
        this.idleDays = idleDays;
    }

    void insert(byte[] tokenHash, long userId, int days, String userAgent, String address) {
        db.execute().createNamedInsert("insert-session")
                .addParam("token_hash", tokenHash)
                .addParam("user_id", userId)
                .addParam("days", days)
                .addParam("user_agent", userAgent)
                .addParam("address", address)
                .execute();
    }

    Optional<AuthUser> findUser(byte[] tokenHash) {
        return db.execute().createNamedGet("select-session-user")
                .addParam("token_hash", tokenHash)
                .addParam("idle_days", idleDays)
                .execute()
                .map(row -> new AuthUser(row.column("id").get(Long.class), row.column("username").get(String.class),
                        HexFormat.of().formatHex(tokenHash)));
    }

    /** Deletes the session of this token hash; false when there was none. */
    boolean delete(byte[] tokenHash) {
        return db.execute().createNamedDelete("delete-session")
                .addParam("token_hash", tokenHash)
                .execute() > 0;
    }

    List<SessionView> ofUser(long userId, byte[] currentTokenHash) {
        return db.execute().createNamedQuery("select-sessions-of-user")
                .addParam("user_id", userId)
                .addParam("current", currentTokenHash)
                .addParam("idle_days", idleDays)
                .execute()
                .map(row -> new SessionView(row.column("id").get(UUID.class), instant(row, "created_at"),
                        instant(row, "last_used_at"), row.column("user_agent").get(String.class),
                        row.column("address").get(String.class), row.column("current").get(Boolean.class)))
                .toList();
    }

    /** Deletes one session of the user by its public id; the key of the session deleted, if any. */
    Optional<String> deleteById(long userId, UUID id) {
        return db.execute().createNamedGet("delete-session-by-id")
                .addParam("id", id.toString())
                .addParam("user_id", userId)
                .execute()
                .map(row -> row.column("session").get(String.class));
    }

    /** Deletes every session of the user; their keys. */
    List<String> deleteAll(long userId) {
        return db.execute().createNamedQuery("delete-sessions-of-user")
                .addParam("user_id", userId)
                .execute()
                .map(row -> row.column("session").get(String.class))
                .toList();
    }

    /** Deletes the user's sessions beyond the {@code keep} most recently used; their keys. */
    List<String> deleteBeyond(long userId, int keep) {
        return db.execute().createNamedQuery("delete-sessions-beyond-cap")
                .addParam("user_id", userId)
                .addParam("keep", keep)
                .execute()
                .map(row -> row.column("session").get(String.class))
                .toList();
    }

    /** Deletes expired and idle sessions; how many. */
    long deleteDead() {
        return db.execute().createNamedDelete("delete-dead-sessions")
                .addParam("idle_days", idleDays)
                .execute();
    }

    /** The keys among {@code sessions} that are still live (and marks them used). */
    Set<String> liveAmong(Collection<String> sessions) {
        if (sessions.isEmpty()) {
            return Set.of();
        }
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(LIVE_AMONG)) {
            statement.setArray(1, connection.createArrayOf("text", sessions.toArray()));
            statement.setInt(2, idleDays);
            Set<String> live = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    live.add(rows.getString(1));
                }
            }
            return live;
        } catch (SQLException e) {
            throw new IllegalStateException("Checking open sessions failed: " + e.getMessage(), e);
        }
    }

    private static Instant instant(DbRow row, String column) {
        return UserRepository.instant(row, column);
    }
}

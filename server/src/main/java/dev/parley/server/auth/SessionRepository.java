package dev.parley.server.auth;

import dev.parley.server.common.AuthUser;
import io.helidon.dbclient.DbClient;
import java.util.HexFormat;
import java.util.Optional;

/** Stores sessions by token hash. */
public final class SessionRepository {

    private final DbClient db;

    public SessionRepository(DbClient db) {
        this.db = db;
    }

    void insert(byte[] tokenHash, long userId, int days) {
        db.execute().createNamedInsert("insert-session")
                .addParam("token_hash", tokenHash)
                .addParam("user_id", userId)
                .addParam("days", days)
                .execute();
    }

    Optional<AuthUser> findUser(byte[] tokenHash) {
        return db.execute().createNamedGet("select-session-user")
                .addParam("token_hash", tokenHash)
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
}

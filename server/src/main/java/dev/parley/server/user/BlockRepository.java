package dev.parley.server.user;

import dev.parley.protocol.BlockedUserView;
import dev.parley.server.common.Ids;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The {@code blocks} table: who blocked whom. */
final class BlockRepository {

    private final DbClient db;

    BlockRepository(DbClient db) {
        this.db = db;
    }

    /** Records the block; false when it existed already. */
    boolean insert(long blockerId, long blockedId) {
        return db.execute().createNamedInsert("insert-block")
                .addParam("blocker_id", blockerId)
                .addParam("blocked_id", blockedId)
                .execute() > 0;
    }

    /** Removes the block; false when there was none. */
    boolean delete(long blockerId, long blockedId) {
        return db.execute().createNamedDelete("delete-block")
                .addParam("blocker_id", blockerId)
                .addParam("blocked_id", blockedId)
                .execute() > 0;
    }

    /** The people the user blocked, by name. */
    List<BlockedUserView> blockedBy(long userId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-blocked-by-user")
                .addParam("user_id", userId)
                .execute()) {
            return rows.map(row -> new BlockedUserView(row.column("username").get(String.class),
                    row.column("display_name").get(String.class), row.column("about").get(String.class),
                    UserRepository.instant(row, "created_at"))).toList();
        }
    }

    /** Everyone in a block with the user: true for those the user blocked, false for those who blocked the user. */
    Map<Long, Boolean> partners(long userId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-block-partners")
                .addParam("user_id", userId)
                .execute()) {
            Map<Long, Boolean> partners = new HashMap<>();
            // Both ways at once (each blocked the other): "the user blocked them" wins, it is what they can undo.
            rows.forEach(row -> partners.merge(row.column("partner_id").get(Long.class),
                    row.column("blocked_by_user").get(Boolean.class), Boolean::logicalOr));
            return Map.copyOf(partners);
        }
    }

    /** {@link #partners} of many users in one query; a user in no block maps to an empty map. */
    Map<Long, Map<Long, Boolean>> partners(Collection<Long> userIds) {
        Map<Long, Map<Long, Boolean>> all = new HashMap<>();
        userIds.forEach(id -> all.put(id, new HashMap<>()));
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-block-partners-of-users")
                .addParam("user_ids", Ids.commaSeparated(userIds))
                .execute()) {
            rows.forEach(row -> all.get(row.column("user_id").get(Long.class)).merge(
                    row.column("partner_id").get(Long.class), row.column("blocked_by_user").get(Boolean.class),
                    Boolean::logicalOr));
        }
        all.replaceAll((id, partners) -> Map.copyOf(partners));
        return all;
    }
}

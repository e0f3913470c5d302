package dev.parley.server.user;

import dev.parley.protocol.UserView;
import dev.parley.server.common.Ids;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.stream.Stream;

/** Users and the facts about them that others may see. */
public final class UserRepository {

    /**
     * A stored user; {@code passwordHash} is null where the query does not need it, {@code displayName} and
     * {@code about} where the user did not set them.
     */
    public record UserRow(long id, String username, String displayName, String about, String passwordHash,
                          Instant lastSeen, boolean online) {

        /** The user as others see them. */
        public UserView view() {
            return new UserView(username, displayName, about, online, lastSeen);
        }
    }

    /** A user's profile: null where not set. */
    public record Profile(String username, String displayName, String about) {
    }

    private final DbClient db;
    private final int presenceTtlSeconds;
    private final Map<Long, String> names = new ConcurrentHashMap<>();

    /** {@code presenceTtlSeconds}: how fresh a node's heartbeat must be for its sessions to count as online. */
    public UserRepository(DbClient db, int presenceTtlSeconds) {
        this.db = db;
        this.presenceTtlSeconds = presenceTtlSeconds;
    }

    /** Inserts a user, or returns empty when the username is taken. */
    public Optional<UserRow> insert(String username, String passwordHash) {
        return db.execute().createNamedGet("insert-user")
                .addParam("username", username)
                .addParam("password_hash", passwordHash)
                .execute()
                .map(UserRepository::toUser);
    }

    public Optional<UserRow> findByName(String username) {
        return db.execute().createNamedGet("select-user-by-name")
                .addParam("username", username)
                .addParam("presence_ttl", presenceTtlSeconds)
                .execute()
                .map(row -> new UserRow(row.column("id").get(Long.class),
                        row.column("username").get(String.class),
                        row.column("display_name").get(String.class),
                        row.column("about").get(String.class),
                        row.column("password_hash").get(String.class),
                        instant(row, "last_seen_at"),
                        row.column("online").get(Boolean.class)));
    }

    /** The username of an id; usernames never change, so they are cached. */
    public String username(long userId) {
        return names.computeIfAbsent(userId, id -> db.execute().createNamedGet("select-username")
                .addParam("user_id", id)
                .execute()
                .map(row -> row.column("username").get(String.class))
                .orElseThrow(() -> new IllegalStateException("no user " + id)));
    }

    /**
     * Users whose name starts with {@code prefix}, except {@code userId}, in name order. Presence is private to
     * people who share a room and are in no block with each other: for anyone else {@code online} is false and
     * {@code lastSeen} null.
     */
    public List<UserRow> findByPrefix(String prefix, long userId, int limit) {
        String pattern = prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%";
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-users-by-prefix")
                .addParam("pattern", pattern)
                .addParam("user_id", userId)
                .addParam("caller_id", userId)
                .addParam("blocker_id", userId)
                .addParam("blocked_id", userId)
                .addParam("limit", limit)
                .addParam("presence_ttl", presenceTtlSeconds)
                .execute()) {
            return rows.map(UserRepository::toUser).toList();
        }
    }

    /** Everyone who shares at least one room with the user. */
    public List<Long> coMemberIds(long userId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-co-member-ids")
                .addParam("user_id", userId)
                .execute()) {
            return rows.map(row -> row.column("user_id").get(Long.class)).toList();
        }
    }

    /** {@link #coMemberIds} of many users in one query: user id → the partners of their direct chats (none: absent). */
    public Map<Long, List<Long>> coMemberIds(Collection<Long> userIds) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-co-member-ids-of-users")
                .addParam("user_ids", Ids.commaSeparated(userIds))
                .execute()) {
            Map<Long, List<Long>> partners = new HashMap<>();
            rows.forEach(row -> partners.computeIfAbsent(row.column("user_id").get(Long.class), id -> new ArrayList<>())
                    .add(row.column("other_id").get(Long.class)));
            return partners;
        }
    }

    private static UserRow toUser(DbRow row) {
        return new UserRow(row.column("id").get(Long.class), row.column("username").get(String.class),
                row.column("display_name").get(String.class), row.column("about").get(String.class), null,
                instant(row, "last_seen_at"), row.column("online").get(Boolean.class));
    }

    /**
     * Sets the fields of the user's profile that {@code setDisplayName} / {@code setAbout} say (null clears one) and
     * returns the profile as stored.
     */
    public Profile updateProfile(long userId, boolean setDisplayName, String displayName, boolean setAbout,
                                 String about) {
        return db.execute().createNamedGet("update-profile")
                .addParam("user_id", userId)
                .addParam("set_display_name", setDisplayName)
                .addParam("display_name", displayName)
                .addParam("set_about", setAbout)
                .addParam("about", about)
                .execute()
                .map(row -> new Profile(username(userId), row.column("display_name").get(String.class),
                        row.column("about").get(String.class)))
                .orElseThrow(() -> new IllegalStateException("no user " + userId));
    }

    /** The user's profile as stored now. */
    public Profile profile(long userId) {
        return db.execute().createNamedGet("select-profile")
                .addParam("user_id", userId)
                .execute()
                .map(row -> new Profile(row.column("username").get(String.class),
                        row.column("display_name").get(String.class), row.column("about").get(String.class)))
                .orElseThrow(() -> new IllegalStateException("no user " + userId));
    }

    /** Everyone who shares a room with the user now, groups included. */
    public List<Long> profileAudience(long userId) {
        try (Stream<DbRow> rows = db.execute().createNamedQuery("select-profile-audience")
                .addParam("user_id", userId)
                .execute()) {
            return rows.map(row -> row.column("user_id").get(Long.class)).toList();
        }
    }

    /** Reads a nullable timestamptz column. */
    public static Instant instant(DbRow row, String column) {
        Timestamp value = row.column(column).get(Timestamp.class);
        return value == null ? null : value.toInstant();
    }
}

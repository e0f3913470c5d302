package dev.parley.server.search;

import dev.parley.server.common.ApiException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * The candidates of a search, newest first: the messages of {@code message_search} that match every term, in the
 * ranges of the rooms' logs the user may see (see the V5 migration: a member from the event that brought them in;
 * someone who left up to the event that ended their membership). For a former member, a message edited after they
 * left is matched by the text they saw (from {@code message_versions}), never by its later text.
 *
 * <p>The query is planned for its actual terms each time (an unnamed statement): a generic plan cannot know whether
 * a word is rare (walk the word's index) or common (walk the user's newest messages).
 */
final class SearchRepository {

    /** A candidate: where it is, when it was sent (the order), its edit time as indexed, and whether it is an old text. */
    record Candidate(long roomId, long seq, Timestamp createdAt, Timestamp editedAt, boolean oldText) {
        Cursor cursor() {
            return new Cursor(createdAt.toInstant(), roomId, seq);
        }
    }

    private static final String NEVER_LEFT = "9223372036854775807";
    private static final String RANGES = """
            WITH ranges AS (
                SELECT room_id, lo, hi, max(hi) OVER (PARTITION BY room_id) AS horizon
                FROM (SELECT room_id, joined_seq AS lo, COALESCE(left_seq, %1$s) AS hi
                      FROM room_members WHERE user_id = ? %2$s
                      UNION ALL
                      SELECT room_id, from_seq, to_seq FROM room_member_ranges WHERE user_id = ? %2$s) r),
            hits AS (
                SELECT s.room_id, s.seq, s.created_at, s.edited_at, false AS old_text
                FROM ranges r JOIN message_search s ON s.room_id = r.room_id AND s.seq BETWEEN r.lo AND r.hi
                WHERE s.room_id = ANY (?::bigint[]) AND %3$s %4$s
                  AND (s.edited_at IS NULL OR r.horizon = %1$s
                       OR NOT EXISTS (SELECT 1 FROM message_versions v
                                      WHERE v.room_id = s.room_id AND v.seq = s.seq AND v.edit_seq > r.horizon))
                UNION ALL
                SELECT v.room_id, v.seq, m.created_at, m.edited_at, true
                FROM ranges r
                JOIN message_versions v ON v.room_id = r.room_id AND v.seq BETWEEN r.lo AND r.hi
                                       AND v.edit_seq > r.horizon
                JOIN messages m ON m.room_id = v.room_id AND m.seq = v.seq
                CROSS JOIN LATERAL (SELECT parley_fold(v.content) AS folded) f
                WHERE r.horizon < %1$s AND m.deleted_at IS NULL
                  AND v.edit_seq = (SELECT min(w.edit_seq) FROM message_versions w
                                    WHERE w.room_id = v.room_id AND w.seq = v.seq AND w.edit_seq > r.horizon)
                  AND %5$s %6$s)
            SELECT room_id, seq, created_at, edited_at, old_text FROM hits
            ORDER BY created_at DESC, room_id DESC, seq DESC LIMIT ?""";

    /** The rooms the user is or was in (all of them, or the one asked for). */
    private static final String ROOMS = """
            SELECT room_id FROM room_members WHERE user_id = ? %1$s
            UNION SELECT room_id FROM room_member_ranges WHERE user_id = ? %1$s""";

    private final DataSource pool;

    SearchRepository(DataSource pool) {
        this.pool = pool;
    }

    /**
     * Up to {@code limit} candidates of {@code userId} for the query, newest first, older than {@code before} (null:
     * from the newest), in one room ({@code roomId} > 0) or in all of theirs.
     */
    List<Candidate> candidates(long userId, SearchQuery query, long roomId, Cursor before, int limit) {
        String inRoom = roomId > 0 ? "AND room_id = ?" : "";
        String sql = RANGES.formatted(NEVER_LEFT, inRoom,
                matches(query, "s.words", "s.folded"), before == null ? "" : "AND (s.created_at, s.room_id, s.seq) < (?, ?, ?)",
                matches(query, "parley_words(f.folded)", "f.folded"),
                before == null ? "" : "AND (m.created_at, m.room_id, m.seq) < (?, ?, ?)");
        try (Connection db = pool.getConnection(); PreparedStatement statement = db.prepareStatement(sql)) {
            // Planned with the actual terms and rooms every time: the plan differs between a rare word and a common
            // one, a small room and a busy one (the rooms are given as values, which the planner's statistics know).
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            statement.setQueryTimeout(10);
            Object[] rooms = rooms(db, userId, roomId);
            if (rooms.length == 0) {
                return List.of();
            }
            int at = 1;
            for (int i = 0; i < 2; i++) { // both halves of the ranges
                statement.setLong(at++, userId);
                if (roomId > 0) {
                    statement.setLong(at++, roomId);
                }
            }
            for (int i = 0; i < 2; i++) { // the index's hits, then old texts
                if (i == 0) {
                    statement.setArray(at++, db.createArrayOf("bigint", rooms));
                }
                at = bindTerms(statement, at, query);
                if (before != null) {
                    statement.setTimestamp(at++, Timestamp.from(before.createdAt()));
                    statement.setLong(at++, before.roomId());
                    statement.setLong(at++, before.seq());
                }
            }
            statement.setInt(at, limit);
            List<Candidate> candidates = new ArrayList<>(limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    candidates.add(new Candidate(rows.getLong(1), rows.getLong(2), rows.getTimestamp(3),
                            rows.getTimestamp(4), rows.getBoolean(5)));
                }
            }
            return candidates;
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) { // query_canceled: it ran into its timeout
                throw ApiException.unavailable("the search took too long; try more specific words");
            }
            throw new IllegalStateException("search failed: " + e.getMessage(), e);
        }
    }

    private static Object[] rooms(Connection db, long userId, long roomId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(ROOMS.formatted(roomId > 0 ? "AND room_id = ?" : ""))) {
            int at = 1;
            for (int i = 0; i < 2; i++) {
                query.setLong(at++, userId);
                if (roomId > 0) {
                    query.setLong(at++, roomId);
                }
            }
            List<Long> rooms = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    rooms.add(rows.getLong(1));
                }
            }
            return rooms.toArray();
        }
    }

    /**
     * The condition that every term matches: the words as one full-text query over {@code words} (a prefix query for
     * all but one-letter words), each substring as a LIKE over {@code folded} (trigram-indexed).
     */
    private static String matches(SearchQuery query, String words, String folded) {
        List<String> conditions = new ArrayList<>();
        if (!query.words().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (SearchQuery.Term term : query.words()) {
                parts.add(term.prefix() ? "(plainto_tsquery('simple', parley_fold(?))::text || ':*')::tsquery"
                        : "plainto_tsquery('simple', parley_fold(?))");
            }
            conditions.add(words + " @@ (" + String.join(" && ", parts) + ")");
        }
        for (int i = 0; i < query.substrings().size(); i++) {
            conditions.add(folded + " LIKE ('%' || parley_fold(?) || '%')");
        }
        return String.join(" AND ", conditions);
    }

    private static int bindTerms(PreparedStatement statement, int at, SearchQuery query) throws SQLException {
        for (SearchQuery.Term term : query.words()) {
            statement.setString(at++, term.text());
        }
        for (SearchQuery.Term term : query.substrings()) {
            statement.setString(at++, likeEscaped(term.text()));
        }
        return at;
    }

    /** The text as a LIKE pattern that matches it literally (backslash is LIKE's default escape). */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

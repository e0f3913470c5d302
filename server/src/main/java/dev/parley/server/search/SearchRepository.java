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
 * <p>The user's ranges are read first and given to the search as values, so the planner knows which rooms (and how
 * busy they are) when it plans the search for its actual words.
 */
final class SearchRepository {

    /** A candidate: where it is, when it was sent (the order), its edit time as indexed, and whether it is an old text. */
    record Candidate(long roomId, long seq, Timestamp createdAt, Timestamp editedAt, boolean oldText) {
        Cursor cursor() {
            return new Cursor(createdAt.toInstant(), roomId, seq);
        }
    }

    private static final long NEVER_LEFT = Long.MAX_VALUE;
    /**
     * The visible ranges of the user's rooms (all, or the one asked for), each with the room's horizon: the end of
     * the last range (Long.MAX_VALUE while a member), up to which texts are shown as they are now. What the user
     * cleared for themselves (up to cleared_seq, V14) is cut off.
     */
    private static final String RANGES = """
            SELECT room_id, lo, hi, horizon
            FROM (SELECT room_id, GREATEST(lo, cleared + 1) AS lo, hi, max(hi) OVER (PARTITION BY room_id) AS horizon
                  FROM (SELECT room_id, joined_seq AS lo, COALESCE(left_seq, 9223372036854775807) AS hi,
                               cleared_seq AS cleared
                        FROM room_members WHERE user_id = ? %1$s
                        UNION ALL
                        SELECT x.room_id, x.from_seq, x.to_seq, m.cleared_seq FROM room_member_ranges x
                        JOIN room_members m ON m.room_id = x.room_id AND m.user_id = x.user_id
                        WHERE x.user_id = ? %2$s) r) c
            WHERE lo <= hi""";
    /**
     * The indexed messages in those ranges that match (%1$s), older than a cursor (%2$s), newest first; for a room
     * the user left, not those edited after their horizon (what they saw is the old text: {@link #OLD_TEXTS}).
     * Planned for its actual values every time (an unnamed statement): the plan that suits all values leads with
     * the word's index for every room and ran 20x slower on a busy user's rooms than walking them (measured), and
     * this shape plans in about 0.6 ms (the first version, ranges and old texts in one statement, took 5).
     */
    private static final String HITS = """
            SELECT s.room_id, s.seq, s.created_at, s.edited_at
            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS r(room_id, lo, hi, horizon)
            JOIN message_search s ON s.room_id = r.room_id AND s.seq BETWEEN r.lo AND r.hi
            WHERE %1$s %2$s
              AND (s.edited_at IS NULL OR r.horizon = 9223372036854775807
                   OR NOT EXISTS (SELECT 1 FROM message_versions v
                                  WHERE v.room_id = s.room_id AND v.seq = s.seq AND v.edit_seq > r.horizon))
            ORDER BY s.created_at DESC, s.room_id DESC, s.seq DESC LIMIT ?""";
    /**
     * For rooms the user left: messages edited after they left, matched by the text they saw (the first version
     * replaced after their horizon), not indexed (there are few).
     */
    private static final String OLD_TEXTS = """
            SELECT v.room_id, v.seq, m.created_at, m.edited_at
            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS r(room_id, lo, hi, horizon)
            JOIN message_versions v ON v.room_id = r.room_id AND v.seq BETWEEN r.lo AND r.hi
                                   AND v.edit_seq > r.horizon
            JOIN messages m ON m.room_id = v.room_id AND m.seq = v.seq
            CROSS JOIN LATERAL (SELECT parley_fold(v.content) AS folded) f
            WHERE m.deleted_at IS NULL
              AND v.edit_seq = (SELECT min(w.edit_seq) FROM message_versions w
                                WHERE w.room_id = v.room_id AND w.seq = v.seq AND w.edit_seq > r.horizon)
              AND %1$s %2$s
            ORDER BY m.created_at DESC, v.room_id DESC, v.seq DESC LIMIT ?""";

    /** One visible range of a room's log, and the room's horizon. */
    private record Range(long roomId, long lo, long hi, long horizon) {
    }

    private final DataSource pool;

    SearchRepository(DataSource pool) {
        this.pool = pool;
    }

    /**
     * Up to {@code limit} candidates of {@code userId} for the query, newest first, older than {@code before} (null:
     * from the newest), in one room ({@code roomId} > 0) or in all of theirs.
     */
    List<Candidate> candidates(long userId, SearchQuery query, long roomId, Cursor before, int limit) {
        try (Connection db = pool.getConnection()) {
            List<Range> ranges = ranges(db, userId, roomId);
            if (ranges.isEmpty()) {
                return List.of();
            }
            List<Candidate> candidates = read(db, HITS.formatted(matches(query, "s.words", "s.folded"),
                    before == null ? "" : "AND (s.created_at, s.room_id, s.seq) < (?, ?, ?)"), ranges, query, before,
                    limit, false);
            List<Range> left = ranges.stream().filter(range -> range.horizon() != NEVER_LEFT).toList();
            if (left.isEmpty()) {
                return candidates;
            }
            List<Candidate> all = new ArrayList<>(candidates);
            all.addAll(read(db, OLD_TEXTS.formatted(matches(query, "parley_words(f.folded)", "f.folded"),
                    before == null ? "" : "AND (m.created_at, m.room_id, m.seq) < (?, ?, ?)"), left, query, before,
                    limit, true));
            all.sort(java.util.Comparator.comparing(Candidate::createdAt).thenComparingLong(Candidate::roomId)
                    .thenComparingLong(Candidate::seq).reversed());
            return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) { // query_canceled: it ran into its timeout
                throw ApiException.unavailable("the search took too long; try more specific words");
            }
            throw new IllegalStateException("search failed: " + e.getMessage(), e);
        }
    }

    private static List<Range> ranges(Connection db, long userId, long roomId) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(RANGES.formatted(roomId > 0 ? "AND room_id = ?" : "",
                roomId > 0 ? "AND x.room_id = ?" : ""))) {
            int at = 1;
            for (int i = 0; i < 2; i++) {
                query.setLong(at++, userId);
                if (roomId > 0) {
                    query.setLong(at++, roomId);
                }
            }
            List<Range> ranges = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ranges.add(new Range(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
                }
            }
            return ranges;
        }
    }

    private static List<Candidate> read(Connection db, String sql, List<Range> ranges, SearchQuery query,
                                        Cursor before, int limit, boolean oldText) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0); // a custom plan, see HITS
            statement.setQueryTimeout(10);
            statement.setArray(1, db.createArrayOf("bigint", ranges.stream().map(Range::roomId).toArray()));
            statement.setArray(2, db.createArrayOf("bigint", ranges.stream().map(Range::lo).toArray()));
            statement.setArray(3, db.createArrayOf("bigint", ranges.stream().map(Range::hi).toArray()));
            statement.setArray(4, db.createArrayOf("bigint", ranges.stream().map(Range::horizon).toArray()));
            int at = bindTerms(statement, 5, query);
            if (before != null) {
                statement.setTimestamp(at++, Timestamp.from(before.createdAt()));
                statement.setLong(at++, before.roomId());
                statement.setLong(at++, before.seq());
            }
            statement.setInt(at, limit);
            List<Candidate> candidates = new ArrayList<>(limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    candidates.add(new Candidate(rows.getLong(1), rows.getLong(2), rows.getTimestamp(3),
                            rows.getTimestamp(4), oldText));
                }
            }
            return candidates;
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

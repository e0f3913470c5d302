package dev.parley.server.search;

import dev.parley.server.common.Loops;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Keeps {@code message_search} following the rooms' event logs (see the V10 migration): each room from where it was
 * last indexed ({@code search_progress}), in seq order, a bounded number of events per room and round. A new
 * message's text is stored, an edited message's text replaced, a deleted message's removed, all in one statement per
 * round (one snapshot: it sees a prefix of each room's log, so a later edit is never undone by an earlier one).
 *
 * <p>The rooms to look at come from this node's own commits ({@link #appended}) and from a sweep that compares every
 * room's last seq with its progress (at start, then every few minutes: what another node wrote and did not index
 * before it stopped, what this one had not reached before a restart). Several nodes may index the same room at
 * once: each write keeps the newer edit, and the progress only moves forward. The indexer runs on a thread of its
 * own, never inside a send's transaction: when it falls behind, search lags, sending does not slow down.
 */
public final class SearchIndexer implements AutoCloseable {

    /**
     * Tuning: how often to index, how much per room and round (a room's seqs have no gaps: its next events are a
     * range), the most rooms per statement, how often to sweep, and the share of its thread's time the indexer may
     * be busy ({@code busyPercent}: after a statement that took t it rests t * (100 / busyPercent - 1), so that
     * under a burst of sends it takes a bounded share of the CPU and catches up afterwards; 100 = never rests).
     */
    public record Settings(Duration interval, int eventsPerRoom, int roomsPerRound, Duration sweep, int busyPercent) {
        public Settings {
            if (busyPercent < 1 || busyPercent > 100) {
                throw new IllegalArgumentException("busy percent must be between 1 and 100");
            }
        }
    }

    private static final String INDEX = """
            WITH todo AS (SELECT unnest(?::bigint[]) AS room_id),
            done AS (
                SELECT t.room_id, COALESCE(p.indexed_seq, 0) AS seq
                FROM todo t LEFT JOIN search_progress p ON p.room_id = t.room_id),
            log AS (
                SELECT m.room_id, m.seq,
                       CASE WHEN m.target_seq IS NULL THEN m.seq
                            WHEN m.event->>'action' IN ('edit', 'delete') THEN m.target_seq END AS touched
                FROM done d JOIN messages m
                    ON m.room_id = d.room_id AND m.seq > d.seq AND m.seq <= d.seq + ?),
            touched AS (
                SELECT m.room_id, m.seq, m.created_at, m.edited_at, m.deleted_at IS NOT NULL AS deleted,
                       concat_ws(E'\\n', m.content,
                                 CASE WHEN m.has_attachments THEN
                                     (SELECT string_agg(a.name, E'\\n' ORDER BY a.position) FROM attachments a
                                      WHERE a.room_id = m.room_id AND a.message_seq = m.seq AND a.state = 'sent')
                                 END) AS text
                FROM messages m
                WHERE (m.room_id, m.seq) IN (SELECT room_id, touched FROM log WHERE touched IS NOT NULL)
                  AND m.event IS NULL AND m.target_seq IS NULL),
            removed AS (
                DELETE FROM message_search s USING touched t
                WHERE s.room_id = t.room_id AND s.seq = t.seq AND (t.deleted OR t.text = '')),
            stored AS (
                INSERT INTO message_search (room_id, seq, created_at, edited_at, folded, words)
                SELECT t.room_id, t.seq, t.created_at, t.edited_at, f.folded, parley_words(f.folded)
                FROM touched t CROSS JOIN LATERAL (SELECT parley_fold(t.text) AS folded) f
                WHERE NOT t.deleted AND t.text <> ''
                ON CONFLICT (room_id, seq) DO UPDATE
                    SET edited_at = EXCLUDED.edited_at, folded = EXCLUDED.folded, words = EXCLUDED.words
                    WHERE message_search.edited_at IS NULL OR EXCLUDED.edited_at >= message_search.edited_at),
            progress AS (
                INSERT INTO search_progress (room_id, indexed_seq)
                SELECT room_id, max(seq) FROM log GROUP BY room_id
                ON CONFLICT (room_id) DO UPDATE
                    SET indexed_seq = GREATEST(search_progress.indexed_seq, EXCLUDED.indexed_seq))
            SELECT room_id, count(*) FROM log GROUP BY room_id""";
    /** Rooms whose log goes further than their progress, in id order from a cursor. */
    private static final String BEHIND = """
            SELECT r.id FROM rooms r LEFT JOIN search_progress p ON p.room_id = r.id
            WHERE r.id > ? AND r.last_seq > COALESCE(p.indexed_seq, 0) ORDER BY r.id LIMIT ?""";
    private static final int SWEEP_PAGE = 1000;

    private final DataSource pool;
    private final Settings settings;
    private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
    private final List<AutoCloseable> loops = new ArrayList<>();

    public SearchIndexer(DataSource pool, Settings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /** Starts indexing, and a first sweep right away. */
    public SearchIndexer start() {
        loops.add(Loops.periodically("search-index", this::drain, settings.interval()));
        loops.add(Loops.periodically("search-sweep", this::sweep, settings.sweep()));
        Thread.ofVirtual().name("parley-search-first-sweep").start(Loops.guarded("search-sweep", this::sweep));
        return this;
    }

    /** Events were committed in the room: it is looked at in the next round. */
    public void appended(long roomId) {
        dirty.add(roomId);
    }

    /** Marks every room whose log goes further than its progress. */
    public void sweep() {
        long after = 0;
        while (true) {
            List<Long> behind = new ArrayList<>();
            try (Connection db = pool.getConnection(); PreparedStatement query = db.prepareStatement(BEHIND)) {
                query.setLong(1, after);
                query.setInt(2, SWEEP_PAGE);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        behind.add(rows.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("search sweep failed: " + e.getMessage(), e);
            }
            dirty.addAll(behind);
            if (behind.size() < SWEEP_PAGE) {
                return;
            }
            after = behind.getLast();
        }
    }

    /**
     * One round over the rooms marked now: each room's next events indexed (up to the per-room bound); a room with
     * more to do stays marked for the next round. Returns how many events were read.
     */
    public int drain() {
        List<Long> rooms = new ArrayList<>(dirty);
        int events = 0;
        for (int from = 0; from < rooms.size() && !Thread.currentThread().isInterrupted();
                from += settings.roomsPerRound()) {
            List<Long> chunk = rooms.subList(from, Math.min(rooms.size(), from + settings.roomsPerRound()));
            chunk.forEach(dirty::remove); // an event committed from here on marks its room again
            long started = System.nanoTime();
            events += indexOrIsolate(chunk);
            rest(System.nanoTime() - started);
        }
        return events;
    }

    /**
     * Indexes the rooms in one statement; when that fails, each room alone, so that one room the statement cannot
     * index (a fault in its data) does not hold the others back. A room that fails alone is left to the next sweep
     * (logged and counted once per kind, see {@link Loops#failed}); a database outage fails them all, and all stay
     * marked for the next round.
     */
    private int indexOrIsolate(List<Long> rooms) {
        try {
            return index(rooms);
        } catch (SQLException | RuntimeException e) {
            if (rooms.size() == 1 || dev.parley.server.common.ErrorMapping.isDatabaseOutage(e)) {
                if (dev.parley.server.common.ErrorMapping.isDatabaseOutage(e)) {
                    dirty.addAll(rooms);
                }
                Loops.failed("search-index", e);
                return 0;
            }
            int events = 0;
            for (long room : rooms) {
                events += indexOrIsolate(List.of(room));
            }
            return events;
        }
    }

    /** Rests in proportion to the work just done (see {@link Settings#busyPercent}). */
    private void rest(long busyNanos) {
        long restNanos = busyNanos * (100 - settings.busyPercent()) / settings.busyPercent();
        if (restNanos > 0) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(restNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing: the loop ends
            }
        }
    }

    private int index(List<Long> rooms) throws SQLException {
        int events = 0;
        try (Connection db = pool.getConnection(); PreparedStatement statement = db.prepareStatement(INDEX)) {
            Array ids = db.createArrayOf("bigint", rooms.toArray());
            statement.setArray(1, ids);
            statement.setInt(2, settings.eventsPerRoom());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int count = rows.getInt(2);
                    events += count;
                    if (count >= settings.eventsPerRoom()) {
                        dirty.add(rows.getLong(1)); // more to do
                    }
                }
            }
        }
        return events;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable loop : loops) {
            loop.close();
        }
    }
}

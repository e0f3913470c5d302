package dev.parley.server.tools;

import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.parley.protocol.EventView;
import dev.parley.server.auth.PasswordHasher;
import dev.parley.server.db.Database;
import dev.parley.server.room.EventJson;
import dev.parley.server.search.SearchIndexer;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * {@code ./parley bench preload --messages N}: fills the database that {@code ./parley run} would use (same
 * environment: the embedded PostgreSQL under {@code PARLEY_DATA_DIR}, or {@code PARLEY_DB_URL}) with realistic
 * history, fast, so that every bench scenario can run against millions of stored messages. The node must be stopped
 * (the embedded database's lock file enforces it; for an external database it is the operator's word).
 *
 * <p>What it writes, with PostgreSQL's {@code COPY} in one transaction (all or nothing), then {@code VACUUM ANALYZE}:
 * users {@code preload_<i>} (all with the password {@value #PASSWORD}, hashed once), direct rooms between random
 * pairs and groups of 3 to 256 members (each opened by its {@code created} event, as the server writes it), and
 * messages spread evenly over the last {@code --days} days in time order across all rooms (so a room's messages are
 * scattered over the table's pages as in a real database), busy rooms much busier than quiet ones, texts of realistic
 * lengths, every send with a client_id as the clients make them. Watermarks are what they would be: everything
 * delivered, nearly everything read. Running it again adds more users, rooms and messages beside the earlier ones.
 */
public final class Preload {

    /** The password of every preloaded user, so that bench scenarios can sign in as them. */
    public static final String PASSWORD = "preload-password";
    /** Messages per COPY statement: progress is reported between them. */
    private static final int ROWS_PER_COPY = 200_000;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss",
            Locale.ROOT);
    private static final String[] WORDS = ("the a to and i you it is that of in for on we be this have are can "
            + "will with at so do not just was what ok yes no my me your all get if but about now when see time "
            + "there how out up going good know think like one tomorrow today tonight morning later meet lunch "
            + "dinner coffee train station office home work call meeting trip tickets weekend sure thanks great "
            + "sounds love miss photo picture send sent check let's maybe probably really pretty much still back "
            + "again soon late early minutes hour hours day week month party birthday present mum dad kids school "
            + "doctor shop bread milk beer wine football match game won lost score project deadline review draft "
            + "slides budget invoice client release bug fix deploy server monday tuesday wednesday thursday friday "
            + "saturday sunday haha lol omg btw where who why which café naïve über déjà-vu straße 😂 👍 ❤️ 🙏 🎉")
            .split(" ");

    /** What to write; every count is a total for this run. */
    record Plan(long messages, int users, int rooms, double groupShare, int days, long seed) {
        static Plan of(Options options) {
            long messages = options.longValue("messages", -1);
            if (messages < 0) {
                throw new IllegalArgumentException("--messages N is required (how many messages to add)");
            }
            int scale = (int) Math.max(1, messages / 200);
            int users = options.intValue("users", Math.max(200, scale));
            int rooms = options.intValue("rooms", Math.max(100, scale));
            double groupShare = options.doubleValue("group-share", 0.05);
            int days = options.intValue("days", 180);
            long seed = options.longValue("seed", 2027);
            if (users < 2 || rooms < 1 || groupShare < 0 || groupShare > 1 || days < 1) {
                throw new IllegalArgumentException("need --users >= 2, --rooms >= 1, 0 <= --group-share <= 1, "
                        + "--days >= 1");
            }
            return new Plan(messages, users, rooms, groupShare, days, seed);
        }
    }

    private Preload() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Plan plan;
        try {
            plan = Plan.of(Options.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("preload: " + e.getMessage() + "\nusage: ./parley bench preload --messages N "
                    + "[--users U] [--rooms R] [--group-share 0.05] [--days 180] [--seed S]");
            System.exit(2);
            return;
        }
        Config config = Config.create(); // the environment and application.yaml, exactly as ./parley run reads them
        try (Database database = Database.start(config.get("parley"), config.get("db"))) {
            run(database.dataSource(), plan, System.out);
        } catch (SQLException e) {
            System.err.println("preload failed, nothing was written: " + e.getMessage());
            System.exit(1);
        } catch (IllegalStateException e) { // e.g. a node runs on this data directory
            System.err.println("preload: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Writes the plan in one transaction, then vacuums and analyses; prints progress and the sizes to {@code out}. */
    public static void run(DataSource pool, Plan plan, PrintStream out) throws SQLException {
        long started = System.nanoTime();
        try (Connection db = pool.getConnection()) {
            // A preload runs statements of minutes (the foreign-key check, VACUUM): no timeouts for this session.
            db.setNetworkTimeout(Runnable::run, 0);
            try (Statement sql = db.createStatement()) {
                sql.execute("SET statement_timeout = 0");
            }
            db.setAutoCommit(false);
            World world = World.build(db, plan);
            out.printf("preload: %,d users (from preload_%d), %,d rooms (%,d groups), %,d messages over %d days%n",
                    plan.users(), world.firstUser, plan.rooms(), world.groupCount(), plan.messages(), plan.days());
            world.writeUsers(db);
            world.writeRooms(db);
            world.writeMembers(db);
            // Checked row by row, the messages' foreign keys cost more than the rest of the COPY: they are dropped
            // for the copy and added back (checked in one pass over the table) in the same transaction.
            List<String> foreignKeys = dropForeignKeys(db, "messages");
            world.writeMessages(db, out, started);
            out.printf("preload: checking the foreign keys (%s)...%n", elapsed(started));
            try (Statement sql = db.createStatement()) {
                for (String add : foreignKeys) {
                    sql.execute(add);
                }
            }
            db.commit();
            out.printf("preload: committed after %s; VACUUM ANALYZE...%n", elapsed(started));
            db.setAutoCommit(true);
            try (Statement sql = db.createStatement()) {
                for (String table : List.of("users", "rooms", "room_members", "messages")) {
                    sql.execute("VACUUM ANALYZE " + table);
                }
            }
            indexForSearch(pool, db, out);
            printSizes(db, out);
            out.printf("preload: done in %s%n", elapsed(started));
        }
    }

    /**
     * Brings the search index up to date with everything written (what a node's indexer would do in the background
     * after its start), so that a search bench measures a complete index; prints how fast it went.
     */
    private static void indexForSearch(DataSource pool, Connection db, PrintStream out) throws SQLException {
        long started = System.nanoTime();
        out.println("preload: indexing for search...");
        SearchIndexer indexer = new SearchIndexer(pool, new SearchIndexer.Settings(Duration.ofSeconds(1), 500, 50,
                Duration.ofMinutes(5), 100));
        indexer.sweep();
        long events = 0;
        long reported = 0;
        for (int read = indexer.drain(); read > 0; read = indexer.drain()) {
            events += read;
            if (events - reported >= 200_000) {
                reported = events;
                out.printf("preload: %,d events indexed for search (%.0f s)%n", events,
                        (System.nanoTime() - started) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        try (Statement sql = db.createStatement()) {
            sql.execute("VACUUM ANALYZE message_search");
        }
        out.printf("preload: indexed %,d events for search in %.1f s (%,.0f events/s)%n", events, seconds,
                events / seconds);
    }

    /** Drops the table's foreign keys and returns the statements that add them back, as they were. */
    private static List<String> dropForeignKeys(Connection db, String table) throws SQLException {
        List<String> restore = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        + "WHERE conrelid = '" + table + "'::regclass AND contype = 'f' ORDER BY conname")) {
            while (rows.next()) {
                names.add(rows.getString(1));
                restore.add("ALTER TABLE " + table + " ADD CONSTRAINT \"" + rows.getString(1) + "\" "
                        + rows.getString(2));
            }
        }
        try (Statement sql = db.createStatement()) {
            for (String name : names) {
                sql.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + name + "\"");
            }
        }
        return restore;
    }

    /** The database's size and what a stored message costs (the messages table with its indexes and TOAST). */
    static void printSizes(Connection db, PrintStream out) throws SQLException {
        try (Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("""
                        SELECT pg_database_size(current_database()),
                               pg_total_relation_size('messages'), pg_relation_size('messages'),
                               pg_indexes_size('messages'),
                               (SELECT reltuples::bigint FROM pg_class WHERE oid = 'messages'::regclass)""")) {
            row.next();
            long database = row.getLong(1);
            long total = row.getLong(2);
            long heap = row.getLong(3);
            long indexes = row.getLong(4);
            long rows = Math.max(0, row.getLong(5));
            out.printf("database size: %d bytes (%s)%n", database, gigabytes(database));
            out.printf("messages: ~%,d rows, %s in all (table %s, indexes %s), %s bytes per message%n", rows,
                    gigabytes(total), gigabytes(heap), gigabytes(indexes),
                    rows == 0 ? "-" : Long.toString(total / rows));
        }
        try (Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("""
                        SELECT pg_relation_size('message_search'), pg_relation_size('message_search_words_idx'),
                               pg_relation_size('message_search_folded_idx'), pg_total_relation_size('message_search'),
                               (SELECT reltuples::bigint FROM pg_class WHERE oid = 'message_search'::regclass)""")) {
            row.next();
            long rows = Math.max(0, row.getLong(5));
            out.printf("search index: ~%,d rows, %s in all (table %s, words %s, trigrams %s), %s bytes per message%n",
                    rows, gigabytes(row.getLong(4)), gigabytes(row.getLong(1)), gigabytes(row.getLong(2)),
                    gigabytes(row.getLong(3)), rows == 0 ? "-" : Long.toString(row.getLong(4) / rows));
        }
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static String elapsed(long startedNanos) {
        Duration d = Duration.ofNanos(System.nanoTime() - startedNanos);
        return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }

    /**
     * The users and rooms of this run, decided before anything is written: each room's members, and from one replay
     * of the room choices its message count and first and last message, so that rooms are written once, complete.
     */
    private static final class World {
        final Plan plan;
        final long firstUser;
        final long userIdBase;
        final long roomIdBase;
        final long[][] members;
        final boolean[] group;
        final long[] messageCount;
        final long[] firstMessage;
        final long[] lastMessage;
        final long startMillis;
        final long spanMillis;
        final String passwordHash;

        private World(Plan plan, long firstUser, long userIdBase, long roomIdBase) {
            this.plan = plan;
            this.firstUser = firstUser;
            this.userIdBase = userIdBase;
            this.roomIdBase = roomIdBase;
            this.members = new long[plan.rooms()][];
            this.group = new boolean[plan.rooms()];
            this.messageCount = new long[plan.rooms()];
            this.firstMessage = new long[plan.rooms()];
            this.lastMessage = new long[plan.rooms()];
            long now = System.currentTimeMillis();
            this.spanMillis = Duration.ofDays(plan.days()).toMillis();
            this.startMillis = now - spanMillis - Duration.ofHours(1).toMillis();
            this.passwordHash = PasswordHasher.hash(PASSWORD);
        }

        static World build(Connection db, Plan plan) throws SQLException {
            long firstUser;
            try (Statement sql = db.createStatement();
                    ResultSet row = sql.executeQuery(
                            "SELECT count(*) FROM users WHERE username LIKE 'preload\\_%'")) {
                row.next();
                firstUser = row.getLong(1);
            }
            int groupCount = (int) Math.round(plan.rooms() * plan.groupShare());
            World world = new World(plan, firstUser, reserve(db, "users", plan.users()),
                    reserve(db, "rooms", plan.rooms()));
            world.chooseMembers(groupCount);
            world.countMessages();
            return world;
        }

        /** Takes {@code count} ids from the table's sequence (the node is stopped: nobody else takes any). */
        private static long reserve(Connection db, String table, long count) throws SQLException {
            try (Statement sql = db.createStatement();
                    ResultSet row = sql.executeQuery("SELECT nextval(pg_get_serial_sequence('" + table + "', 'id'))")) {
                row.next();
                long first = row.getLong(1);
                if (count > 1) {
                    sql.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), " + (first + count - 1)
                            + ")");
                }
                return first;
            }
        }

        int groupCount() {
            int n = 0;
            for (boolean g : group) {
                n += g ? 1 : 0;
            }
            return n;
        }

        /** Direct rooms between distinct random pairs, groups (randomly placed among the rooms) of 3 to 256. */
        private void chooseMembers(int groupCount) {
            SplittableRandom random = new SplittableRandom(plan.seed());
            int rooms = plan.rooms();
            int users = plan.users();
            for (int i = 0; i < groupCount; i++) {
                int at;
                do {
                    at = random.nextInt(rooms);
                } while (group[at]);
                group[at] = true;
            }
            Set<Long> pairs = new HashSet<>();
            for (int r = 0; r < rooms; r++) {
                if (group[r]) {
                    double size = random.nextDouble();
                    int wanted = size < 0.7 ? 3 + random.nextInt(8) : size < 0.95 ? 10 + random.nextInt(41)
                            : 50 + random.nextInt(207);
                    wanted = Math.min(wanted, users);
                    Set<Long> chosen = new java.util.LinkedHashSet<>();
                    while (chosen.size() < wanted) {
                        chosen.add(userIdBase + random.nextInt(users));
                    }
                    members[r] = chosen.stream().mapToLong(Long::longValue).toArray();
                } else {
                    long a;
                    long b;
                    long key;
                    int attempts = 0;
                    do {
                        a = userIdBase + random.nextInt(users);
                        b = userIdBase + random.nextInt(users);
                        key = Math.min(a, b) * (long) Integer.MAX_VALUE + Math.max(a, b);
                        if (++attempts > 1000) {
                            throw new IllegalArgumentException("too many direct rooms for " + users
                                    + " users: give more --users or fewer --rooms");
                        }
                    } while (a == b || !pairs.add(key));
                    members[r] = new long[] {Math.min(a, b), Math.max(a, b)};
                }
            }
        }

        /** The room of the i-th message: busy rooms far busier than quiet ones (a power law over the rooms). */
        private static int roomOf(SplittableRandom picks, int rooms) {
            return (int) (rooms * Math.pow(picks.nextDouble(), 2.5));
        }

        private void countMessages() {
            SplittableRandom picks = new SplittableRandom(plan.seed() * 31 + 7);
            for (long i = 0; i < plan.messages(); i++) {
                int r = roomOf(picks, plan.rooms());
                if (messageCount[r]++ == 0) {
                    firstMessage[r] = i;
                }
                lastMessage[r] = i;
            }
        }

        long timeOf(long message) {
            return startMillis + (long) ((double) spanMillis * message / Math.max(1, plan.messages()));
        }

        /** A group's created event: just before its first message, or at the start for a group nobody wrote in. */
        long createdAt(int room) {
            return messageCount[room] == 0 ? startMillis : timeOf(firstMessage[room]) - 60_000;
        }

        long lastSeq(int room) {
            return messageCount[room] + (group[room] ? 1 : 0);
        }

        void writeUsers(Connection db) throws SQLException {
            try (Copy copy = new Copy(db, "users (id, username, password_hash, created_at)")) {
                String created = timestamp(startMillis - Duration.ofDays(30).toMillis());
                for (int i = 0; i < plan.users(); i++) {
                    copy.field(userIdBase + i).field("preload_" + (firstUser + i)).field(passwordHash).last(created);
                }
            }
        }

        void writeRooms(Connection db) throws SQLException {
            try (Copy copy = new Copy(db, "rooms (id, room_uuid, room_name, user_low, user_high, kind, created_at, "
                    + "last_seq, last_shown_seq, message_count, last_activity_at, ticks_delivered, ticks_read)")) {
                TimeBasedEpochGenerator ids = new TimeBasedEpochGenerator(new java.util.Random(plan.seed() + 1));
                for (int r = 0; r < plan.rooms(); r++) {
                    long created = group[r] ? createdAt(r) : messageCount[r] == 0 ? startMillis
                            : timeOf(firstMessage[r]) - 1000;
                    long active = messageCount[r] == 0 ? created : timeOf(lastMessage[r]);
                    copy.field(roomIdBase + r).field(uuid(ids, created));
                    if (group[r]) {
                        copy.field(groupName(r)).nul().nul().field("group");
                    } else {
                        copy.field(name(members[r][0]) + " & " + name(members[r][1])).field(members[r][0])
                                .field(members[r][1]).field("direct");
                    }
                    long last = lastSeq(r);
                    // A group's ticks: everything delivered, read up to the lowest read watermark (see writeMembers).
                    copy.field(timestamp(created)).field(last).field(last).field(messageCount[r]).field(timestamp(active))
                            .field(group[r] ? last : 0).last(group[r] ? lowestRead(r) : 0);
                }
            }
        }

        /**
         * A member's read watermark: everything, except in one membership of seven, where the last few events are
         * unread; member 0 (a group's owner) has read everything. Deterministic per room and member.
         */
        long readSeq(int room, int memberIndex) {
            long last = lastSeq(room);
            long hash = (room * 0x9E3779B97F4A7C15L) ^ (memberIndex * 0xC2B2AE3D27D4EB4FL);
            hash ^= hash >>> 29;
            if (memberIndex == 0 || Math.floorMod(hash, 7) != 0) {
                return last;
            }
            return Math.max(0, last - 1 - Math.floorMod(hash >>> 8, 20));
        }

        /** The lowest read watermark of a room's members: how far a group's blue ticks have come. */
        long lowestRead(int room) {
            long lowest = lastSeq(room);
            for (int m = 0; m < members[room].length; m++) {
                lowest = Math.min(lowest, readSeq(room, m));
            }
            return lowest;
        }

        void writeMembers(Connection db) throws SQLException {
            try (Copy copy = new Copy(db, "room_members (room_id, user_id, delivered_seq, read_seq, joined_at, role, "
                    + "joined_seq)")) {
                for (int r = 0; r < plan.rooms(); r++) {
                    long last = lastSeq(r);
                    String joined = timestamp(group[r] ? createdAt(r) : messageCount[r] == 0 ? startMillis
                            : timeOf(firstMessage[r]) - 1000);
                    for (int m = 0; m < members[r].length; m++) {
                        long read = readSeq(r, m);
                        copy.field(roomIdBase + r).field(members[r][m]).field(last).field(read).field(joined)
                                .field(group[r] ? (m == 0 ? "owner" : "member") : "member").last(group[r] ? 1 : 0);
                    }
                }
            }
        }

        void writeMessages(Connection db, PrintStream out, long started) throws SQLException {
            long[] seq = new long[plan.rooms()];
            long[] msgNo = new long[plan.rooms()];
            SplittableRandom picks = new SplittableRandom(plan.seed() * 31 + 7); // the replay of countMessages
            SplittableRandom random = new SplittableRandom(plan.seed() + 2);
            TimeBasedEpochGenerator ids = new TimeBasedEpochGenerator(new java.util.Random(plan.seed() + 3));
            StringBuilder text = new StringBuilder(2048);
            Copy copy = null;
            long inCopy = 0;
            long report = Math.max(1, plan.messages() / 20);
            String columns = "messages (message_uuid, room_id, seq, sender_id, content, client_id, created_at, event, "
                    + "msg_no)";
            try {
                for (long i = 0; i < plan.messages(); i++) {
                    if (copy == null || inCopy >= ROWS_PER_COPY) {
                        if (copy != null) {
                            copy.close();
                        }
                        copy = new Copy(db, columns);
                        inCopy = 0;
                    }
                    int r = roomOf(picks, plan.rooms());
                    long at = timeOf(i);
                    if (group[r] && seq[r] == 0) {
                        EventView created = new EventView(EventView.CREATED, name(members[r][0]),
                                namesOf(members[r]), groupName(r), null);
                        copy.field(uuid(ids, createdAt(r))).field(roomIdBase + r).field(++seq[r])
                                .field(members[r][0]).field(created.describe()).nul().field(timestamp(createdAt(r)))
                                .field(EventJson.write(created)).last(0);
                        inCopy++;
                    }
                    long sender = members[r][random.nextInt(members[r].length)];
                    copy.field(uuid(ids, at)).field(roomIdBase + r).field(++seq[r]).field(sender)
                            .field(content(random, text)).field(clientId(random)).field(timestamp(at)).nul()
                            .last(++msgNo[r]);
                    inCopy++;
                    if ((i + 1) % report == 0) {
                        out.printf("preload: %,d of %,d messages (%s)%n", i + 1, plan.messages(), elapsed(started));
                    }
                }
                // Groups nobody wrote in still begin with their created event.
                for (int r = 0; r < plan.rooms(); r++) {
                    if (group[r] && seq[r] == 0) {
                        if (copy == null) {
                            copy = new Copy(db, columns);
                        }
                        EventView created = new EventView(EventView.CREATED, name(members[r][0]),
                                namesOf(members[r]), groupName(r), null);
                        copy.field(uuid(ids, createdAt(r))).field(roomIdBase + r).field(++seq[r])
                                .field(members[r][0]).field(created.describe()).nul().field(timestamp(createdAt(r)))
                                .field(EventJson.write(created)).last(0);
                    }
                }
            } finally {
                if (copy != null) {
                    copy.close();
                }
            }
        }

        private List<String> namesOf(long[] ids) {
            List<String> names = new ArrayList<>(ids.length - 1);
            for (int i = 1; i < ids.length; i++) {
                names.add(name(ids[i]));
            }
            return names;
        }

        String name(long userId) {
            return "preload_" + (firstUser + userId - userIdBase);
        }

        String groupName(int room) {
            return "Group " + (roomIdBase + room);
        }

        /** A chat line: mostly a few words, sometimes a paragraph, rarely a long text. */
        private static String content(SplittableRandom random, StringBuilder text) {
            text.setLength(0);
            double kind = random.nextDouble();
            int words = kind < 0.75 ? 1 + random.nextInt(10) : kind < 0.97 ? 10 + random.nextInt(40)
                    : 50 + random.nextInt(250);
            for (int w = 0; w < words; w++) {
                if (w > 0) {
                    text.append(' ');
                }
                text.append(WORDS[random.nextInt(WORDS.length)]);
            }
            if (random.nextInt(8) == 0) {
                text.append(random.nextBoolean() ? '?' : '!');
            }
            return text.toString();
        }
    }

    /**
     * The id of a row made at {@code epochMillis}: a version 7 UUID as the server makes them ({@code Ids}), for that
     * moment, from the run's seeded generator (preloads are reproducible).
     */
    static String uuid(TimeBasedEpochGenerator ids, long epochMillis) {
        return ids.construct(epochMillis).toString();
    }

    private static long cachedSecond = Long.MIN_VALUE;
    private static String cachedPrefix = "";

    /** A timestamp in UTC, formatted once per second (millions are written one after the other). */
    /** A client_id as the clients make them: a random (version 4) UUID. */
    static String clientId(SplittableRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    static String timestamp(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != cachedSecond) {
            cachedPrefix = TIMESTAMP.format(OffsetDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC));
            cachedSecond = second;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        return cachedPrefix + '.' + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10)
                + (char) ('0' + millis % 10) + "+00";
    }

    /**
     * One {@code COPY ... FROM STDIN} in PostgreSQL's text format, buffered: fields are escaped (backslash, tab,
     * newline, carriage return) and separated by tabs, {@link #last} ends a row.
     */
    private static final class Copy implements AutoCloseable {
        private static final int FLUSH_AT = 1 << 20;
        private final CopyIn in;
        private final StringBuilder row = new StringBuilder(FLUSH_AT + 4096);

        Copy(Connection db, String target) throws SQLException {
            this.in = db.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN");
        }

        Copy field(long value) {
            row.append(value).append('\t');
            return this;
        }

        Copy field(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> row.append("\\\\");
                    case '\t' -> row.append("\\t");
                    case '\n' -> row.append("\\n");
                    case '\r' -> row.append("\\r");
                    default -> row.append(c);
                }
            }
            row.append('\t');
            return this;
        }

        Copy nul() {
            row.append("\\N\t");
            return this;
        }

        void last(long value) throws SQLException {
            row.append(value);
            endRow();
        }

        void last(String value) throws SQLException {
            field(value);
            row.setLength(row.length() - 1); // the field's tab
            endRow();
        }

        private void endRow() throws SQLException {
            row.append('\n');
            if (row.length() >= FLUSH_AT) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            row.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            if (!row.isEmpty()) {
                flush();
            }
            in.endCopy();
        }
    }

    /** {@code --name value} options. */
    record Options(java.util.Map<String, String> values) {
        static Options parse(String... args) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
                values.put(args[i].substring(2), args[++i].replace("_", ""));
            }
            Set<String> known = Set.of("messages", "users", "rooms", "group-share", "days", "seed");
            for (String name : values.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            }
            return new Options(values);
        }

        long longValue(String name, long otherwise) {
            return values.containsKey(name) ? number(name, () -> Long.parseLong(values.get(name))) : otherwise;
        }

        int intValue(String name, int otherwise) {
            return values.containsKey(name) ? number(name, () -> Integer.parseInt(values.get(name))) : otherwise;
        }

        double doubleValue(String name, double otherwise) {
            return values.containsKey(name) ? number(name, () -> Double.parseDouble(values.get(name))) : otherwise;
        }

        private <T> T number(String name, java.util.function.Supplier<T> parse) {
            try {
                return parse.get();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a number, not '" + values.get(name) + "'");
            }
        }
    }
}

package dev.parley.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL that a Parley node runs for itself when no external database is configured, locked down so that
 * other local users get nothing from it:
 * <ul>
 *   <li>initialised with SCRAM password authentication only, never {@code trust}; the generated passwords of the
 *   superuser and of the application role live in {@link DbCredentials} (a 0600 file in the data directory);</li>
 *   <li>Parley connects as {@code parley}, a role that is not a superuser and owns only the {@code parley}
 *   database, so even a stolen application password cannot run {@code COPY ... TO PROGRAM};</li>
 *   <li>its Unix socket lives in a 0700 directory under the data directory; it listens on TCP (localhost, with
 *   password authentication) only when a port is configured for other nodes to share it;</li>
 *   <li>its binaries come from {@link PostgresBinaries}, unpacked into a directory only this user can write.</li>
 * </ul>
 * Data directories made by earlier versions (trust authentication, tables owned by the superuser in the
 * {@code postgres} database) are migrated on start by {@link #provision}. One instance per data directory: a lock
 * file keeps a second node away, and a server orphaned by a node that was killed is stopped before the start.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalPostgres.class.getName());
    /** The socket file's port when PostgreSQL does not listen on TCP (the socket directory is private anyway). */
    private static final int SOCKET_ONLY_PORT = 5432;
    /** A Unix socket path longer than this does not fit {@code sockaddr_un}. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final String DATABASE = "parley";

    private final Path dataDir;
    private final Path pgData;
    private final Path socketDir;
    private final int port;
    private final boolean tcp;
    private final DbCredentials credentials;
    private final PostgresBinaries binaries;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean running;

    private LocalPostgres(Path dataDir, int tcpPort, PostgresBinaries binaries, FileChannel lockChannel,
            FileLock lock) {
        this.dataDir = dataDir;
        this.pgData = dataDir.resolve("postgres");
        this.socketDir = dataDir.resolve("run");
        this.tcp = tcpPort != 0;
        this.port = tcp ? tcpPort : SOCKET_ONLY_PORT;
        this.binaries = binaries;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.credentials = DbCredentials.loadOrCreate(dataDir.resolve(DbCredentials.FILE_NAME));
    }

    /**
     * Starts PostgreSQL on the data in {@code <dataDir>/postgres}, initialising or migrating it first.
     *
     * @param dataDir     Parley's data directory
     * @param tcpPort     0: Unix socket only; otherwise also listen on localhost at this port (for other nodes)
     * @param binariesDir where the PostgreSQL binaries are unpacked (private to this user)
     * @param settings    server settings ({@code fsync}, {@code max_connections}, ...) written to its config file
     */
    public static LocalPostgres start(Path dataDir, int tcpPort, Path binariesDir, Map<String, String> settings) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve("postgres.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another Parley node uses the data directory " + dir
                        + ": give each node its own PARLEY_DATA_DIR");
            }
            LocalPostgres postgres = new LocalPostgres(dir, tcpPort, PostgresBinaries.unpack(binariesDir), channel,
                    lock);
            try {
                if (postgres.trustsAnyone()) {
                    // Made by an earlier version with trust authentication: set the passwords up first, on the
                    // private socket only, and only then start with password authentication.
                    LOG.log(Level.INFO, "Embedded PostgreSQL: replacing trust authentication with passwords");
                    postgres.startServer(settings, true);
                    postgres.provision();
                    postgres.stop();
                }
                postgres.startServer(settings, false);
                postgres.provision();
                return postgres;
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /** Where binaries are unpacked unless configured: the user's cache directory. */
    public static Path defaultBinariesDir() {
        return PostgresBinaries.defaultRoot();
    }

    /** The JDBC URL of Parley's database: the Unix socket, never the network. */
    public String jdbcUrl() {
        return socketUrl(DATABASE);
    }

    /** The URL other nodes use (TCP on localhost); only when started with a port. */
    public String tcpJdbcUrl() {
        if (!tcp) {
            throw new IllegalStateException("this PostgreSQL listens on its Unix socket only");
        }
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The application role and its password (never the superuser). */
    public String user() {
        return credentials.user();
    }

    public String password() {
        return credentials.password();
    }

    /** The TCP port when listening on one, else 0. */
    public int port() {
        return tcp ? port : 0;
    }

    /** Stops PostgreSQL (fast shutdown: open connections are cut); {@link #restart} starts it again. */
    public synchronized void stop() {
        if (running) {
            running = false;
            pgCtl("stop", "-m", "fast");
        }
    }

    /** Starts a stopped server again on the same data, port and settings. */
    public synchronized void restart(Map<String, String> settings) {
        startServer(settings, false);
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not release " + dataDir.resolve("postgres.lock"), e);
            }
        }
    }

    /** Whether the data directory exists and lets someone in without a password (as earlier versions made it). */
    private boolean trustsAnyone() throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba).stream()
                .map(String::strip)
                .filter(line -> !line.startsWith("#"))
                .anyMatch(line -> line.matches(".*\\s(trust|peer|ident)$"));
    }

    /**
     * Starts the server; {@code migrating} keeps the existing authentication and listens on the private socket
     * only, for the one start that gives an old data directory its passwords.
     */
    private synchronized void startServer(Map<String, String> settings, boolean migrating) {
        try {
            Files.createDirectories(socketDir);
            PostgresBinaries.makePrivate(socketDir);
            String socket = socketDir.resolve(".s.PGSQL." + port).toString();
            if (socket.length() > MAX_SOCKET_PATH) {
                throw new IllegalStateException("The data directory's path is too long for PostgreSQL's socket ("
                        + socket + "): use a shorter PARLEY_DATA_DIR");
            }
            if (!Files.exists(pgData.resolve("PG_VERSION"))) {
                initdb();
            } else if (Files.exists(pgData.resolve("postmaster.pid"))) {
                // This node holds the data directory's lock, so a server still running there was left behind by
                // a node that was killed: stop it, then start with this node's settings.
                binaries.run(List.of("pg_ctl", "-D", pgData.toString(), "-m", "fast", "-w", "stop"), true);
            }
            writeConfig(settings, !migrating && tcp);
            if (!migrating) {
                writeHba();
            }
            pgCtl("start", "-l", dataDir.resolve("postgres.log").toString());
            running = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + pgData, e);
        }
    }

    private void initdb() throws IOException {
        Path passwordFile = socketDir.resolve("initdb-password");
        Files.writeString(passwordFile, credentials.superuserPassword());
        PostgresBinaries.makePrivate(passwordFile);
        try {
            binaries.run(List.of("initdb", "-D", pgData.toString(), "-E", "UTF-8", "-U", DbCredentials.SUPERUSER,
                    "--auth=scram-sha-256", "--pwfile=" + passwordFile, "--no-instructions"), false);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    /** Parley's settings live in their own file, included from postgresql.conf, rewritten at every start. */
    private void writeConfig(Map<String, String> settings, boolean listen) throws IOException {
        Path conf = pgData.resolve("postgresql.conf");
        String include = "include_if_exists = 'parley.conf'";
        if (!Files.readString(conf).contains(include)) {
            Files.writeString(conf, "\n# Parley's settings (rewritten at every start)\n" + include + "\n",
                    StandardOpenOption.APPEND);
        }
        StringBuilder text = new StringBuilder("# Written by Parley at every start: edit application.yaml instead.\n");
        text.append("listen_addresses = '").append(listen ? "localhost" : "").append("'\n");
        text.append("port = ").append(port).append('\n');
        text.append("unix_socket_directories = '").append(quote(socketDir.toString())).append("'\n");
        text.append("unix_socket_permissions = 0700\n");
        text.append("password_encryption = 'scram-sha-256'\n");
        settings.forEach((key, value) -> text.append(key).append(" = '").append(quote(value)).append("'\n"));
        Files.writeString(pgData.resolve("parley.conf"), text.toString());
    }

    /** Passwords for everyone, on the socket and on localhost: no trust, no peer, no other hosts. */
    private void writeHba() throws IOException {
        Files.writeString(pgData.resolve("pg_hba.conf"), """
                # Written by Parley at every start: password (SCRAM) authentication only.
                # TYPE  DATABASE  USER  ADDRESS       METHOD
                local   all       all                 scram-sha-256
                host    all       all   127.0.0.1/32  scram-sha-256
                host    all       all   ::1/128       scram-sha-256
                """);
    }

    /**
     * Makes sure the roles, the database and the ownership are as this version wants them, whatever version made
     * the data directory: runs at every start as the superuser, and is idempotent.
     */
    private void provision() {
        try (Connection admin = connect("postgres", DbCredentials.SUPERUSER, credentials.superuserPassword());
                Statement sql = admin.createStatement()) {
            // A data directory from before this class was initialised with trust and had no passwords at all.
            sql.execute("ALTER ROLE " + DbCredentials.SUPERUSER + " PASSWORD " + literal(
                    credentials.superuserPassword()));
            boolean roleExists = sql.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = " + literal(user()))
                    .next();
            sql.execute((roleExists ? "ALTER" : "CREATE") + " ROLE " + user()
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD " + literal(password()));
            boolean databaseExists = sql.executeQuery("SELECT 1 FROM pg_database WHERE datname = "
                    + literal(DATABASE)).next();
            if (!databaseExists) {
                createOrAdoptDatabase(admin);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the embedded PostgreSQL's roles: " + e.getMessage(), e);
        }
        try (Connection admin = connect(DATABASE, DbCredentials.SUPERUSER, credentials.superuserPassword());
                Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + user());
            sql.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
            sql.execute("ALTER SCHEMA public OWNER TO " + user());
            sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            // Tables made by earlier versions belong to the superuser: hand them over (their sequences follow),
            // then any sequence of its own.
            int handed = handOver(sql, "c.relkind IN ('r', 'p', 'v', 'm')", "TABLE ");
            handed += handOver(sql, "c.relkind = 'S'", "SEQUENCE ");
            if (handed > 0) {
                LOG.log(Level.INFO, "Embedded PostgreSQL: " + handed + " relations handed to role " + user());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set up the embedded PostgreSQL's database: " + e.getMessage(),
                    e);
        }
    }

    private int handOver(Statement sql, String kinds, String keyword) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var rows = sql.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                + "c.relnamespace WHERE n.nspname = 'public' AND " + kinds + " AND pg_get_userbyid(c.relowner) = "
                + literal(DbCredentials.SUPERUSER))) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        for (String name : names) {
            sql.execute("ALTER " + keyword + "public." + identifier(name) + " OWNER TO " + user());
        }
        return names.size();
    }

    /**
     * A fresh data directory gets an empty {@code parley} database; one made by an earlier version kept Parley's
     * tables in the {@code postgres} database, which is renamed (from another database) and replaced by an empty one.
     */
    private void createOrAdoptDatabase(Connection admin) throws SQLException {
        boolean legacy;
        try (Statement sql = admin.createStatement();
                var rows = sql.executeQuery("SELECT to_regclass('public.flyway_schema_history') IS NOT NULL")) {
            legacy = rows.next() && rows.getBoolean(1);
        }
        if (!legacy) {
            try (Statement sql = admin.createStatement()) {
                sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + user() + " ENCODING 'UTF8'");
            }
            return;
        }
        LOG.log(Level.INFO, "Embedded PostgreSQL: moving the data of an earlier version to the database "
                + DATABASE);
        try (Connection template = connect("template1", DbCredentials.SUPERUSER, credentials.superuserPassword());
                Statement sql = template.createStatement()) {
            admin.close(); // a database cannot be renamed while connected to it
            sql.execute("ALTER DATABASE postgres RENAME TO " + DATABASE);
            sql.execute("CREATE DATABASE postgres");
        }
    }

    private Connection connect(String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(socketUrl(database), properties);
    }

    private String socketUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database
                + "?socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg="
                + socketDir.resolve(".s.PGSQL." + port);
    }

    private void pgCtl(String action, String... options) {
        List<String> command = new ArrayList<>(List.of("pg_ctl", "-D", pgData.toString(), "-w", "-t", "60"));
        command.addAll(List.of(options));
        command.add(action);
        binaries.run(command, false);
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("'", "''");
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** Waits for a process and fails with its output when it did not succeed. */
    static void await(Process process, List<String> command, boolean tolerateFailure) {
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " did not finish within 120 s");
            }
            if (process.exitValue() != 0 && !tolerateFailure) {
                throw new IllegalStateException(command.getFirst() + " failed (exit " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }
}

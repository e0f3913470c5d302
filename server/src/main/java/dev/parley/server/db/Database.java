package dev.parley.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.common.config.Config;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbStatements;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL that Parley runs on: an external one when {@code parley.db.url} is set, otherwise an embedded
 * PostgreSQL ({@link LocalPostgres}: password-protected, reached through a private Unix socket) with its data under
 * {@code <data-dir>/postgres}, so that history survives a restart. Owns the connection pool (its sessions commit synchronously, with statement and socket timeouts), applies the Flyway
 * migrations and builds the DbClient.
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    /** The embedded PostgreSQL's settings beyond its defaults that do not depend on the machine. */
    private static final Map<String, String> EMBEDDED_SETTINGS = Map.of(
            // An acknowledged message must survive a power cut, not only a crash of the process.
            "fsync", "on",
            "synchronous_commit", "on",
            // A new 16 MB WAL segment is created without writing 16 MB of zeros first: at thousands of messages a
            // second that write (every few seconds) stalled the committing writer for ~50 ms.
            "wal_init_zero", "off",
            "max_connections", "200");

    private final LocalPostgres embedded;
    private final HikariDataSource dataSource;
    private final DbClient dbClient;

    private Database(LocalPostgres embedded, HikariDataSource dataSource, DbClient dbClient) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.dbClient = dbClient;
    }

    /**
     * Starts (or connects to) the database, migrates the schema and returns it ready for use.
     *
     * @param parley the {@code parley} config node (data.dir, db.url, db.user, db.password, db.pool-size, db.port)
     * @param db     the {@code db} config node holding the named statements
     */
    public static Database start(Config parley, Config db) {
        String url = parley.get("db.url").asString().filter(s -> !s.isBlank()).orElse(null);
        LocalPostgres embedded = null;
        HikariConfig pool = new HikariConfig();
        if (url == null) {
            Path dataDir = Path.of(parley.get("data.dir").asString().orElse("./data")).toAbsolutePath().normalize();
            Path binaries = parley.get("db.binaries-dir").asString().filter(s -> !s.isBlank()).map(Path::of)
                    .orElseGet(LocalPostgres::defaultBinariesDir);
            embedded = LocalPostgres.start(dataDir, parley.get("db.port").asInt().orElse(0), binaries,
                    embeddedSettings(parley.get("db.embedded-settings").asString().orElse(""),
                            PostgresSettings.physicalMemory()));
            pool.setJdbcUrl(embedded.jdbcUrl());
            pool.setUsername(embedded.user());
            pool.setPassword(embedded.password());
        } else {
            pool.setJdbcUrl(url);
            pool.setUsername(parley.get("db.user").asString().orElse(null));
            pool.setPassword(parley.get("db.password").asString().orElse(null));
        }
        pool.setPoolName("parley");
        // "Acknowledged after commit" must mean durable on any PostgreSQL, whatever its own default (an external one
        // may run with synchronous_commit=off): every session of the pool commits synchronously.
        // No statement may hold the message writer (and the room locks it holds) for ever: a statement runs at most
        // statement-timeout-seconds, and a connection whose database stops answering without a reset (host lost,
        // packets dropped) fails after socket-timeout-seconds of silence instead of blocking for good.
        int statementTimeout = parley.get("db.statement-timeout-seconds").asInt().orElse(20);
        int socketTimeout = parley.get("db.socket-timeout-seconds").asInt().orElse(30);
        pool.setConnectionInitSql("SET synchronous_commit = on; SET statement_timeout = '" + statementTimeout + "s'");
        pool.addDataSourceProperty("socketTimeout", Integer.toString(socketTimeout));
        if (url != null) {
            pool.addDataSourceProperty("tcpKeepAlive", "true"); // TCP only (the embedded one is a Unix socket)
        }
        pool.setMaximumPoolSize(parley.get("db.pool-size").asInt().orElse(16));
        pool.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        pool.setInitializationFailTimeout(Duration.ofSeconds(30).toMillis());
        HikariDataSource dataSource = new HikariDataSource(pool);

        // Migrations may run long on a large history (one pass over messages): their own connection, no timeouts.
        Flyway.configure()
                .dataSource(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword())
                .locations("classpath:db/migration")
                .load()
                .migrate();

        DbClient dbClient = JdbcClientBuilder.create()
                .connectionPool(new PooledConnections(dataSource))
                .statements(DbStatements.create(db.get("statements")))
                .build();
        LOG.log(Level.INFO, "Database ready: " + (embedded == null ? "external " + redact(url)
                : "embedded PostgreSQL" + (embedded.port() == 0 ? " (Unix socket only)"
                        : " (also on localhost:" + embedded.port() + ")")));
        return new Database(embedded, dataSource, dbClient);
    }

    /**
     * What the embedded PostgreSQL runs with: the fixed settings, then those sized to the machine's memory
     * ({@link PostgresSettings#sizedTo}), then the operator's {@code parley.db.embedded-settings}
     * ({@code name=value,name=value}), which win.
     */
    static Map<String, String> embeddedSettings(String overrides, long memoryBytes) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(EMBEDDED_SETTINGS);
        settings.putAll(PostgresSettings.sizedTo(memoryBytes));
        settings.putAll(PostgresSettings.parse(overrides));
        return settings;
    }

    /** The DbClient with Parley's named statements. */
    public DbClient dbClient() {
        return dbClient;
    }

    /** The pool itself, for the few places that need plain JDBC. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A new connection outside the pool, for a session that must stay open (the cluster bus LISTENs on it).
     * Fails with an unchecked exception while the database is unreachable.
     */
    public Connection dedicatedConnection() {
        try {
            Properties properties = new Properties();
            if (dataSource.getUsername() != null) {
                properties.setProperty("user", dataSource.getUsername());
            }
            if (dataSource.getPassword() != null) {
                properties.setProperty("password", dataSource.getPassword());
            }
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("tcpKeepAlive", "true");
            properties.setProperty("socketTimeout", "30"); // a probe on a silently dead connection fails, not hangs
            return DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
        } catch (SQLException e) {
            throw new IllegalStateException("No database connection: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dbClient.close();
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /** Keeps credentials out of the log: only scheme, host and database of the URL are printed. */
    private static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Adapts the Hikari pool to DbClient, so that DbClient and plain JDBC share one pool. */
    private record PooledConnections(HikariDataSource dataSource) implements JdbcConnectionPool {
        @Override
        public Connection connection() {
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException("No database connection: " + e.getMessage(), e);
            }
        }

        @Override
        public String dbType() {
            return "postgresql";
        }
    }
}

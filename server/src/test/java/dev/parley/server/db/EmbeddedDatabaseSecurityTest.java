package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.Api;
import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL gives other local users nothing: no password-less login on its socket or on TCP, no TCP
 * port unless one is configured, an application role that cannot run programs, private files, private binaries, and
 * data directories of earlier versions (trust authentication) locked down on start with their data intact.
 */
class EmbeddedDatabaseSecurityTest {

    private static final Map<String, String> SETTINGS = Map.of("max_connections", "20");

    @Test
    void theNodeConnectsAsARoleThatIsNeitherSuperuserNorAbleToRunPrograms() throws SQLException {
        try (Connection db = TestServer.dataSource().getConnection(); Statement sql = db.createStatement()) {
            ResultSet role = sql.executeQuery("SELECT rolname, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles "
                    + "WHERE rolname = current_user");
            role.next();

            assertThat(role.getString(1)).isEqualTo("parley");
            assertThat(role.getBoolean(2)).isFalse();
            assertThat(role.getBoolean(3)).isFalse();
            assertThat(role.getBoolean(4)).isFalse();
            assertThatThrownBy(() -> sql.execute("COPY (SELECT 1) TO PROGRAM 'id'"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void withoutAConfiguredPortNothingListensOnTcpAndTheSocketWantsAPassword() throws Exception {
        Path dataDir = TestServer.freshDataDir();
        try (LocalPostgres postgres = LocalPostgres.start(dataDir, 0, LocalPostgres.defaultBinariesDir(), SETTINGS);
                Connection db = DriverManager.getConnection(postgres.jdbcUrl(), credentials(postgres.user(),
                        postgres.password()));
                Statement sql = db.createStatement()) {
            ResultSet listen = sql.executeQuery("SHOW listen_addresses");
            listen.next();

            assertThat(listen.getString(1)).isEmpty();
            assertThat(postgres.port()).isZero();
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), credentials("postgres", null)))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), credentials("postgres",
                    "postgres"))).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), credentials("parley", null)))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aConfiguredPortListensOnLocalhostWithPasswordsOnly() throws Exception {
        Path dataDir = TestServer.freshDataDir();
        int port = freePort();
        try (LocalPostgres postgres = LocalPostgres.start(dataDir, port, LocalPostgres.defaultBinariesDir(),
                SETTINGS)) {
            String url = "jdbc:postgresql://localhost:" + port + "/parley";

            try (Connection db = DriverManager.getConnection(url, credentials(postgres.user(), postgres.password()))) {
                assertThat(db.isValid(5)).isTrue();
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, credentials("postgres", null)))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, credentials("parley", "guess")))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void credentialsSocketAndBinariesAreReadableByTheirOwnerOnly() throws IOException {
        Path dataDir = TestServer.freshDataDir();
        Path binaries = TestServer.freshDataDir().resolve("binaries");
        try (LocalPostgres ignored = LocalPostgres.start(dataDir, 0, binaries, SETTINGS)) {
            assertThat(permissions(dataDir.resolve("postgres-credentials"))).isEqualTo("rw-------");
            assertThat(permissions(dataDir.resolve("run"))).isEqualTo("rwx------");
            assertThat(permissions(dataDir.resolve("postgres"))).isEqualTo("rwx------");
            assertThat(permissions(binaries)).isEqualTo("rwx------");
            try (var unpacked = Files.list(binaries)) {
                Path bin = unpacked.filter(Files::isDirectory).findFirst().orElseThrow().resolve("bin");
                assertThat(permissions(bin)).isEqualTo("rwx------");
                assertThat(permissions(bin.resolve("postgres"))).isEqualTo("rwx------");
            }
        }
    }

    @Test
    void aBinariesDirectoryOthersCanWriteIsRefused() throws IOException {
        Path binaries = Files.createDirectories(TestServer.freshDataDir().resolve("shared-binaries"));
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> LocalPostgres.start(TestServer.freshDataDir(), 0, binaries, SETTINGS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to run PostgreSQL binaries from");
    }

    @Test
    void aDataDirectoryOfAnEarlierVersionKeepsItsDataAndLosesTrustAuthentication() throws Exception {
        Path dataDir = TestServer.freshDataDir();
        // What earlier versions made: zonky's initdb with trust, Parley's tables in the postgres database.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            DataSource superuser = old.getPostgresDatabase();
            Flyway.configure().dataSource(superuser).locations("classpath:db/migration").load().migrate();
            try (Connection db = superuser.getConnection(); Statement sql = db.createStatement()) {
                sql.execute("INSERT INTO users (username, password_hash) VALUES ('from_before', 'x')");
            }
        }

        try (Parley node = TestServer.start(dataDir, Map.of())) {
            try (Connection db = node.database().dataSource().getConnection(); Statement sql = db.createStatement()) {
                ResultSet kept = sql.executeQuery("SELECT count(*) FROM users WHERE username = 'from_before'");
                kept.next();
                assertThat(kept.getInt(1)).isEqualTo(1);
                ResultSet foreign = sql.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                        + "AND tableowner <> current_user");
                foreign.next();
                assertThat(foreign.getInt(1)).isZero();
            }
            Api api = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            assertThat(api.register("migrated").token()).isNotBlank();
            String socketUrl = "jdbc:postgresql://localhost:5432/postgres?socketFactory="
                    + "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg="
                    + dataDir.resolve("run").resolve(".s.PGSQL.5432");
            assertThatThrownBy(() -> DriverManager.getConnection(socketUrl, credentials("postgres", null)))
                    .isInstanceOf(SQLException.class);
            assertThat(Files.readString(dataDir.resolve("postgres").resolve("pg_hba.conf"))).doesNotContain("trust");
        }
    }

    private static Properties credentials(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "5");
        return properties;
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

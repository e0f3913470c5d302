package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Parley;
import dev.parley.server.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SynchronousCommitTest {

    @Test
    void parleysSessionsCommitSynchronouslyEvenWhenTheDatabasesDefaultIsOff() throws Exception {
        try (Parley node = TestServer.start(TestServer.freshDataDir(),
                Map.of("parley.db.embedded-settings", "synchronous_commit=off"))) {
            try (Connection db = node.database().dataSource().getConnection(); Statement sql = db.createStatement()) {
                try (ResultSet row = sql.executeQuery("SELECT reset_val FROM pg_settings WHERE name = "
                        + "'synchronous_commit'")) {
                    row.next();
                    assertThat(row.getString(1)).as("the server's own default").isEqualTo("off");
                }
                try (ResultSet row = sql.executeQuery("SHOW synchronous_commit")) {
                    row.next();
                    assertThat(row.getString(1)).as("a pooled session").isEqualTo("on");
                }
            }
        }
    }
}

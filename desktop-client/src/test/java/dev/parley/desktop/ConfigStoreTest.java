package dev.parley.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.login.Session;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

    @TempDir
    Path dir;

    @Test
    void theSessionIsRememberedInAFileOnlyTheUserCanRead() throws Exception {
        ConfigStore store = new ConfigStore(dir.resolve("parley"));
        Session session = new Session(URI.create("http://localhost:8080"), "alice", "secret-token");

        store.saveSession(session);

        assertThat(new ConfigStore(dir.resolve("parley")).session()).contains(session);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("parley/session.properties")))).isEqualTo("rw-------");
    }

    @Test
    void signingOutForgetsTheSession() {
        ConfigStore store = new ConfigStore(dir);
        store.saveSession(new Session(URI.create("http://localhost:8080"), "alice", "t"));

        store.clearSession();

        assertThat(store.session()).isEmpty();
    }
}

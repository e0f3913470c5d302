package dev.parley.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.login.Session;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
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

    @Test
    void draftsAreKeptPerServerAndUserInFilesOnlyTheUserCanRead() throws Exception {
        URI server = URI.create("http://localhost:8080");
        UUID room = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        new ConfigStore(dir).drafts(server, "alice").save(Map.of(room, "see you at\nthe station = 8 ü"));

        ConfigStore later = new ConfigStore(dir);

        assertThat(later.drafts(server, "alice").load()).isEqualTo(Map.of(room, "see you at\nthe station = 8 ü"));
        assertThat(later.drafts(server, "bob").load()).isEmpty();
        assertThat(later.drafts(URI.create("http://other:8080"), "alice").load()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> {
                try {
                    return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList()).containsExactly("rw-------");
        }
    }

    @Test
    void savingNoDraftsLeavesNoFile() throws Exception {
        ConfigStore store = new ConfigStore(dir);
        store.drafts(URI.create("http://localhost:8080"), "alice").save(Map.of(UUID.randomUUID(), "hi"));

        store.drafts(URI.create("http://localhost:8080"), "alice").save(Map.of());

        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}

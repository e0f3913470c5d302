package dev.parley.desktop;

import dev.parley.desktop.chat.DraftStore;
import dev.parley.desktop.chat.FrequentEmoji;
import dev.parley.desktop.login.Session;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * What the client remembers between runs, in the user's config directory: the session (its token in a file only
 * the user can read), unsent drafts and the emoji used most (one owner-only file each per server and user) and settings (server address, theme, window bounds, the chat list's width). {@code -Dparley.config.dir} overrides the
 * directory, which the tests use. Any thread; every call reads or writes the files.
 */
public final class ConfigStore {

    private static final System.Logger LOG = System.getLogger(ConfigStore.class.getName());
    private static final String SESSION = "session.properties";
    private static final String SETTINGS = "settings.properties";

    private final Path dir;

    public ConfigStore(Path dir) {
        this.dir = dir;
    }

    /** The platform's place for per-user configuration, with a {@code parley} folder in it. */
    public static ConfigStore forUser() {
        String override = System.getProperty("parley.config.dir");
        if (override != null && !override.isBlank()) {
            return new ConfigStore(Path.of(override));
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win") && System.getenv("APPDATA") != null) {
            return new ConfigStore(Path.of(System.getenv("APPDATA"), "Parley"));
        }
        if (os.contains("mac")) {
            return new ConfigStore(home.resolve("Library/Application Support/Parley"));
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return new ConfigStore((xdg == null || xdg.isBlank() ? home.resolve(".config") : Path.of(xdg)).resolve("parley"));
    }

    public Path dir() {
        return dir;
    }

    public Optional<Session> session() {
        Properties p = read(SESSION);
        String server = p.getProperty("server");
        String username = p.getProperty("username");
        String token = p.getProperty("token");
        if (server == null || username == null || token == null) {
            return Optional.empty();
        }
        return Optional.of(new Session(URI.create(server), username, token));
    }

    public void saveSession(Session session) {
        Properties p = new Properties();
        p.setProperty("server", session.server().toString());
        p.setProperty("username", session.username());
        p.setProperty("token", session.token());
        write(SESSION, p, true);
    }

    public void clearSession() {
        delete(SESSION);
    }

    public Properties settings() {
        return read(SETTINGS);
    }

    public void saveSettings(Properties settings) {
        write(SETTINGS, settings, false);
    }

    /** The drafts of {@code username} on {@code server}, kept apart from any other account's. */
    public DraftStore drafts(URI server, String username) {
        String name = "drafts-" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((server + " " + username).getBytes(StandardCharsets.UTF_8)) + ".properties";
        return new DraftStore() {
            @Override
            public Map<UUID, String> load() {
                Map<UUID, String> drafts = new HashMap<>();
                read(name).forEach((room, text) -> {
                    try {
                        drafts.put(UUID.fromString((String) room), (String) text);
                    } catch (IllegalArgumentException e) {
                        LOG.log(Level.WARNING, "ignoring a draft for {0}: not a room id", room);
                    }
                });
                return drafts;
            }

            @Override
            public void save(Map<UUID, String> drafts) {
                if (drafts.isEmpty()) {
                    delete(name);
                    return;
                }
                Properties p = new Properties();
                drafts.forEach((room, text) -> p.setProperty(room.toString(), text));
                write(name, p, true);
            }
        };
    }

    /** Which emoji {@code username} on {@code server} sends and reacts with, kept apart from any other account's. */
    public FrequentEmoji.Store emoji(URI server, String username) {
        String name = "emoji-" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString((server + " " + username).getBytes(StandardCharsets.UTF_8)) + ".properties";
        return new FrequentEmoji.Store() {
            @Override
            public Map<String, String> load() {
                Map<String, String> uses = new HashMap<>();
                read(name).forEach((emoji, use) -> uses.put((String) emoji, (String) use));
                return uses;
            }

            @Override
            public void save(Map<String, String> uses) {
                if (uses.isEmpty()) {
                    delete(name);
                    return;
                }
                Properties p = new Properties();
                p.putAll(uses);
                write(name, p, true);
            }
        };
    }

    private void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Properties read(String name) {
        Properties p = new Properties();
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "ignoring unreadable {0}: {1}", file, e.getMessage());
            }
        }
        return p;
    }

    /** Writes a temporary file (owner-only from its creation when {@code secret}) and moves it into place. */
    private void write(String name, Properties p, boolean secret) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            Files.deleteIfExists(tmp);
            if (secret && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, secret ? "Parley: keep private" : "Parley settings");
            }
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

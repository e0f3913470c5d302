package dev.parley.server.db;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The generated passwords of the embedded PostgreSQL: the superuser's (for migrations of the setup itself) and the
 * application role's (what Parley and other nodes connect with). Kept in a file only the owner can read or write,
 * created once and never logged; other nodes of a cluster read their {@code PARLEY_DB_PASSWORD} from it.
 */
record DbCredentials(String superuserPassword, String user, String password) {

    static final String FILE_NAME = "postgres-credentials";
    static final String SUPERUSER = "postgres";
    static final String APPLICATION_ROLE = "parley";

    @Override
    public String toString() {
        return "DbCredentials[user=" + user + "]"; // never the passwords
    }

    /** Reads the file, or creates it (mode 0600, written atomically) with new random passwords. */
    static DbCredentials loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                PostgresBinaries.makePrivate(file);
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    properties.load(reader);
                }
                return new DbCredentials(required(properties, "superuser_password", file),
                        required(properties, "user", file), required(properties, "password", file));
            }
            DbCredentials created = new DbCredentials(randomPassword(), APPLICATION_ROLE, randomPassword());
            Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------")));
            Properties properties = new Properties();
            properties.setProperty("superuser", SUPERUSER);
            properties.setProperty("superuser_password", created.superuserPassword());
            properties.setProperty("user", created.user());
            properties.setProperty("password", created.password());
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                properties.store(writer, "Parley's embedded PostgreSQL: generated credentials. Keep this file private;"
                        + " other nodes use user/password as PARLEY_DB_USER/PARLEY_DB_PASSWORD.");
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create " + file, e);
        }
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(file + " has no " + key + ": restore it or remove the data directory");
        }
        return value;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

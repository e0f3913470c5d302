package dev.parley.server.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries that Maven ships (zonky's archive for this OS), unpacked into a directory that only this
 * user can write: {@code <root>/<sha-256 of the archive>}, where {@code <root>} is created 0700 and refused when it
 * belongs to someone else or others may write it. A shared, world-writable location would let any local user plant a
 * {@code postgres} binary that runs as Parley's user at the next start.
 */
final class PostgresBinaries {

    private static final System.Logger LOG = System.getLogger(PostgresBinaries.class.getName());
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    /** Two nodes in one JVM (tests) must not unpack at once; the file lock keeps other processes out. */
    private static final ReentrantLock UNPACKING = new ReentrantLock();

    private final Path directory;

    private PostgresBinaries(Path directory) {
        this.directory = directory;
    }

    /** The default root: the user's cache directory ({@code $XDG_CACHE_HOME} or {@code ~/.cache}). */
    static Path defaultRoot() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("parley").resolve("postgres");
    }

    /** Unpacks the binaries under {@code root} unless they are already there, and returns them. */
    static PostgresBinaries unpack(Path root) {
        byte[] archive = archive();
        String digest = sha256(archive);
        UNPACKING.lock();
        try {
            Path absoluteRoot = root.toAbsolutePath().normalize();
            Files.createDirectories(absoluteRoot);
            requirePrivate(absoluteRoot);
            Path target = absoluteRoot.resolve(digest);
            try (FileChannel lockFile = FileChannel.open(absoluteRoot.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                if (!Files.isDirectory(target)) {
                    Path partial = Files.createTempDirectory(absoluteRoot, "unpacking-");
                    LOG.log(Level.INFO, "Unpacking the PostgreSQL binaries into " + target);
                    extract(archive, partial);
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return new PostgresBinaries(target);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the PostgreSQL binaries into " + root, e);
        } finally {
            UNPACKING.unlock();
        }
    }

    /** Runs one of the binaries ({@code initdb}, {@code pg_ctl}) and waits for it. */
    void run(List<String> command, boolean tolerateFailure) {
        List<String> line = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // PostgreSQL refuses to run as root: as root, run it in a user namespace where it is not.
            line.addAll(List.of("unshare", "-U"));
        }
        line.add(directory.resolve("bin").resolve(command.getFirst()).toString());
        line.addAll(command.subList(1, command.size()));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            process.getOutputStream().close();
            LocalPostgres.await(process, command, tolerateFailure);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command.getFirst(), e);
        }
    }

    /** Makes a file or directory readable and writable by its owner only. */
    static void makePrivate(Path path) throws IOException {
        Files.setPosixFilePermissions(path, Files.isDirectory(path) ? PRIVATE_DIRECTORY : PRIVATE_FILE);
    }

    /** Refuses a root that is not ours or that others may write (what they planted there would run as us). */
    private static void requirePrivate(Path root) throws IOException {
        String me = System.getProperty("user.name");
        String owner = Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName();
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS);
        if (Files.isSymbolicLink(root) || !owner.equals(me)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalStateException("Refusing to run PostgreSQL binaries from " + root + " (owner " + owner
                    + ", " + PosixFilePermissions.toString(permissions) + "): it must be a directory of user " + me
                    + " that nobody else can write. Remove it (Parley unpacks the binaries again) or point "
                    + "PARLEY_DB_BINARIES_dash_DIR elsewhere.");
        }
        if (!permissions.equals(PRIVATE_DIRECTORY)) {
            makePrivate(root);
        }
    }

    private static byte[] archive() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("win") ? "Windows" : os.contains("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch");
        String machine = "amd64".equals(arch) ? "x86_64" : arch;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine)) {
            if (in == null) {
                throw new IllegalStateException("No PostgreSQL binaries for " + system + " " + machine);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the PostgreSQL binaries", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(byte[] archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(
                new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    boolean executable = (entry.getMode() & 0100) != 0 || entry.getName().matches("(\\./)?bin/.*");
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwx------"
                            : "rw-------"));
                }
            }
        }
        try (Stream<Path> paths = Files.walk(target)) {
            for (Path path : paths.filter(Files::isDirectory).toList()) {
                makePrivate(path);
            }
        }
    }
}

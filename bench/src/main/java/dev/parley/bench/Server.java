package dev.parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Parley server under load: either a child JVM started from the server jar on a fresh data directory (so that
 * its CPU and memory, and its embedded PostgreSQL's, can be read from /proc apart from the load generator's), or a
 * server at a given URL, optionally with a known pid.
 */
final class Server implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Server.class.getName());

    private final URI http;
    /** The running server JVM; replaced by {@link #restart}. */
    private volatile Process process;
    /** How it was started (command, environment, log appended to), for {@link #restart}; null for an external server. */
    private final ProcessBuilder launch;
    private final Path dataDir;
    /** Whether the data directory was given (a preloaded database): kept after the run, not deleted. */
    private final boolean keepData;
    private final Long externalPid;
    /** Bearer token for /observe/metrics (null: none known). */
    private final String observeToken;

    private Server(URI http, ProcessBuilder launch, Process process, Path dataDir, boolean keepData, Long externalPid,
                   String observeToken) {
        this.http = http;
        this.launch = launch;
        this.process = process;
        this.dataDir = dataDir;
        this.keepData = keepData;
        this.externalPid = externalPid;
        this.observeToken = observeToken;
    }

    /**
     * How to start a child server: its jar, its JVM options and extra environment (on top of the bench defaults), and
     * its data directory (null: a fresh one under {@code workDir}, deleted after the run; else kept, e.g. preloaded).
     */
    record Launch(Path jar, Path workDir, Path dataDir, List<String> jvmOptions, Map<String, String> env) {
    }

    /**
     * A server somebody else runs; {@code pid} (may be null) lets the reports read its CPU and memory, and
     * {@code PARLEY_OBSERVE_TOKEN} from the environment (if set) its metrics.
     */
    static Server external(URI http, Long pid) {
        return new Server(http, null, null, null, true, pid, System.getenv("PARLEY_OBSERVE_TOKEN"));
    }

    /**
     * Starts the server jar as a child JVM on loopback, a free port and a fresh embedded database (or the given data
     * directory, which is kept); waits until healthy.
     */
    static Server start(Launch launch) {
        try {
            Files.createDirectories(launch.workDir());
            Path dataDir = launch.dataDir() != null ? Files.createDirectories(launch.dataDir().toAbsolutePath())
                    : Files.createTempDirectory(launch.workDir(), "server-data-");
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(launch.jvmOptions());
            // The server jar has no Class-Path manifest: its libraries sit beside it in libs/.
            command.add("-cp");
            command.add(launch.jar().toAbsolutePath() + java.io.File.pathSeparator
                    + launch.jar().toAbsolutePath().resolveSibling("libs") + java.io.File.separator + "*");
            command.add("dev.parley.server.Main");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("PARLEY_") || name.startsWith("SERVER_"));
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("SERVER_HOST", "127.0.0.1");
            env.put("PARLEY_DATA_DIR", dataDir.toString());
            // The per-user send limit protects real users from floods; the bench *is* the flood.
            env.put("PARLEY_LIMITS_SEND_dash_BURST", "1000000");
            env.put("PARLEY_LIMITS_SEND_dash_PER_dash_SECOND", "1000000");
            env.put("PARLEY_LIMITS_REGISTRATIONS_dash_PER_dash_ADDRESS_dash_PER_dash_HOUR", "10000000");
            env.put("PARLEY_LIMITS_FRAMES_dash_BURST", "10000000");
            env.put("PARLEY_LIMITS_NEW_dash_CHATS_dash_PER_dash_HOUR", "10000000");
            // history --preloaded-users signs many users in from 127.0.0.1 at once (attempts count until checked).
            env.put("PARLEY_LIMITS_LOGINS_dash_PER_dash_ADDRESS", "10000000");
            env.put("PARLEY_LIMITS_LOGINS_dash_PER_dash_USER_dash_AND_dash_ADDRESS", "10000000");
            // The idle scenario opens tens of thousands of sockets, all from 127.0.0.1.
            env.put("PARLEY_WS_CONNECTIONS_dash_PER_dash_ADDRESS", "10000000");
            env.put("PARLEY_LIMITS_FRAMES_dash_PER_dash_SECOND", "10000000");
            env.put("PARLEY_LIMITS_UPLOADS_dash_BURST", "10000000");
            env.put("PARLEY_LIMITS_UPLOADS_dash_PER_dash_MINUTE", "10000000");
            env.put("PARLEY_LIMITS_SEARCHES_dash_BURST", "10000000");
            env.put("PARLEY_LIMITS_SEARCHES_dash_PER_dash_SECOND", "10000000");
            // Metrics are served only to the holder of the observe token: one per run.
            byte[] secret = new byte[24];
            new java.security.SecureRandom().nextBytes(secret);
            env.put("PARLEY_OBSERVE_TOKEN", java.util.HexFormat.of().formatHex(secret));
            env.putAll(launch.env());
            // An empty value drops a setting: the server's own default applies (the storm keeps its admission bounds).
            env.values().removeIf(String::isEmpty);
            Process process = builder.start();
            Server server = new Server(URI.create("http://127.0.0.1:" + port), builder, process, dataDir,
                    launch.dataDir() != null, null, env.get("PARLEY_OBSERVE_TOKEN"));
            // A bench stopped with Ctrl-C or SIGTERM takes its server (and that server's PostgreSQL) with it.
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "parley-bench-server-stop"));
            server.awaitHealthy(Duration.ofSeconds(90), Duration.ofMillis(200));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JVM options a Parley server runs with ({@code server/jvm.options} beside the jar's {@code target/}, as
     * {@code ./parley run} uses them); none when the file is not there.
     */
    static List<String> shippedJvmOptions(Path jar) {
        Path file = jar.toAbsolutePath().getParent().resolveSibling("jvm.options");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where {@code ./parley bench aot} puts the JDK's AOT cache for a server jar (beside it), and where servers started
     * by the bench and by {@code ./parley run} look for it.
     */
    static Path aotCacheFile(Path jar) {
        return jar.toAbsolutePath().resolveSibling("parley-server.aot");
    }

    /**
     * The AOT cache for this jar if a server can start from it: this JDK makes and reads them (25 and later, with the
     * profiles of JEP 515) and the cache was made after the jar was built (an older one no longer matches the jar, and
     * the JVM would only warn and start cold).
     */
    static Optional<Path> usableAotCache(Path jar) {
        Path cache = aotCacheFile(jar);
        try {
            return Runtime.version().feature() >= 25 && Files.isRegularFile(cache)
                    && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) > 0
                    ? Optional.of(cache) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server jar: {@code -Dparley.server.jar}, else {@code server/target/parley-server-*.jar} here or one level up. */
    static Path findJar() {
        String configured = System.getProperty("parley.server.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir : List.of(Path.of("server", "target"), Path.of("..", "server", "target"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    Optional<Path> jar = files.map(Path::getFileName).map(Path::toString)
                            .filter(name -> name.matches("parley-server-.*\\.jar") && !name.endsWith("-tests.jar"))
                            .findFirst().map(dir::resolve);
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("server jar not found: build it (mvn -DskipTests install) or give --url");
    }

    URI http() {
        return http;
    }

    /**
     * Kills the server JVM at once (SIGKILL, as a crash or an OOM killer would): no goodbye to its clients, nothing
     * flushed, and its embedded PostgreSQL left running, orphaned, as after a real crash. Only a server this bench
     * started, by its pid.
     */
    void kill() {
        Process current = requireStarted();
        current.destroyForcibly();
        try {
            if (!current.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("server " + current.pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Starts the server again, same port, environment and data directory (it stops a PostgreSQL orphaned by a kill
     * and starts its own); returns the moment it first answered its health check with 200, polled every 50 ms.
     */
    Instant restart(Duration timeout) {
        requireStarted();
        try {
            process = launch.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return awaitHealthy(timeout, Duration.ofMillis(50));
    }

    private Process requireStarted() {
        if (process == null) {
            throw new IllegalStateException("only a server this bench started can be killed or restarted");
        }
        return process;
    }

    URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws") + "/ws");
    }

    /** The server JVM's pid, when known. */
    Optional<Long> pid() {
        return process != null ? Optional.of(process.pid()) : Optional.ofNullable(externalPid);
    }

    boolean started() {
        return process != null;
    }

    /** The embedded PostgreSQL's processes (postmaster and backends), when this bench started the server. */
    List<Long> postgresPids() {
        if (dataDir == null) {
            return List.of();
        }
        try {
            Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            List<Long> pids = new ArrayList<>();
            pids.add(postmaster);
            ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
            return pids;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** CPU, memory and time of the server (and its database) at one moment. */
    record Sample(Instant at, double jvmCpu, double dbCpu, long rss) {
        double cpuSince(Sample before) {
            return jvmCpu - before.jvmCpu;
        }

        double dbCpuSince(Sample before) {
            return dbCpu - before.dbCpu;
        }
    }

    Sample sample() {
        long pid = pid().orElse(-1L);
        // Exited backends take their CPU time with them: the database figure is a lower bound, good enough
        // because Parley's pool keeps its connections open.
        return new Sample(Instant.now(), pid < 0 ? 0 : ProcStats.cpuSeconds(pid), ProcStats.cpuSeconds(postgresPids()),
                pid < 0 ? 0 : ProcStats.rssBytes(pid));
    }

    /** Full GC in the server JVM (jcmd GC.run), so that heap figures count live objects only. False if impossible. */
    boolean gc() {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return false;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    pid.get().toString(), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes the server's live-object class histogram (jcmd GC.class_histogram) to {@code file}. */
    boolean classHistogram(Path file) {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return false;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    pid.get().toString(), "GC.class_histogram").redirectErrorStream(true).redirectOutput(file.toFile())
                    .start();
            return jcmd.waitFor(120, TimeUnit.SECONDS) && jcmd.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The health check with its details (the observe token's view), or null when it cannot be read. */
    com.fasterxml.jackson.databind.JsonNode healthDetails(HttpClient client) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(http.resolve("/observe/health"))
                    .timeout(Duration.ofSeconds(10));
            if (observeToken != null) {
                request.header("Authorization", "Bearer " + observeToken);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return dev.parley.protocol.Json.mapper().readTree(response.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Used heap in bytes from the server's own {@code /observe/metrics}, or -1. */
    long usedHeap(HttpClient client) {
        return metric(client, "memory_usedHeap_bytes");
    }

    /** A gauge of the server's own {@code /observe/metrics} (Prometheus text), or -1 when it cannot be read. */
    long metric(HttpClient client, String name) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(http.resolve("/observe/metrics"))
                    .header("Accept", "text/plain").timeout(Duration.ofSeconds(10));
            if (observeToken != null) {
                request.header("Authorization", "Bearer " + observeToken);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.body().lines()
                    .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Polls the health check every {@code every} until it answers 200; returns that moment. */
    private Instant awaitHealthy(Duration timeout, Duration every) {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ": see "
                        + dataDir.resolve("server.log"));
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(http.resolve("/observe/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return Instant.now();
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(every);
        }
        close();
        throw new IllegalStateException("the server did not become healthy within " + timeout);
    }

    /** The size of the database and the messages it stores, at one moment. */
    record Database(long bytes, long messages) {
        Map<String, Object> describe() {
            return Map.of("bytes", bytes, "gigabytes", Latency.round(bytes / 1e9), "messages", messages);
        }
    }

    /**
     * The database under this server, when the bench started it (read through the embedded PostgreSQL's socket);
     * empty for a server at a given URL.
     */
    Optional<Database> database() {
        if (process == null) {
            return Optional.empty();
        }
        try (java.sql.Connection db = connectDatabase();
                java.sql.Statement sql = db.createStatement();
                java.sql.ResultSet row = sql.executeQuery(
                        "SELECT pg_database_size(current_database()), (SELECT coalesce(sum(message_count), 0) FROM rooms)")) {
            row.next();
            return Optional.of(new Database(row.getLong(1), row.getLong(2)));
        } catch (java.sql.SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "could not read the database's size: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A connection to the embedded PostgreSQL of the server this bench started, as the server connects: the
     * application role from {@code postgres-credentials} and the socket under {@code run/} (see the server's
     * {@code LocalPostgres}).
     */
    java.sql.Connection connectDatabase() throws java.sql.SQLException {
        if (dataDir == null) {
            throw new java.sql.SQLException("the database of a server at a given URL is not reachable from here");
        }
        java.util.Properties credentials = new java.util.Properties();
        Path socket;
        try (java.io.Reader reader = Files.newBufferedReader(dataDir.resolve("postgres-credentials"));
                Stream<Path> files = Files.list(dataDir.resolve("run"))) {
            credentials.load(reader);
            socket = files.filter(f -> f.getFileName().toString().matches("\\.s\\.PGSQL\\.\\d+")).findFirst()
                    .orElseThrow(() -> new java.sql.SQLException("no PostgreSQL socket under " + dataDir));
        } catch (IOException e) {
            throw new java.sql.SQLException("no embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
        String name = socket.getFileName().toString();
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", credentials.getProperty("user"));
        properties.setProperty("password", credentials.getProperty("password"));
        return java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:"
                + name.substring(name.lastIndexOf('.') + 1) + "/parley?socketFactory="
                + "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg=" + socket, properties);
    }

    Optional<Path> log() {
        return Optional.ofNullable(dataDir).map(d -> d.resolve("server.log"));
    }

    /** Stops a server this bench started (SIGTERM: it stops its database itself), by its pid only. */
    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "server " + process.pid() + " ignored SIGTERM: killing it");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteRunData();
    }

    /**
     * The database and the stored files are only useful to the run that made them (unless given): an upload run
     * leaves gigabytes of blobs. The logs stay.
     */
    private void deleteRunData() {
        if (keepData || process.isAlive()) {
            return;
        }
        for (String made : List.of("postgres", "blobs")) {
            Path dir = dataDir.resolve(made);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not delete " + dir + ": " + e.getMessage());
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

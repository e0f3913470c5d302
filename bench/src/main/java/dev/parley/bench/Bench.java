package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./parley bench <scenario> [--option value ...]}: runs one scenario against a server it starts (or
 * {@code --url}), prints the report, writes it as JSON under the results directory and exits non-zero if the run
 * failed (loss, duplicates, errors). {@code ./parley bench plot} (or {@code --plot}) draws the charts.
 */
public final class Bench {

    static final String USAGE = """
            usage: ./parley bench <scenario> [options]     scenarios: chat, group, ramp, idle, history, sync, flood, upload, search, storm, aot, plot
              chat     --users 200 --rate 1000 --duration 30 --warmup 5 --size 64
              group    --groups 20 --members 100 --rate 1000 --duration 20 --warmup 45 --batch on|off --setup db|rest
           (1,000 msgs/s = 99,000 deliveries/s; db: users written into the database, rest: registered)
              ramp     --users 200 --rates 250,500,1000,2000,... --duration 15 --p99-ms 50 [--keep-going]
              idle     --connections 20000 --users C/20 (at least 200) --hold 30 [--histogram: server class histogram]
              history  --rooms 20 --messages 2000 --concurrency 32 --duration 20 --page 50 --pages 10
              sync     --rooms 50 --missed 5000 --repeats 5 --seed-rate 2000 --page 200 --target-ms 2000
                       N users each away while M messages arrive over R rooms, then back: sync + REST pages
              flood    --users 200 --rate 1000 --duration 20 --warmup 10 --flooders 64   chat quiet, then during sign-ups
              upload   --clients 20 --sizes 1,10 --duration 20 --warmup 45 --chat-rate 200 --chat-users 100 --transfer-nice 10
                       each client uploads files of these MiB, sends them, its peer downloads them; chat alongside
                       (--clients 0: the chat alone); the bench's own transfers run at this niceness
              search   --preloaded-users U --searchers-users 200 --concurrency 8 --duration 20 --warmup 5
                       on a preloaded database (--data-dir): C searchers, each a random preloaded user, over a mix
                       of words, two words, prefixes, accents and substrings; first page latency per kind
              storm    --users 5000 --fault kill|cut --rate 200 --before 10 --after 10 --groups U/100 --group-size 10
                       N users connected, traffic flowing; then kill -9 and restart of the server (or every
                       connection cut at once); all reconnect with backoff and sync: time until 99 %/100 % are
                       back, peak CPU/heap, handshakes/s, errors; every acked message once, in order
                       (--setup db|rest: users written into the database, or registered; --max-wait 120)
              plot     [--out DIR]   charts (PNG) from the latest results; --plot after a scenario does the same
            server:    (default) starts server/target/parley-server-*.jar as a child JVM on a fresh embedded database
                       --url http://host:port [--pid PID]   use a running server instead (pid: read its CPU/RSS)
                       --server-jvm-opts "-Xmx1g ..."  --pool-size N  --jfr (record server/target JFR profile)
                       --data-dir DIR   run on this data directory (e.g. filled by preload) and keep it
                       --db-settings "shared_buffers=1GB,..."   embedded PostgreSQL settings (PARLEY_DB_EMBEDDED_dash_SETTINGS)
                       --search-indexing false   the node does not keep the search index (A/B of its cost)
                       --blobs-dir DIR   the node's filesystem store of attachments there (PARLEY_BLOBS_DIR), e.g.
                       on another disk than the database's
                       --aot auto|off   start the server from the AOT cache beside its jar when one matches it
                       (auto), or cold
              aot      train that cache now: a 2,000-client storm after a kill (JDK 25+; ./parley run uses it too)
            preload:   ./parley bench preload --messages N [--users U --rooms R --group-share 0.05 --days 180]
                       fills the database ./parley run would use (PARLEY_DATA_DIR or PARLEY_DB_URL), node stopped
            output:    --results DIR (default bench/target/results)""";

    private Bench() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        Options options = Options.parse(args);
        List<String> positional = options.positional();
        boolean plot = options.flag("plot");
        String scenario = positional.isEmpty() ? (plot ? "plot" : "") : positional.getFirst();
        Path results = Path.of(options.string("results", defaultResults().toString()));
        if (scenario.isEmpty() || scenario.equals("help") || options.has("help")) {
            out.println(USAGE);
            System.exit(scenario.isEmpty() ? 2 : 0);
        }
        if (scenario.equals("plot")) {
            plot(out, results, options);
            System.exit(0);
        }
        if (!List.of("chat", "group", "ramp", "idle", "history", "sync", "flood", "upload", "search", "storm", "aot")
                .contains(scenario)) {
            System.err.println("unknown scenario: " + scenario + "\n" + USAGE);
            System.exit(2);
        }
        String aot = options.string("aot", "auto");
        if (!List.of("auto", "off").contains(aot)) {
            System.err.println("--aot is auto or off, not " + aot);
            System.exit(2);
        }
        boolean ownServer = options.string("url", "").isEmpty();
        if (scenario.equals("aot") && (!ownServer || Runtime.version().feature() < 25)) {
            System.err.println("aot trains the cache of a server this bench starts, on JDK 25 or later");
            System.exit(2);
        }
        // Servers start warm from the AOT cache `bench aot` trained for this jar, when there is one (--aot off: cold).
        if (scenario.equals("aot")) {
            Path jar = Server.findJar();
            AotTraining.train(jar, Server.aotCacheFile(jar), AotTraining.USERS, AotTraining.SECONDS, results, out);
            if (scenario.equals("aot")) {
                System.exit(0);
            }
        }
        Report report;
        try (Server server = server(options, scenario, results, out)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Context ctx = new Context(server, new Api(http, server.http()), http, options, out, results);
            Optional<Server.Database> before = server.database();
            before.ifPresent(db -> out.println("[bench] database: " + Report.format(db.bytes() / 1e9) + " GB, "
                    + db.messages() + " messages stored"));
            Report ran = run(scenario, ctx);
            if (ownServer) {
                ran.put("server_aot_cache", aot.equals("off") ? "off"
                        : Server.usableAotCache(Server.findJar()).map(Path::toString).orElse("none"));
            }
            before.ifPresent(db -> ran.put("database_before", db.describe()));
            server.database().ifPresent(db -> ran.put("database_after", db.describe()));
            report = ran;
            report.print(out);
            out.println("written: " + report.write(results));
            server.log().ifPresent(log -> out.println("server log: " + log));
        }
        if (!options.unused().isEmpty()) {
            out.println("warning: options not used by " + scenario + ": " + options.unused());
        }
        if (plot) {
            plot(out, results, options);
        }
        System.exit(report.ok() ? 0 : 1);
    }

    static Report run(String scenario, Context ctx) {
        return switch (scenario) {
            case "chat" -> ChatScenario.run(ctx);
            case "group" -> GroupScenario.run(ctx);
            case "ramp" -> RampScenario.run(ctx);
            case "idle" -> IdleScenario.run(ctx);
            case "history" -> HistoryScenario.run(ctx);
            case "sync" -> SyncScenario.run(ctx);
            case "flood" -> FloodScenario.run(ctx);
            case "upload" -> UploadScenario.run(ctx);
            case "search" -> SearchScenario.run(ctx);
            case "storm" -> StormScenario.run(ctx);
            default -> throw new IllegalArgumentException(scenario);
        };
    }

    private static Server server(Options options, String scenario, Path results, PrintStream out) {
        String url = options.string("url", "");
        if (!url.isEmpty()) {
            String pid = options.string("pid", "");
            out.println("[bench] using the server at " + url);
            return Server.external(URI.create(url), pid.isEmpty() ? null : Long.valueOf(pid));
        }
        Path jar = Server.findJar();
        List<String> jvm = new ArrayList<>(Server.shippedJvmOptions(jar)); // then the caller's, which win
        String jvmOptions = options.string("server-jvm-opts", "");
        if (!jvmOptions.isBlank()) {
            jvm.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
        }
        if (options.flag("jfr")) {
            try {
                Files.createDirectories(results); // the server writes its recording there
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + results.toAbsolutePath().resolve(scenario + "-server.jfr"));
        }
        if (options.string("aot", "auto").equals("auto")) {
            Server.usableAotCache(jar).ifPresent(cache -> jvm.add("-XX:AOTCache=" + cache));
        }
        int poolSize = options.integer("pool-size", 0);
        Map<String, String> env = new java.util.HashMap<>();
        if (poolSize > 0) {
            env.put("PARLEY_DB_POOL_dash_SIZE", Integer.toString(poolSize));
        }
        String dbSettings = options.string("db-settings", "");
        if (!dbSettings.isBlank()) {
            env.put("PARLEY_DB_EMBEDDED_dash_SETTINGS", dbSettings);
        }
        String indexing = options.string("search-indexing", "");
        if (!indexing.isBlank()) { // false: the node does not keep the search index (an A/B of its cost)
            env.put("PARLEY_SEARCH_INDEXING", Boolean.toString(Boolean.parseBoolean(indexing)));
        }
        String blobsDir = options.string("blobs-dir", "");
        if (!blobsDir.isBlank()) { // the filesystem store elsewhere than the database (another disk)
            env.put("PARLEY_BLOBS_DIR", Path.of(blobsDir).toAbsolutePath().toString());
        }
        String dataDir = options.string("data-dir", "");
        out.println("[bench] starting " + jar + " " + jvm + " " + env + " ...");
        Server server = Server.start(new Server.Launch(jar, results.toAbsolutePath().getParent().resolve("servers"),
                dataDir.isBlank() ? null : Path.of(dataDir), jvm, env));
        out.println("[bench] server pid " + server.pid().orElseThrow() + " at " + server.http());
        return server;
    }

    private static void plot(PrintStream out, Path results, Options options) {
        Path dir = Path.of(options.string("out", results.toString()));
        List<Path> charts = Charts.plot(results, dir);
        out.println(charts.isEmpty() ? "no results to plot under " + results : "charts: " + charts);
    }

    /** bench/target/results from the project root (./parley), else target/results (inside bench/). */
    static Path defaultResults() {
        Path module = Files.isRegularFile(Path.of("bench", "pom.xml")) ? Path.of("bench") : Path.of(".");
        return module.resolve("target").resolve("results");
    }
}

package dev.parley.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code idle}: N WebSocket connections (spread over K users) opened and held; reports the server's resident
 * memory and live heap per connection (full GC by jcmd before each reading, heap from /observe/metrics).
 * Client sockets are spread over 127.0.0.x source addresses when one address would run out of ephemeral ports.
 */
final class IdleScenario {

    /** Below the 28k ephemeral ports Linux gives one source address by default, with room to spare. */
    private static final int CONNECTIONS_PER_ADDRESS = 20_000;

    /**
     * The server's default {@code ws.connections-per-user}: a user's connection past it closes their oldest, so the
     * connections are spread over enough users to hold at most this many each.
     */
    private static final int CONNECTIONS_PER_USER = 20;

    /** File descriptors a JVM needs besides its sockets (jars, pipes, the database pool). */
    private static final int FD_RESERVE = 400;

    private IdleScenario() {
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int requested = o.integer("connections", 20_000);
        int hold = o.integer("hold", 30);
        int parallelism = o.integer("parallelism", 32);
        boolean histogram = o.flag("histogram");
        int connections = capToFileLimits(ctx, requested);
        int userCount = o.integer("users", Math.max(200, Math.ceilDiv(connections, CONNECTIONS_PER_USER)));
        int addresses = o.integer("source-addresses", (connections + CONNECTIONS_PER_ADDRESS - 1) / CONNECTIONS_PER_ADDRESS);
        Report report = new Report("idle", o.used());
        report.put("connections_requested", requested).put("connections", connections);

        Server server = ctx.server();
        ctx.progress("registering " + userCount + " users...");
        Population population = Population.create(ctx.api(), userCount, Math.min(parallelism, 16));
        List<Api.User> users = population.users();
        Reading baseline = read(ctx);
        ctx.progress("baseline: rss " + mb(baseline.rss) + " MB, heap " + mb(baseline.heap) + " MB");

        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < addresses; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).localAddress(loopback(i)).build());
        }
        Server.Sample beforeConnect = server.sample();
        double benchBefore = Context.benchCpu();
        long connectStart = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        Latency handshake = new Latency();
        List<ChatClient> open = Population.inParallel(connections, parallelism, i -> {
            long start = System.nanoTime();
            ChatClient client = ChatClient.connect(clients.get(i % addresses), server.ws(),
                    users.get(i % users.size()).token(), frame -> { }, Duration.ofSeconds(60));
            handshake.recordNanos(System.nanoTime() - start);
            if (done.incrementAndGet() % 2000 == 0) {
                ctx.progress(done.get() + " connections open");
            }
            return client;
        });
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        Server.Sample afterConnect = server.sample();
        ctx.progress("all " + open.size() + " connections open in " + Report.format(connectSeconds) + " s; holding "
                + hold + " s");
        Server.sleep(Duration.ofSeconds(hold));
        Server.Sample afterHold = server.sample();
        Reading loaded = read(ctx);
        if (histogram) {
            Path file = ctx.resultsDir().resolve("idle-server-class-histogram.txt");
            if (server.classHistogram(file)) {
                ctx.progress("server class histogram: " + file);
            }
        }
        long closed = open.stream().filter(c -> c.closeReason() != null).count();

        report.put("connect_s", connectSeconds)
                .put("connections_per_s", open.size() / connectSeconds)
                .put("closed_by_server", closed)
                .put("rss_before_mb", mb(baseline.rss))
                .put("rss_after_mb", mb(loaded.rss))
                .put("heap_before_mb", mb(baseline.heap))
                .put("heap_after_mb", mb(loaded.heap))
                .put("rss_per_connection_kb", (loaded.rss - baseline.rss) / 1024.0 / open.size())
                .put("heap_per_connection_kb", (loaded.heap - baseline.heap) / 1024.0 / open.size())
                .put("gc_before_readings", baseline.gc && loaded.gc)
                .put("server_cpu_s_connecting", afterConnect.cpuSince(beforeConnect))
                .put("server_cpu_s_per_1k_connections", 1000 * afterConnect.cpuSince(beforeConnect) / open.size())
                .put("db_cpu_s_connecting", afterConnect.dbCpuSince(beforeConnect))
                .put("server_cpu_s_holding", afterHold.cpuSince(afterConnect))
                .put("bench_cpu_s", Context.benchCpu() - benchBefore);
        report.latency("handshake+sync", handshake);
        if (closed > 0) {
            report.fail(closed + " connections were closed by the server");
        }
        ctx.progress("closing connections...");
        open.forEach(ChatClient::close);
        return report;
    }

    private record Reading(long rss, long heap, boolean gc) {
    }

    private static Reading read(Context ctx) {
        boolean gc = ctx.server().gc();
        Server.sleep(Duration.ofSeconds(2));
        return new Reading(ctx.server().sample().rss(), ctx.server().usedHeap(ctx.http()), gc);
    }

    /** {@code requested} sockets, or fewer when the bench's or the server's open-files limit would not hold them. */
    static int capToFileLimits(Context ctx, int requested) {
        long limit = ProcStats.openFilesLimit(ProcessHandle.current().pid());
        long serverLimit = ctx.server().pid().map(ProcStats::openFilesLimit).orElse(limit);
        long cap = Math.min(limit, serverLimit) - FD_RESERVE;
        if (requested > cap) {
            ctx.progress("open-files limit is " + Math.min(limit, serverLimit) + " (raise it with ulimit -n as root):"
                    + " holding " + cap + " connections instead of " + requested);
            return (int) cap;
        }
        return requested;
    }

    /** 127.0.0.1, 127.0.0.2, ...: source addresses on loopback, each with its own ephemeral ports. */
    static InetAddress loopback(int index) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (index / 250), (byte) (1 + index % 250)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }
}

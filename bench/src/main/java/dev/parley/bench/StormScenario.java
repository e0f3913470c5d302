package dev.parley.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code storm}: N users connected (in 1:1 rooms, some also in groups) with traffic flowing, then the server is killed
 * with SIGKILL and restarted on the same data directory ({@code --fault kill}), or every connection is cut at once
 * ({@code --fault cut}); every client reconnects as Parley's clients do ({@link StormClient}) and syncs. Reports how
 * long until 99 % and 100 % of the clients were back and synced, counted from when the node answered again, the
 * server's peak CPU, heap and RSS meanwhile, handshakes per second, errors by kind, and checks that every message
 * acknowledged before, during or after the storm reached every other member of its room exactly once and in order,
 * and is stored once.
 */
final class StormScenario {

    /** Clients per loopback source address: each reconnection attempt takes an ephemeral port for a while. */
    private static final int CLIENTS_PER_ADDRESS = 500;

    private StormScenario() {
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int requested = o.integer("users", 5000);
        String fault = o.string("fault", "kill");
        int groupSize = o.integer("group-size", 10);
        int groupCount = o.integer("groups", -1);
        int rate = o.integer("rate", 200);
        int before = o.integer("before", 10);
        int after = o.integer("after", 10);
        int maxWait = o.integer("max-wait", 120);
        int connectRate = o.integer("connect-rate", 500);
        int size = o.integer("size", 64);
        int targetSeconds = o.integer("target-s", 30);
        int maxClientWait = o.integer("max-client-wait-s", 60);
        String setup = o.string("setup", "db");
        int parallelism = o.integer("parallelism", 16);
        if (!List.of("kill", "cut").contains(fault)) {
            throw new IllegalArgumentException("--fault is kill or cut, not " + fault);
        }
        if (fault.equals("kill") && !ctx.server().started()) {
            throw new IllegalArgumentException("--fault kill needs a server this bench starts (not --url)");
        }
        int users = IdleScenario.capToFileLimits(ctx, requested + requested % 2);
        users -= users % 2;
        int groups = groupCount >= 0 ? groupCount : users / 100;
        Report report = new Report("storm", o.used());
        report.put("users", users).put("fault", fault);

        ctx.progress("creating " + users + " users (" + setup + "), " + users / 2 + " direct rooms and " + groups
                + " groups of " + groupSize + "...");
        long setupStart = System.nanoTime();
        List<Api.User> accounts = setup.equals("db") ? StormSetup.usersInDatabase(ctx, users)
                : StormSetup.usersOverRest(ctx, users, parallelism);
        StormRun run = new StormRun(ctx.server().ws(), size);
        StormSetup.Clients population = StormSetup.clients(ctx, accounts, groups, groupSize, run, parallelism,
                i -> new InetSocketAddress(IdleScenario.loopback(i / CLIENTS_PER_ADDRESS), 0));
        List<StormClient> clients = population.all();
        List<List<StormClient>> rooms = population.rooms();
        report.put("setup_s", (System.nanoTime() - setupStart) / 1e9);
        report.put("rooms", rooms.size()).put("groups", rooms.size() - users / 2).put("group_size", groupSize);

        AtomicBoolean sending = new AtomicBoolean(true);
        Thread traffic = null;
        Sampler sampler = null;
        try {
            ctx.progress("connecting " + users + " clients at " + connectRate + "/s...");
            long connectStart = System.nanoTime();
            for (int i = 0; i < clients.size(); i++) {
                waitUntil(connectStart + (long) (1e9 * i / connectRate));
                clients.get(i).start();
            }
            if (!await(() -> run.synced.get() == clients.size(), Duration.ofSeconds(maxWait))) {
                report.fail("only " + run.synced.get() + " of " + clients.size() + " clients connected and synced");
                return report;
            }
            report.put("connect_s", (System.nanoTime() - connectStart) / 1e9);
            report.put("errors_connecting", run.takeErrors());
            ctx.progress("all connected; traffic at " + rate + " msgs/s for " + before + " s before the fault");
            traffic = Thread.ofVirtual().start(() -> traffic(clients, rate, sending));
            sampler = Sampler.start(ctx);
            Server.sleep(Duration.ofSeconds(before));

            long faultAt = System.nanoTime();
            run.faultAt = faultAt;
            long answered;
            if (fault.equals("kill")) {
                ctx.progress("kill -9 of the server, then a restart on the same data directory...");
                ctx.server().kill();
                ctx.server().restart(Duration.ofSeconds(120));
                answered = System.nanoTime();
                ctx.progress("the node answers again " + Report.format((answered - faultAt) / 1e9) + " s after the kill");
            } else {
                ctx.progress("cutting every connection at once...");
                clients.forEach(StormClient::cut);
                answered = faultAt;
            }
            Server.Sample atAnswer = ctx.server().sample();
            long deadline = answered + Duration.ofSeconds(maxWait).toNanos();
            boolean allBack = await(() -> clients.stream().allMatch(StormClient::isSynced),
                    Duration.ofNanos(deadline - System.nanoTime()));
            long backAt = System.nanoTime();
            run.allBackAt = backAt;
            Server.Sample atBack = ctx.server().sample();
            report.put("server_cpu_s_recovery", atBack.cpuSince(atAnswer))
                    .put("db_cpu_s_recovery", atBack.dbCpuSince(atAnswer))
                    .put("server_and_db_cpu_ms_per_client", 1000 * (atBack.cpuSince(atAnswer)
                            + atBack.dbCpuSince(atAnswer)) / users);
            Map<String, Long> stormErrors = run.takeErrors();
            ctx.progress(allBack ? "every client back and synced " + Report.format((backAt - answered) / 1e9)
                    + " s after the node answered" : run.synced.get() + " of " + users + " back within " + maxWait + " s");
            recovery(report, clients, run, faultAt, answered, targetSeconds, maxClientWait);
            report.put("errors_during_storm", stormErrors);
            if (!allBack) {
                report.fail("not every client was back and synced within " + maxWait + " s");
            }

            ctx.progress("traffic for " + after + " s more, then draining and checking...");
            Server.sleep(Duration.ofSeconds(after));
            sending.set(false);
            traffic.join();
            sampler.stop();
            boolean drained = await(() -> drained(clients, rooms), Duration.ofSeconds(60));
            report.put("drained", drained);
            report.put("errors_after_storm", run.takeErrors());
            if (!drained) {
                report.fail("not every send was answered and delivered within 60 s after the traffic stopped");
            }
            sampler.report(report, run.faultAt);
            serverState(ctx, report);
            messages(report, run);
            report.verification(StormCheck.verify(rooms, ctx.api(), parallelism));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            sending.set(false);
            if (sampler != null) {
                sampler.stop();
            }
            clients.forEach(StormClient::stop);
            run.close();
        }
        return report;
    }

    /** When the clients were back (handshake) and synced, counted from when the node answered again. */
    private static void recovery(Report report, List<StormClient> clients, StormRun run, long faultAt, long answered,
                                 int targetSeconds, int maxClientWait) {
        long firstBack = clients.stream().mapToLong(c -> c.backAt).filter(t -> t != 0).min().orElse(answered);
        long t0 = Math.min(answered, firstBack); // a client may get in a moment before the health check says so
        double[] back = seconds(clients.stream().mapToLong(c -> c.backAt), t0);
        double[] synced = seconds(clients.stream().mapToLong(c -> c.syncedAt), t0);
        double[] offline = clients.stream().filter(c -> c.syncedAt != 0 && c.lostAt != 0)
                .mapToDouble(c -> (c.syncedAt - c.lostAt) / 1e9).sorted().toArray();
        int[] attempts = clients.stream().mapToInt(c -> c.attemptsSinceLoss).sorted().toArray();
        report.put("node_answered_after_fault_s", (t0 - faultAt) / 1e9)
                .put("back_p50_s", percentile(back, 50)).put("back_p99_s", percentile(back, 99))
                .put("back_100_s", percentile(back, 100))
                .put("synced_p50_s", percentile(synced, 50)).put("synced_p99_s", percentile(synced, 99))
                .put("synced_100_s", percentile(synced, 100))
                .put("clients_synced", synced.length)
                .put("longest_offline_s", offline.length == 0 ? 0.0 : offline[offline.length - 1])
                .put("attempts_p50", attempts.length == 0 ? 0 : attempts[attempts.length / 2])
                .put("attempts_max", attempts.length == 0 ? 0 : attempts[attempts.length - 1]);
        List<Long> handshakes = run.handshakes.stream().filter(t -> t >= t0).sorted().toList();
        List<Long> refusals = run.refusals.stream().filter(t -> t >= faultAt).toList();
        int[] perSecond = new int[Math.max(1, (int) Math.ceil(Math.max(0, run.allBackAt - t0) / 1e9))];
        handshakes.forEach(t -> perSecond[(int) Math.min(perSecond.length - 1, (t - t0) / 1_000_000_000L)]++);
        report.put("handshakes", handshakes.size())
                .put("handshakes_per_s_peak", Arrays.stream(perSecond).max().orElse(0))
                .put("handshakes_per_s_mean", handshakes.size() / Math.max(1e-9, (run.allBackAt - t0) / 1e9))
                .put("handshakes_per_second", Arrays.stream(perSecond).boxed().toList())
                .put("refused_503", refusals.size());
        boolean met = synced.length == clients.size() && percentile(synced, 100) <= targetSeconds
                && percentile(synced, 100) <= maxClientWait;
        report.put("target_all_synced_within_s", targetSeconds).put("target_met", met);
    }

    private static double[] seconds(java.util.stream.LongStream times, long t0) {
        return times.filter(t -> t != 0).mapToDouble(t -> (t - t0) / 1e9).sorted().toArray();
    }

    private static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Whether the server survived (no OOM in its log), and what its admission control counted. */
    private static void serverState(Context ctx, Report report) {
        boolean oom = ctx.server().log().map(log -> {
            try {
                return Files.readString(log).contains("OutOfMemoryError");
            } catch (java.io.IOException e) {
                return false;
            }
        }).orElse(false);
        report.put("server_out_of_memory", oom);
        if (oom) {
            report.fail("the server ran out of memory (see its log)");
        }
        var health = ctx.server().healthDetails(ctx.http());
        if (health != null && health.has("checks")) {
            for (var check : health.get("checks")) {
                if ("admission".equals(check.path("name").asText())) {
                    Map<String, Object> counts = new LinkedHashMap<>();
                    check.path("data").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
                    report.put("server_admission_since_restart", counts);
                }
            }
        }
    }

    private static void messages(Report report, StormRun run) {
        report.put("sent", run.sent.sum())
                .put("connection_attempts", run.attempts.sum());
        report.latency("send→ack, meant before the fault", run.ackBefore)
                .latency("send→delivered, before the fault", run.deliveredBefore)
                .latency("send→ack, meant during the storm", run.ackDuring)
                .latency("send→delivered, during the storm", run.deliveredDuring)
                .latency("send→ack, after every client was back", run.ackAfter)
                .latency("send→delivered, after", run.deliveredAfter);
    }

    /** Every send answered, and every acked message received by every other member of its room. */
    private static boolean drained(List<StormClient> clients, List<List<StormClient>> rooms) {
        if (clients.stream().anyMatch(c -> c.unanswered() > 0)) {
            return false;
        }
        for (int r = 0; r < rooms.size(); r++) {
            List<StormClient> members = rooms.get(r);
            long acked = 0;
            long received = 0;
            for (StormClient member : members) {
                acked += member.ackedIn(r);
                received += member.room(r).received.size();
            }
            if (received < acked * (members.size() - 1)) {
                return false;
            }
        }
        return true;
    }

    /** Open loop: at evenly spaced intended times, a random client sends to one of its rooms. */
    private static void traffic(List<StormClient> clients, int rate, AtomicBoolean sending) {
        long interval = (long) (1e9 / rate);
        long intended = System.nanoTime();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (sending.get()) {
            waitUntil(intended);
            StormClient client = clients.get(random.nextInt(clients.size()));
            client.submit(client.rooms.get(random.nextInt(client.rooms.size())), intended);
            intended += interval;
        }
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Server.sleep(Duration.ofMillis(100));
        }
        return true;
    }

    private static void waitUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    /**
     * The server's CPU (cores busy: CPU seconds per second, its JVM and its PostgreSQL apart), used heap and RSS every
     * half second from before the fault until the end; windows across a restart (a new pid) are skipped.
     */
    static final class Sampler {
        private final Context ctx;
        private final Thread thread;
        private volatile boolean running = true;
        private final List<double[]> rows = new ArrayList<>(); // time, jvm cores, db cores, heap MB, rss MB

        private Sampler(Context ctx) {
            this.ctx = ctx;
            this.thread = Thread.ofPlatform().daemon().name("storm-sampler").unstarted(this::loop);
        }

        static Sampler start(Context ctx) {
            Sampler sampler = new Sampler(ctx);
            sampler.thread.start();
            return sampler;
        }

        private void loop() {
            Server server = ctx.server();
            long pid = server.pid().orElse(-1L);
            Server.Sample last = server.sample();
            long lastAt = System.nanoTime();
            while (running) {
                Server.sleep(Duration.ofMillis(500));
                long heap = server.usedHeap(ctx.http());
                Server.Sample now = server.sample();
                long at = System.nanoTime();
                long nowPid = server.pid().orElse(-1L);
                double wall = (at - lastAt) / 1e9;
                if (nowPid == pid && wall > 0) {
                    double jvm = Math.max(0, now.cpuSince(last)) / wall;
                    double db = Math.max(0, now.dbCpuSince(last)) / wall;
                    synchronized (rows) {
                        rows.add(new double[] {at, jvm, db, heap / 1048576.0, now.rss() / 1048576.0});
                    }
                }
                pid = nowPid;
                last = now;
                lastAt = at;
            }
        }

        void stop() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Peaks before the fault and from the fault on. */
        void report(Report report, long faultAt) {
            double[] calm = new double[5];
            double[] storm = new double[5];
            synchronized (rows) {
                for (double[] row : rows) {
                    double[] into = row[0] < faultAt ? calm : storm;
                    for (int i = 1; i < 5; i++) {
                        into[i] = Math.max(into[i], row[i]);
                    }
                }
            }
            report.put("server_cpu_cores_peak_before", calm[1]).put("server_cpu_cores_peak_storm", storm[1])
                    .put("db_cpu_cores_peak_storm", storm[2])
                    .put("server_heap_mb_peak_before", calm[3]).put("server_heap_mb_peak_storm", storm[3])
                    .put("server_rss_mb_peak_storm", storm[4])
                    .put("server_max_heap_mb", ctx.server().metric(ctx.http(), "memory_maxHeap_bytes") / 1048576.0);
        }
    }
}

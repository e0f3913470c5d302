package dev.parley.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code flood}: chat at a steady rate, measured once quietly and once while F clients sign up as fast as the server
 * answers them (each sign-up costs the server an Argon2id hash). Shows whether sign-ups and sign-ins can slow
 * everybody's messages down: the report gives both latency rows, their ratio, and what the flood got (created,
 * refused with 429, failed).
 */
final class FloodScenario {

    private FloodScenario() {
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int users = o.integer("users", 200);
        int rate = o.integer("rate", 1000);
        int seconds = o.integer("duration", 20);
        int warmup = o.integer("warmup", 10);
        int flooders = o.integer("flooders", 64);
        int drain = o.integer("drain", 30);
        int parallelism = o.integer("parallelism", 16);
        Report report = new Report("flood", o.used());
        ctx.progress("registering " + users + " users and their rooms...");
        Population population = Population.create(ctx.api(), users, parallelism);
        try (ChatLoad load = ChatLoad.connect(ctx.server(), ctx.http(), population, 64, parallelism)) {
            if (warmup > 0) {
                ctx.progress("warm-up: " + rate + " msgs/s for " + warmup + " s (not measured)");
                load.run(rate, Duration.ofSeconds(warmup), Duration.ofSeconds(drain));
            }
            ctx.progress("quiet: " + rate + " msgs/s for " + seconds + " s");
            ChatLoad.Step quiet = step(ctx, load, report, rate, seconds, drain, "quiet", null);

            ctx.progress("flood: " + rate + " msgs/s for " + seconds + " s while " + flooders + " clients sign up");
            Flood flood = new Flood(ctx.api(), flooders);
            ChatLoad.Step flooded;
            try {
                flooded = step(ctx, load, report, rate, seconds, drain, "during sign-up flood", flood);
            } finally {
                flood.stop();
            }
            double ratio = quiet.deliveredLatency.percentileMs(99) == 0 ? 0
                    : flooded.deliveredLatency.percentileMs(99) / quiet.deliveredLatency.percentileMs(99);
            report.put("p99_delivered_ratio_flood_to_quiet", Latency.round(ratio))
                    .put("signups_per_s", Latency.round(flood.attempts.sum() / (double) seconds))
                    .put("signups_created", flood.created.sum())
                    .put("signups_refused_429", flood.refused.sum())
                    .put("signups_other", flood.other.sum())
                    .latency("sign-up (flood)", flood.latency);
            ChatScenario.failures(report, load, quiet);
            ChatScenario.failures(report, load, flooded);
            ctx.progress("checking delivery and the database...");
            report.verification(Verifier.verify(load, ctx.api(), parallelism));
        }
        return report;
    }

    private static ChatLoad.Step step(Context ctx, ChatLoad load, Report report, int rate, int seconds, int drain,
                                      String name, Flood flood) {
        Server.Sample before = ctx.server().sample();
        if (flood != null) {
            flood.start();
        }
        ChatLoad.Step step = load.run(rate, Duration.ofSeconds(seconds), Duration.ofSeconds(drain));
        Server.Sample after = ctx.server().sample();
        Map<String, Object> row = new LinkedHashMap<>(ChatScenario.row(rate, step, before, after, true));
        row.remove("pass");
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("phase", name);
        named.putAll(row);
        report.step(named);
        ctx.progress("  achieved " + Report.format(step.achievedRate()) + " msgs/s, p99 delivered "
                + Report.format(step.deliveredLatency.percentileMs(99)) + " ms");
        return step;
    }

    /** F virtual threads signing up fresh names back to back until stopped. */
    private static final class Flood {
        final LongAdder attempts = new LongAdder();
        final LongAdder created = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder other = new LongAdder();
        final Latency latency = new Latency();
        private final Api api;
        private final int clients;
        private final AtomicBoolean running = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Flood(Api api, int clients) {
            this.api = api;
            this.clients = clients;
        }

        void start() {
            running.set(true);
            String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
            for (int c = 0; c < clients; c++) {
                int client = c;
                threads.add(Thread.ofVirtual().name("flood-" + c).start(() -> {
                    for (int i = 0; running.get(); i++) {
                        long began = System.nanoTime();
                        int status = api.tryRegister("f" + run + "_" + client + "_" + i, "flood-password-" + run);
                        latency.recordNanos(System.nanoTime() - began);
                        attempts.increment();
                        (status == 201 ? created : status == 429 ? refused : other).increment();
                    }
                }));
            }
        }

        void stop() {
            running.set(false);
            for (Thread thread : threads) {
                try {
                    thread.join(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}

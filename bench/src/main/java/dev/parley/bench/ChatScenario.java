package dev.parley.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chat}: U users in U/2 1:1 rooms, all connected, sending at a total open-loop rate R for D seconds.
 * Reports the achieved rate, send→ack and send→delivered latency and checks that nothing was lost, duplicated,
 * reordered or left out of the database.
 */
final class ChatScenario {

    private ChatScenario() {
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int users = o.integer("users", 200);
        int rate = o.integer("rate", 1000);
        int seconds = o.integer("duration", 30);
        int warmup = o.integer("warmup", 5);
        int size = o.integer("size", 64);
        int drain = o.integer("drain", 30);
        int parallelism = o.integer("parallelism", 16);
        Report report = new Report("chat", o.used());
        ctx.progress("registering " + users + " users and their rooms...");
        Population population = Population.create(ctx.api(), users, parallelism);
        try (ChatLoad load = ChatLoad.connect(ctx.server(), ctx.http(), population, size, parallelism)) {
            ctx.progress(load.devices().size() + " users connected");
            if (warmup > 0) {
                ctx.progress("warm-up: " + rate + " msgs/s for " + warmup + " s (not measured)");
                load.run(rate, Duration.ofSeconds(warmup), Duration.ofSeconds(drain));
            }
            ctx.progress("measuring: " + rate + " msgs/s for " + seconds + " s");
            Server.Sample before = ctx.server().sample();
            double benchBefore = Context.benchCpu();
            ChatLoad.Step step = load.run(rate, Duration.ofSeconds(seconds), Duration.ofSeconds(drain));
            Server.Sample after = ctx.server().sample();
            double benchCpu = Context.benchCpu() - benchBefore;
            describe(report, rate, step);
            report.cpu(before, after, benchCpu, step.acked.sum(), "msgs");
            report.latency("send→ack", step.ackLatency)
                    .latency("send→delivered", step.deliveredLatency)
                    .latency("send lag (bench)", step.sendLag);
            failures(report, load, step);
            ctx.progress("checking delivery and the database...");
            report.verification(Verifier.verify(load, ctx.api(), parallelism));
        }
        return report;
    }

    static void describe(Report report, int rate, ChatLoad.Step step) {
        report.put("target_msgs_per_s", rate)
                .put("achieved_msgs_per_s", step.achievedRate())
                .put("sent", step.sent.sum())
                .put("acked", step.acked.sum())
                .put("delivered", step.delivered.sum())
                .put("errors", step.errorCount.sum())
                .put("drained", step.drained);
    }

    static void failures(Report report, ChatLoad load, ChatLoad.Step step) {
        if (step.errorCount.sum() > 0) {
            report.fail(step.errorCount.sum() + " errors, e.g. " + step.firstErrors);
        }
        if (!step.drained) {
            report.fail("not every send was answered and delivered within the drain time");
        }
        if (!load.closed().isEmpty()) {
            report.fail(load.closed().size() + " connections were closed, e.g. " + load.closed().getFirst());
        }
    }

    /** One row of a step table (ramp). */
    static Map<String, Object> row(int rate, ChatLoad.Step step, Server.Sample before, Server.Sample after,
                                   boolean pass) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target_msgs_per_s", rate);
        row.put("achieved_msgs_per_s", Latency.round(step.achievedRate()));
        row.put("delivered_p50_ms", step.deliveredLatency.summary().get("p50_ms"));
        row.put("delivered_p90_ms", step.deliveredLatency.summary().get("p90_ms"));
        row.put("delivered_p99_ms", step.deliveredLatency.summary().get("p99_ms"));
        row.put("delivered_p99_9_ms", step.deliveredLatency.summary().get("p99_9_ms"));
        row.put("delivered_max_ms", step.deliveredLatency.summary().get("max_ms"));
        row.put("ack_p99_ms", step.ackLatency.summary().get("p99_ms"));
        row.put("send_lag_p99_ms", step.sendLag.summary().get("p99_ms"));
        row.put("errors", step.errorCount.sum());
        long acked = step.acked.sum();
        row.put("server_cpu_s_per_1k_msgs", acked == 0 ? 0.0 : Latency.round(1000 * after.cpuSince(before) / acked));
        row.put("db_cpu_s_per_1k_msgs", acked == 0 ? 0.0 : Latency.round(1000 * after.dbCpuSince(before) / acked));
        row.put("pass", pass);
        return row;
    }
}

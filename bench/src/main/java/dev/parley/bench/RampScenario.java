package dev.parley.bench;

import java.time.Duration;
import java.util.List;

/**
 * {@code ramp}: the chat workload at rising total rates on the same connected users. A step passes when every
 * send is answered and delivered, there are no errors, the achieved rate is within 5% of the target and p99
 * send→delivered is under the objective (50 ms); the report names the highest passing rate. The ramp goes on past
 * failing steps (so the chart shows the whole curve) and stops once the server is saturated (achieved rate under
 * 90% of the target or a step that does not drain), unless {@code --keep-going}.
 */
final class RampScenario {

    private RampScenario() {
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int users = o.integer("users", 200);
        List<Integer> rates = o.integers("rates", "250,500,1000,2000,3000,4000,5000,6000,8000");
        int seconds = o.integer("duration", 15);
        int warmup = o.integer("warmup", 5);
        int size = o.integer("size", 64);
        int drain = o.integer("drain", 30);
        int objectiveMs = o.integer("p99-ms", 50);
        boolean keepGoing = o.flag("keep-going");
        int parallelism = o.integer("parallelism", 16);
        Report report = new Report("ramp", o.used());
        ctx.progress("registering " + users + " users and their rooms...");
        Population population = Population.create(ctx.api(), users, parallelism);
        int best = 0;
        double bestAchieved = 0;
        try (ChatLoad load = ChatLoad.connect(ctx.server(), ctx.http(), population, size, parallelism)) {
            if (warmup > 0) {
                ctx.progress("warm-up: " + rates.getFirst() + " msgs/s for " + warmup + " s (not measured)");
                load.run(rates.getFirst(), Duration.ofSeconds(warmup), Duration.ofSeconds(drain));
            }
            for (int rate : rates) {
                ctx.progress("step: " + rate + " msgs/s for " + seconds + " s");
                Server.Sample before = ctx.server().sample();
                ChatLoad.Step step = load.run(rate, Duration.ofSeconds(seconds), Duration.ofSeconds(drain));
                Server.Sample after = ctx.server().sample();
                boolean pass = step.drained && step.errorCount.sum() == 0
                        && step.achievedRate() >= 0.95 * rate
                        && step.deliveredLatency.percentileMs(99) < objectiveMs;
                report.step(ChatScenario.row(rate, step, before, after, pass));
                ctx.progress("  achieved " + Report.format(step.achievedRate()) + " msgs/s, p99 delivered "
                        + Report.format(step.deliveredLatency.percentileMs(99)) + " ms: " + (pass ? "pass" : "FAIL"));
                if (step.errorCount.sum() > 0) {
                    ctx.progress("  errors, e.g. " + step.firstErrors);
                }
                if (pass) {
                    best = rate;
                    bestAchieved = step.achievedRate();
                }
                // Past saturation every further step only queues more: stop unless asked to go on.
                boolean saturated = !step.drained || step.achievedRate() < 0.9 * rate;
                if (saturated && !keepGoing) {
                    break;
                }
            }
            report.put("highest_passing_target_msgs_per_s", best)
                    .put("highest_passing_achieved_msgs_per_s", bestAchieved)
                    .put("objective", "p99 send→delivered < " + objectiveMs + " ms, zero errors");
            ctx.progress("checking delivery and the database...");
            report.verification(Verifier.verify(load, ctx.api(), parallelism));
            if (!load.closed().isEmpty()) {
                report.fail(load.closed().size() + " connections were closed, e.g. " + load.closed().getFirst());
            }
        }
        return report;
    }
}

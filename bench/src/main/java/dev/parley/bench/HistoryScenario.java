package dev.parley.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code history}: rooms seeded with messages over the WebSocket, then C concurrent readers page
 * {@code GET /api/messages/} backwards from the newest page (closed loop) for D seconds: requests/s and latency.
 */
final class HistoryScenario {

    private HistoryScenario() {
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int roomCount = o.integer("rooms", 20);
        int perRoom = o.integer("messages", 2000);
        int concurrency = o.integer("concurrency", 32);
        int seconds = o.integer("duration", 20);
        int warmup = o.integer("warmup", 5);
        int limit = o.integer("page", 50);
        int pages = o.integer("pages", 10);
        int parallelism = o.integer("parallelism", 16);
        Report report = new Report("history", o.used());

        ctx.progress("seeding " + roomCount + " rooms with " + perRoom + " messages each...");
        Population population = Population.create(ctx.api(), 2 * roomCount, parallelism);
        int seedRate = Math.min(2000, Math.max(100, roomCount * perRoom / 10));
        try (ChatLoad seed = ChatLoad.connect(ctx.server(), ctx.http(), population, 64, parallelism)) {
            ChatLoad.Step step = seed.run(seedRate, Duration.ofMillis(1000L * roomCount * perRoom / seedRate),
                    Duration.ofSeconds(120));
            report.put("seeded_messages", step.acked.sum());
        }
        if (warmup > 0) {
            ctx.progress("warm-up: " + warmup + " s (not measured)");
            read(ctx, population, concurrency, Duration.ofSeconds(warmup), limit, pages);
        }
        ctx.progress("measuring: " + concurrency + " readers for " + seconds + " s");
        Server.Sample before = ctx.server().sample();
        double benchBefore = Context.benchCpu();
        Reads reads = read(ctx, population, concurrency, Duration.ofSeconds(seconds), limit, pages);
        Server.Sample after = ctx.server().sample();
        long requests = reads.latency.count();
        report.put("requests", requests)
                .put("requests_per_s", requests / (double) seconds)
                .put("messages_read", reads.messages.sum())
                .put("errors", reads.errors.sum())
                .cpu(before, after, Context.benchCpu() - benchBefore, requests, "requests");
        report.latency("GET /api/messages/", reads.latency);
        if (reads.errors.sum() > 0) {
            report.fail(reads.errors.sum() + " requests failed");
        }
        return report;
    }

    private record Reads(Latency latency, LongAdder errors, LongAdder messages) {
    }

    /** Each reader picks a random room and pages back from the newest message, {@code pages} pages at most. */
    private static Reads read(Context ctx, Population population, int concurrency, Duration duration, int limit,
                              int pages) {
        Reads reads = new Reads(new Latency(), new LongAdder(), new LongAdder());
        long end = System.nanoTime() + duration.toNanos();
        List<Population.Pair> pairs = population.pairs();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int r = 0; r < concurrency; r++) {
                readers.submit(() -> {
                    while (System.nanoTime() < end) {
                        Population.Pair pair = pairs.get(ThreadLocalRandom.current().nextInt(pairs.size()));
                        long before = 0;
                        for (int page = 0; page < pages && System.nanoTime() < end; page++) {
                            String path = "/api/messages/?room_uuid=" + pair.room() + "&limit=" + limit
                                    + (before > 0 ? "&before=" + before : "");
                            long start = System.nanoTime();
                            HttpResponse<String> response;
                            try {
                                response = ctx.api().send(ctx.api().get(path, pair.a()));
                            } catch (RuntimeException e) {
                                reads.errors.increment();
                                break;
                            }
                            reads.latency.recordNanos(System.nanoTime() - start);
                            if (response.statusCode() != 200) {
                                reads.errors.increment();
                                break;
                            }
                            Api.PageSummary messages = Api.summarise(response.body());
                            reads.messages.add(messages.count());
                            if (messages.count() == 0 || messages.firstSeq() <= 1) {
                                break;
                            }
                            before = messages.firstSeq();
                        }
                    }
                });
            }
        }
        return reads;
    }
}

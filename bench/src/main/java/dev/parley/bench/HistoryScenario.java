package dev.parley.bench;

import dev.parley.protocol.RoomView;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * {@code history}: rooms seeded with messages over the WebSocket, then C concurrent readers page
 * {@code GET /api/messages/} backwards from the newest page (closed loop) for D seconds: requests/s and latency.
 * With {@code --preloaded-users U} nothing is seeded: the readers sign in as some of the users a preload tool put in
 * the database beforehand ({@code preload_<i>}, i in [0, U)) and read the rooms those users are in.
 */
final class HistoryScenario {

    /** The preload tool's conventions: its users' names and their one password. */
    static final String PRELOADED_PREFIX = "preload_";
    static final String PRELOADED_PASSWORD = "preload-password";

    private HistoryScenario() {
    }

    /** A room to read, and a member to read it as. */
    record Target(Api.User reader, UUID room) {
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int preloaded = o.integer("preloaded-users", 0);
        int readerUsers = preloaded > 0 ? o.integer("readers-users", 20) : 0;
        int roomCount = preloaded > 0 ? 0 : o.integer("rooms", 20);
        int perRoom = preloaded > 0 ? 0 : o.integer("messages", 2000);
        int concurrency = o.integer("concurrency", 32);
        int seconds = o.integer("duration", 20);
        int warmup = o.integer("warmup", 5);
        int limit = o.integer("page", 50);
        int pages = o.integer("pages", 10);
        int parallelism = o.integer("parallelism", 16);
        Report report = new Report("history", o.used());

        List<Target> targets;
        if (preloaded > 0) {
            try {
                targets = preloadedTargets(ctx, preloaded, readerUsers, parallelism);
            } catch (IllegalStateException e) {
                return report.fail("could not sign in as the preloaded users (is this server on the preloaded "
                        + "database?): " + e.getMessage());
            }
            report.put("reader_users", targets.stream().map(Target::reader).distinct().count())
                    .put("rooms_to_read", targets.size());
            if (targets.isEmpty()) {
                return report.fail("the preloaded users who signed in have no rooms");
            }
        } else {
            targets = seed(ctx, report, roomCount, perRoom, parallelism);
        }
        if (warmup > 0) {
            ctx.progress("warm-up: " + warmup + " s (not measured)");
            read(ctx, targets, concurrency, Duration.ofSeconds(warmup), limit, pages);
        }
        ctx.progress("measuring: " + concurrency + " readers for " + seconds + " s");
        Server.Sample before = ctx.server().sample();
        double benchBefore = Context.benchCpu();
        Reads reads = read(ctx, targets, concurrency, Duration.ofSeconds(seconds), limit, pages);
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

    /** Fresh pairs of users, each pair's room seeded over the WebSocket; each room is read as its first member. */
    private static List<Target> seed(Context ctx, Report report, int roomCount, int perRoom, int parallelism) {
        ctx.progress("seeding " + roomCount + " rooms with " + perRoom + " messages each...");
        Population population = Population.create(ctx.api(), 2 * roomCount, parallelism);
        int seedRate = Math.min(2000, Math.max(100, roomCount * perRoom / 10));
        try (ChatLoad seed = ChatLoad.connect(ctx.server(), ctx.http(), population, 64, parallelism)) {
            ChatLoad.Step step = seed.run(seedRate, Duration.ofMillis(1000L * roomCount * perRoom / seedRate),
                    Duration.ofSeconds(120));
            report.put("seeded_messages", step.acked.sum());
        }
        return population.pairs().stream().map(pair -> new Target(pair.a(), pair.room())).toList();
    }

    /**
     * Signs in as {@code readers} distinct random users of the {@code users} preloaded ones and lists their rooms:
     * every (user, room) pair is a target.
     */
    private static List<Target> preloadedTargets(Context ctx, int users, int readers, int parallelism) {
        List<Integer> picked = pick(users, readers, ThreadLocalRandom.current());
        ctx.progress("signing in as " + picked.size() + " of the " + users + " preloaded users...");
        List<List<Target>> perUser = Population.inParallel(picked.size(), parallelism, i -> {
            Api.User user = ctx.api().login(PRELOADED_PREFIX + picked.get(i), PRELOADED_PASSWORD);
            return ctx.api().rooms(user).stream().map(RoomView::roomUuid).map(room -> new Target(user, room)).toList();
        });
        List<Target> targets = new ArrayList<>();
        perUser.forEach(targets::addAll);
        ctx.progress(targets.size() + " (user, room) pairs to read");
        return targets;
    }

    /** {@code count} distinct numbers of [0, bound) in random order (all of them when count >= bound). */
    static List<Integer> pick(int bound, int count, RandomGenerator random) {
        Set<Integer> picked = new LinkedHashSet<>();
        if (count >= bound) {
            for (int i = 0; i < bound; i++) {
                picked.add(i);
            }
            return List.copyOf(picked);
        }
        while (picked.size() < count) {
            picked.add(random.nextInt(bound));
        }
        return List.copyOf(picked);
    }

    private record Reads(Latency latency, LongAdder errors, LongAdder messages) {
    }

    /** Each reader picks a random room and pages back from the newest message, {@code pages} pages at most. */
    private static Reads read(Context ctx, List<Target> targets, int concurrency, Duration duration, int limit,
                              int pages) {
        Reads reads = new Reads(new Latency(), new LongAdder(), new LongAdder());
        long end = System.nanoTime() + duration.toNanos();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int r = 0; r < concurrency; r++) {
                readers.submit(() -> {
                    while (System.nanoTime() < end) {
                        Target target = targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
                        long before = 0;
                        for (int page = 0; page < pages && System.nanoTime() < end; page++) {
                            String path = "/api/messages/?room_uuid=" + target.room() + "&limit=" + limit
                                    + (before > 0 ? "&before=" + before : "");
                            long start = System.nanoTime();
                            HttpResponse<String> response;
                            try {
                                response = ctx.api().send(ctx.api().get(path, target.reader()));
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

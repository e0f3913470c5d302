package dev.parley.bench;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code search}: on a database filled by {@code ./parley bench preload} (whose texts are drawn from a fixed
 * vocabulary), C concurrent searchers (closed loop) each take a random one of {@code --searchers-users} preloaded
 * users and ask {@code GET /api/search/} for the first page of a random query over all that user's rooms, for D
 * seconds: latency overall and per kind of query (a word, two words, the word being typed, accents left out, a
 * substring), and how many results the pages held.
 */
final class SearchScenario {

    /** Queries by kind, from the preload tool's vocabulary (common and rare words of it, and some of its accents). */
    static final Map<String, List<String>> QUERIES = queries();

    private SearchScenario() {
    }

    private static Map<String, List<String>> queries() {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put("word", List.of("invoice", "birthday", "deadline", "station", "doctor", "football", "release",
                "budget", "dinner", "tickets"));
        queries.put("common_word", List.of("the", "you", "meet", "ok", "time"));
        queries.put("two_words", List.of("meet tomorrow", "coffee station", "project deadline", "train tickets",
                "birthday party"));
        queries.put("prefix", List.of("tom", "birth", "dead", "wed", "foot", "invo"));
        queries.put("accents", List.of("cafe", "naive", "uber", "strasse"));
        queries.put("substring", List.of("deja-vu", "déjà-v"));
        return queries;
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int preloaded = o.integer("preloaded-users", 0);
        int searcherUsers = o.integer("searchers-users", 200);
        int concurrency = o.integer("concurrency", 8);
        int seconds = o.integer("duration", 20);
        int warmup = o.integer("warmup", 5);
        int parallelism = o.integer("parallelism", 16);
        Report report = new Report("search", o.used());
        if (preloaded < 1) {
            return report.fail("--preloaded-users U is required: search runs on a database filled by "
                    + "./parley bench preload (see docs/benchmarks.md)");
        }
        List<Integer> picked = HistoryScenario.pick(preloaded, searcherUsers, ThreadLocalRandom.current());
        ctx.progress("signing in as " + picked.size() + " of the " + preloaded + " preloaded users...");
        List<Api.User> users;
        try {
            users = Population.inParallel(picked.size(), parallelism, i -> ctx.api().login(
                    HistoryScenario.PRELOADED_PREFIX + picked.get(i), HistoryScenario.PRELOADED_PASSWORD));
        } catch (IllegalStateException e) {
            return report.fail("could not sign in as the preloaded users (is this server on the preloaded "
                    + "database?): " + e.getMessage());
        }
        report.put("searcher_users", users.size());
        if (warmup > 0) {
            ctx.progress("warm-up: " + warmup + " s (not measured)");
            search(ctx, users, concurrency, Duration.ofSeconds(warmup));
        }
        ctx.progress("measuring: " + concurrency + " searchers for " + seconds + " s");
        Server.Sample before = ctx.server().sample();
        double benchBefore = Context.benchCpu();
        Searches searches = search(ctx, users, concurrency, Duration.ofSeconds(seconds));
        Server.Sample after = ctx.server().sample();
        long requests = searches.all.count();
        report.put("requests", requests)
                .put("requests_per_s", requests / (double) seconds)
                .put("results_per_page", requests == 0 ? 0 : searches.results.sum() / (double) requests)
                .put("empty_pages", searches.empty.sum())
                .put("errors", searches.errors.sum())
                .cpu(before, after, Context.benchCpu() - benchBefore, requests, "requests");
        report.latency("GET /api/search/ (all)", searches.all);
        searches.byKind.forEach((kind, latency) -> report.latency("GET /api/search/ " + kind, latency));
        if (searches.errors.sum() > 0) {
            report.fail(searches.errors.sum() + " searches failed");
        }
        return report;
    }

    private record Searches(Latency all, Map<String, Latency> byKind, LongAdder results, LongAdder empty,
                            LongAdder errors) {
    }

    private static Searches search(Context ctx, List<Api.User> users, int concurrency, Duration duration) {
        Map<String, Latency> byKind = new LinkedHashMap<>();
        QUERIES.keySet().forEach(kind -> byKind.put(kind, new Latency()));
        Searches searches = new Searches(new Latency(), byKind, new LongAdder(), new LongAdder(), new LongAdder());
        List<String> kinds = List.copyOf(QUERIES.keySet());
        long end = System.nanoTime() + duration.toNanos();
        try (ExecutorService searchers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < concurrency; s++) {
                searchers.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        Api.User user = users.get(random.nextInt(users.size()));
                        String kind = kinds.get(random.nextInt(kinds.size()));
                        List<String> texts = QUERIES.get(kind);
                        String q = texts.get(random.nextInt(texts.size()));
                        long start = System.nanoTime();
                        HttpResponse<String> response;
                        try {
                            response = ctx.api().send(ctx.api().get("/api/search/?q="
                                    + URLEncoder.encode(q, StandardCharsets.UTF_8), user));
                        } catch (RuntimeException e) {
                            searches.errors.increment();
                            continue;
                        }
                        long took = System.nanoTime() - start;
                        if (response.statusCode() != 200) {
                            searches.errors.increment();
                            continue;
                        }
                        searches.all.recordNanos(took);
                        searches.byKind.get(kind).recordNanos(took);
                        int results = count(response.body());
                        searches.results.add(results);
                        if (results == 0) {
                            searches.empty.increment();
                        }
                    }
                });
            }
        }
        return searches;
    }

    /** How many results a page holds (the number of "snippet" fields: one per hit). */
    private static int count(String body) {
        int count = 0;
        for (int i = body.indexOf("\"snippet\":"); i >= 0; i = body.indexOf("\"snippet\":", i + 1)) {
            count++;
        }
        return count;
    }
}

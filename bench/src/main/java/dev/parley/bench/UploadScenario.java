package dev.parley.bench;

import dev.parley.protocol.Json;
import dev.parley.server.common.BulkThreads;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code upload}: C pairs of users; in each, one uploads files (sizes in MiB, taking turns), sends each in a message and
 * the other downloads it (closed loop, D seconds), while a {@code chat} load runs alongside at R messages/s. Reports
 * MB/s up and down, latency per request and size, the server's used heap over the run (streaming keeps it flat), and
 * the chat's send→delivered latency measured in the same run. Every download is checked byte for byte.
 */
final class UploadScenario {

    private static final String MIB = " MiB";

    private UploadScenario() {
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int clients = o.integer("clients", 20);
        int seconds = o.integer("duration", 20);
        int warmup = o.integer("warmup", 45);
        int chatRate = o.integer("chat-rate", 200);
        int chatUsers = o.integer("chat-users", 100);
        int transferNice = o.integer("transfer-nice", 10);
        List<Integer> sizes = Arrays.stream(o.string("sizes", "1,10").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        Report report = new Report("upload", o.used());
        ctx.progress("signing up " + clients + " uploading pairs and " + chatUsers + " chat users...");
        Population uploaders = Population.create(ctx.api(), 2 * clients, 16);
        Population chatters = Population.create(ctx.api(), chatUsers, 16);
        Random random = new Random(42);
        List<byte[]> files = sizes.stream().map(mib -> {
            byte[] data = new byte[mib * 1024 * 1024];
            random.nextBytes(data); // incompressible, like photos
            return data;
        }).toList();
        LongAdder errors = new LongAdder();
        List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
        Files measured = Files.fresh(sizes, errors, firstErrors);
        ctx.server().gc();
        long heapBefore = ctx.server().usedHeap(ctx.http());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong heapMax = new AtomicLong(heapBefore);

        // The load generator shares the two cores with the node, so its own file moving must not delay its chat
        // clients either: the transfers run on threads of lower priority (as the node's do), with an HTTP client of
        // their own made on one of them (its selector and worker threads inherit the priority). On one client the
        // chat's WebSockets would also wait behind the transfers' buffers on its single selector thread.
        try (ChatLoad chat = ChatLoad.connect(ctx.server(), ctx.http(), chatters, 64, 16);
             BulkThreads bulk = new BulkThreads(clients + 1, transferNice);
             HttpClient transfers = bulk.run(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .build());
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             // closed first: whatever happens, the transfer loops end, so that the executor's close does not wait
             java.io.Closeable stopTransfers = () -> stopAt.accumulateAndGet(System.nanoTime(), Math::min)) {
            // The transfers run from the warm-up's start to the window's end without a break, each pair's loop back to
            // back: stopped and started again at the window's start, all twenty began an upload at the same moment as
            // the measured chat (their loops fell in step while the warm-up's last transfers ended), a burst no real
            // uploaders make, and the chat's first tenths of a second counted it. A transfer is counted in the phase
            // in which it started.
            AtomicReference<Files> phase = new AtomicReference<>(Files.fresh(sizes, errors, firstErrors));
            List<Future<?>> loops = moveFiles(uploaders, clients, files, sizes, stopAt, phase, inFlight, ctx,
                    transfers, bulk, threads);
            if (warmup > 0) {
                // The same load, not measured: both JVMs compile the transfer and chat paths for long (their JIT
                // threads took a third of the two cores in the first seconds of a cold run, and still compiled 10 %
                // of a core 10-30 s in, crowding both cores in bursts: 45 s by default, as for bench group).
                ctx.progress("warm-up: the same load for " + warmup + " s (not measured)");
                chat.run(chatRate, Duration.ofSeconds(warmup), Duration.ofSeconds(30));
            }
            ctx.progress("measuring: " + clients + " clients uploading " + sizes + MIB + " files for " + seconds
                    + " s, chat at " + chatRate + " msgs/s alongside");
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            phase.set(measured);
            stopAt.set(end);
            Server.Sample before = ctx.server().sample();
            double benchBefore = Context.benchCpu();
            Future<ChatLoad.Step> chatting = threads.submit(() -> chat.run(chatRate, Duration.ofSeconds(seconds),
                    Duration.ofSeconds(30)));
            // The sampled used heap counts garbage too (G1 grows the young generation into the free heap); what
            // streaming keeps flat is the live heap: measured once after a full collection, when the chat's window
            // has closed (the collection stops the node for tens of milliseconds, and the heap it leaves makes G1
            // run concurrent cycles for seconds after: neither belongs in the chat's latency) while the transfers
            // started in the window are still moving.
            Future<?> heap = threads.submit(() -> {
                while (System.nanoTime() < end) {
                    heapMax.accumulateAndGet(ctx.server().usedHeap(ctx.http()), Math::max);
                    sleep(Duration.ofMillis(500));
                }
            });
            ChatLoad.Step step = chatting.get();
            heap.get();
            long liveAfterWindow = 0;
            int inFlightAtCollection = inFlight.get();
            if (ctx.server().gc()) {
                inFlightAtCollection = Math.min(inFlightAtCollection, inFlight.get());
                liveAfterWindow = ctx.server().usedHeap(ctx.http());
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
            Server.Sample after = ctx.server().sample();
            report.put("clients", clients)
                    .put("upload_mb_per_s", measured.bytesUp().sum() / 1e6 / seconds)
                    .put("download_mb_per_s", measured.bytesDown().sum() / 1e6 / seconds)
                    .put("uploads", measured.up().values().stream().mapToLong(Latency::count).sum())
                    .put("downloads", measured.down().values().stream().mapToLong(Latency::count).sum())
                    .put("errors", errors.sum())
                    .put("server_heap_before_mb", heapBefore / 1e6)
                    .put("server_heap_max_mb", heapMax.get() / 1e6)
                    .put("server_live_heap_after_window_mb", liveAfterWindow / 1e6)
                    .put("transfers_in_flight_at_collection", inFlightAtCollection)
                    .put("chat_messages_acked", step.acked.sum())
                    .cpu(before, after, Context.benchCpu() - benchBefore, measured.bytesUp().sum() / (1024 * 1024),
                            "MiB uploaded");
            measured.up().forEach((size, latency) -> report.latency("upload " + size + MIB, latency));
            measured.down().forEach((size, latency) -> report.latency("download " + size + MIB, latency));
            report.latency("chat send→ack", step.ackLatency)
                    .latency("chat send→delivered", step.deliveredLatency)
                    .latency("chat send lag (bench)", step.sendLag);
            if (errors.sum() > 0) {
                report.fail(errors.sum() + " transfers failed, e.g. " + firstErrors);
            }
            if (step.errorCount.sum() > 0 || step.acked.sum() < step.sent.sum()) {
                report.fail("chat alongside: " + step.errorCount.sum() + " errors, " + step.acked.sum() + " of "
                        + step.sent.sum() + " acknowledged " + step.firstErrors);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            return report.fail("the run failed: " + e.getCause());
        } catch (IOException e) {
            return report.fail("the run failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return report.fail("interrupted");
        }
        return report;
    }

    /** Where one phase's transfers are counted (errors of every phase in the same place). */
    private record Files(Map<Integer, Latency> up, Map<Integer, Latency> down, LongAdder bytesUp, LongAdder bytesDown,
                         LongAdder errors, List<String> firstErrors) {

        static Files fresh(List<Integer> sizes, LongAdder errors, List<String> firstErrors) {
            Map<Integer, Latency> up = new java.util.TreeMap<>();
            Map<Integer, Latency> down = new java.util.TreeMap<>();
            sizes.forEach(size -> {
                up.put(size, new Latency());
                down.put(size, new Latency());
            });
            return new Files(up, down, new LongAdder(), new LongAdder(), errors, firstErrors);
        }
    }

    /**
     * Each client's loop of transfers until {@code stopAt}, on the bulk threads: back to back, sizes in turn, each
     * counted in the phase current when it starts.
     */
    private static List<Future<?>> moveFiles(Population uploaders, int clients, List<byte[]> files,
                                             List<Integer> sizes, AtomicLong stopAt, AtomicReference<Files> phase,
                                             AtomicInteger inFlight, Context ctx, HttpClient transfers,
                                             BulkThreads bulk, ExecutorService threads) {
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Population.Pair pair = uploaders.pairs().get(c);
            int first = c;
            loops.add(threads.submit(() -> bulk.run(() -> {
                for (int i = first; System.nanoTime() < stopAt.get(); i++) {
                    int which = i % sizes.size();
                    Files into = phase.get();
                    inFlight.incrementAndGet();
                    try {
                        transfer(ctx, transfers, pair, files.get(which), into.up().get(sizes.get(which)),
                                into.down().get(sizes.get(which)), into.bytesUp(), into.bytesDown());
                    } catch (RuntimeException | IOException e) {
                        into.errors().increment();
                        if (into.firstErrors().size() < 5) {
                            into.firstErrors().add(e.toString());
                        }
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
                return null;
            })));
        }
        return loops;
    }

    /** Uploads {@code data} as {@code pair.a()}, sends it in a message, downloads it as {@code pair.b()}. */
    private static void transfer(Context ctx, HttpClient transfers, Population.Pair pair, byte[] data, Latency up,
                                 Latency down, LongAdder bytesUp, LongAdder bytesDown) throws IOException {
        long start = System.nanoTime();
        HttpResponse<String> uploaded = send(transfers, HttpRequest.newBuilder(ctx.server().http()
                        .resolve("/api/attachments/?room_uuid=" + pair.room() + "&filename=bench.bin"))
                .header("Authorization", "Bearer " + pair.a().token())
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build());
        if (uploaded.statusCode() != 201) {
            throw new IOException("upload: " + uploaded.statusCode() + " " + uploaded.body());
        }
        up.recordNanos(System.nanoTime() - start);
        bytesUp.add(data.length);
        UUID attachment = UUID.fromString(Json.mapper().readTree(uploaded.body()).get("attachment_uuid").asText());
        HttpResponse<String> sent = ctx.api().send(HttpRequest.newBuilder(ctx.server().http().resolve("/api/messages/"))
                .header("Authorization", "Bearer " + pair.a().token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("room", pair.room().toString(),
                        "client_id", attachment.toString(), "attachments", List.of(attachment.toString())))))
                .build());
        if (sent.statusCode() != 201) {
            throw new IOException("send: " + sent.statusCode() + " " + sent.body());
        }
        start = System.nanoTime();
        HttpResponse<InputStream> downloaded;
        try {
            downloaded = transfers.send(HttpRequest.newBuilder(ctx.server().http()
                            .resolve("/api/attachments/" + attachment))
                    .header("Authorization", "Bearer " + pair.b().token()).timeout(Duration.ofSeconds(120)).GET()
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        long received = 0;
        boolean same = true;
        try (InputStream in = downloaded.body()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                same &= received + n <= data.length
                        && Arrays.equals(buffer, 0, n, data, (int) received, (int) received + n);
                received += n;
            }
        }
        if (downloaded.statusCode() != 200 || received != data.length || !same) {
            throw new IOException("download: " + downloaded.statusCode() + ", " + received + " of " + data.length
                    + " bytes" + (same ? "" : ", not the bytes uploaded"));
        }
        down.recordNanos(System.nanoTime() - start);
        bytesDown.add(received);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.parley.bench;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code sync}: a long absence. Each of N returning users has R direct rooms; they are online for one message per
 * room, go away, their partners send M messages over the R rooms (over the WebSocket, at a rate the server takes
 * easily), and then they come back one after another and catch up as a client does ({@link CatchUp}). Reports
 * connect+catch-up and sync→catch-up times and server CPU, and fails unless each user received exactly the messages
 * they missed, each once, in seq order per room.
 */
final class SyncScenario {

    private SyncScenario() {
    }

    /** A returning user, their partners (partner j shares room j with them) and the rooms' seqs. */
    private static final class Absent {
        final Api.User user;
        final List<Api.User> partners;
        final List<UUID> rooms = new ArrayList<>();
        /** The newest seq of each room the user received before going away. */
        final Map<UUID, Long> live = new ConcurrentHashMap<>();
        /** Per room, the seqs acked to the partner while the user was away. */
        final Map<UUID, LongList> missed = new ConcurrentHashMap<>();
        Map<UUID, Long> since;

        Absent(Api.User user, List<Api.User> partners) {
            this.user = user;
            this.partners = partners;
        }
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int roomCount = o.integer("rooms", 50);
        int missed = o.integer("missed", 5000);
        int repeats = o.integer("repeats", 5);
        int seedRate = o.integer("seed-rate", 2000);
        int size = o.integer("size", 64);
        int page = o.integer("page", 200);
        int targetMs = o.integer("target-ms", 2000);
        int parallelism = o.integer("parallelism", 16);
        Report report = new Report("sync", o.used());

        ctx.progress("registering " + repeats + " returning users with " + roomCount + " partners each...");
        List<Absent> absents = register(ctx.api(), repeats, roomCount, parallelism);
        ctx.progress("each online for one message per room, then away...");
        goAway(ctx, absents, parallelism);
        ctx.progress("partners send " + missed + " messages to each returning user at " + seedRate + " msgs/s...");
        Seeded seeded = seed(ctx, absents, missed, seedRate, size, parallelism);
        report.put("returning_users", repeats)
                .put("rooms_per_user", roomCount)
                .put("seeded", seeded.acked)
                .put("seed_errors", seeded.errors.size());
        if (!seeded.errors.isEmpty()) {
            report.fail("seeding failed: " + seeded.errors.size() + " errors, e.g. " + seeded.errors.getFirst());
        }

        ctx.progress("measuring: " + repeats + " returning users catch up, one after another");
        Latency total = new Latency();
        Latency sync = new Latency();
        Latency replay = new Latency();
        CatchUpCheck.Result check = CatchUpCheck.Result.NONE;
        long received = 0;
        long replayed = 0;
        long fetched = 0;
        long requests = 0;
        long errors = 0;
        int withinTarget = 0;
        List<String> firstErrors = new ArrayList<>();
        Server.Sample before = ctx.server().sample();
        double benchBefore = Context.benchCpu();
        for (int k = 0; k < absents.size(); k++) {
            Absent absent = absents.get(k);
            CatchUp catchUp = CatchUp.run(ctx, absent.user, absent.since, page, Duration.ofSeconds(60));
            Map<UUID, long[]> expected = new HashMap<>();
            absent.missed.forEach((room, seqs) -> expected.put(room, seqs.toArray()));
            CatchUpCheck.Result one = CatchUpCheck.check(expected, catchUp.received());
            check = check.plus(one);
            replayed += catchUp.replayed();
            fetched += catchUp.fetched();
            received += one.received();
            requests += catchUp.requests();
            List<String> failed = new ArrayList<>(catchUp.errors());
            if (catchUp.closed() != null) {
                failed.add("closed by the server: " + catchUp.closed());
            }
            errors += failed.size();
            failed.stream().limit(5 - firstErrors.size()).forEach(firstErrors::add);
            long totalNanos = catchUp.connectNanos() + catchUp.caughtUpNanos();
            if (failed.isEmpty()) {
                total.recordNanos(totalNanos);
                sync.recordNanos(catchUp.caughtUpNanos());
                replay.recordNanos(catchUp.syncedNanos());
                withinTarget += totalNanos <= targetMs * 1_000_000L ? 1 : 0;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("user", k + 1);
            row.put("missed", one.missed());
            row.put("received", one.received());
            row.put("has_more_rooms", catchUp.hasMore());
            row.put("over_ws", catchUp.replayed());
            row.put("over_rest", catchUp.fetched());
            row.put("rest_requests", catchUp.requests());
            row.put("connect_ms", Latency.round(catchUp.connectNanos() / 1e6));
            row.put("sync_to_synced_ms", Latency.round(catchUp.syncedNanos() / 1e6));
            row.put("sync_to_caught_up_ms", Latency.round(catchUp.caughtUpNanos() / 1e6));
            row.put("connect_to_caught_up_ms", Latency.round(totalNanos / 1e6));
            row.put("correct", one.ok() && failed.isEmpty());
            report.step(row);
        }
        Server.Sample after = ctx.server().sample();
        report.put("missed_per_user", missed)
                .put("received", received)
                .put("received_over_ws", replayed)
                .put("received_over_rest", fetched)
                .put("rest_requests", requests)
                .put("errors", errors)
                .put("target_ms", targetMs)
                .put("caught_up_within_target", withinTarget + " of " + repeats)
                .cpu(before, after, Context.benchCpu() - benchBefore, received, "msgs");
        report.latency("connect+sync → caught up", total)
                .latency("sync → caught up", sync)
                .latency("sync → synced (WebSocket replay)", replay);
        if (errors > 0) {
            report.fail(errors + " catch-up errors, e.g. " + firstErrors);
        }
        report.put("verification", check.asMap());
        if (!check.ok()) {
            report.fail("correctness check failed: " + check.asMap());
        }
        return report;
    }

    /** Returning user k is user k·(R+1) of the run, their partners the R users after them; one direct room each. */
    private static List<Absent> register(Api api, int repeats, int roomCount, int parallelism) {
        String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
        int perUser = roomCount + 1;
        List<Api.User> users = Population.inParallel(repeats * perUser, parallelism,
                i -> api.register("s" + run + "_" + i, "bench-password-" + run));
        List<Absent> absents = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            absents.add(new Absent(users.get(k * perUser), users.subList(k * perUser + 1, (k + 1) * perUser)));
        }
        List<RoomView> rooms = Population.inParallel(repeats * roomCount, parallelism, i -> {
            Absent absent = absents.get(i / roomCount);
            return api.createRoom(absent.user, absent.partners.get(i % roomCount).name());
        });
        for (int i = 0; i < rooms.size(); i++) {
            Absent absent = absents.get(i / roomCount);
            absent.rooms.add(rooms.get(i).roomUuid());
            absent.missed.put(rooms.get(i).roomUuid(), new LongList());
        }
        return absents;
    }

    /**
     * Each returning user connects, receives one message per room live, remembers the newest seq of each room (as a
     * client does) and disconnects, so that everything sent afterwards is missed.
     */
    private static void goAway(Context ctx, List<Absent> absents, int parallelism) {
        List<ChatClient> clients = Population.inParallel(absents.size(), parallelism, k -> {
            Absent absent = absents.get(k);
            return ChatClient.connect(ctx.http(), ctx.server().ws(), absent.user.token(), frame -> {
                if (frame instanceof ServerFrame.Message m) {
                    absent.live.merge(m.message().roomUuid(), m.message().seq(), Math::max);
                }
            }, Duration.ofSeconds(30));
        });
        int roomCount = absents.getFirst().rooms.size();
        Population.inParallel(absents.size() * roomCount, parallelism, i -> {
            Absent absent = absents.get(i / roomCount);
            return ctx.api().sendMessage(absent.partners.get(i % roomCount), absent.rooms.get(i % roomCount),
                    "see you when you are back", null);
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (absents.stream().anyMatch(a -> a.live.size() < a.rooms.size())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the returning users did not receive their rooms' first messages");
            }
            Server.sleep(Duration.ofMillis(20));
        }
        for (int k = 0; k < absents.size(); k++) {
            absents.get(k).since = Map.copyOf(absents.get(k).live); // frames after this are not theirs any more
            clients.get(k).close();
        }
    }

    /** What the partners' sends came to. */
    private record Seeded(long acked, List<String> errors) {
    }

    /**
     * Every partner connects and sends its share of M to its room at an even pace (open loop, all partners together
     * at {@code rate}); waits until every send is answered.
     */
    private static Seeded seed(Context ctx, List<Absent> absents, int missed, int rate, int size, int parallelism) {
        record Partner(Absent absent, Api.User user, UUID room, int count) {
        }
        List<Partner> partners = new ArrayList<>();
        for (Absent absent : absents) {
            for (int j = 0; j < absent.partners.size(); j++) {
                partners.add(new Partner(absent, absent.partners.get(j), absent.rooms.get(j),
                        share(missed, absent.partners.size(), j)));
            }
        }
        AtomicLong sent = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<ChatClient> clients = Population.inParallel(partners.size(), parallelism, i -> {
            Partner partner = partners.get(i);
            LongList seqs = partner.absent.missed.get(partner.room);
            return ChatClient.connect(ctx.http(), ctx.server().ws(), partner.user.token(), frame -> {
                switch (frame) {
                    case ServerFrame.Ack ack -> {
                        seqs.add(ack.message().seq());
                        acked.incrementAndGet();
                        answered.incrementAndGet();
                    }
                    case ServerFrame.Error error -> {
                        errors.add(partner.user.name() + " got " + error.code() + ": " + error.message());
                        answered.incrementAndGet();
                    }
                    default -> { }
                }
            }, Duration.ofSeconds(30));
        });
        try {
            String filler = size > 12 ? "x".repeat(size - 12) : "";
            long interval = (long) (1e9 * partners.size() / rate);
            long start = System.nanoTime() + 50_000_000;
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < partners.size(); i++) {
                    Partner partner = partners.get(i);
                    ChatClient client = clients.get(i);
                    long phase = ThreadLocalRandom.current().nextLong(interval);
                    senders.submit(() -> {
                        for (int n = 0; n < partner.count; n++) {
                            waitUntil(start + phase + n * interval);
                            try {
                                client.send(new ClientFrame.Send(partner.room, "missed " + n + " " + filler,
                                        partner.user.name() + "-" + n));
                                sent.incrementAndGet();
                            } catch (RuntimeException e) {
                                errors.add("send failed for " + partner.user.name() + ": " + e.getMessage());
                                return;
                            }
                        }
                    });
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (answered.get() < sent.get() && System.nanoTime() < deadline) {
                Server.sleep(Duration.ofMillis(20));
            }
            if (answered.get() < sent.get()) {
                errors.add((sent.get() - answered.get()) + " sends unanswered after 60 s");
            }
        } finally {
            clients.forEach(ChatClient::close);
        }
        return new Seeded(acked.get(), List.copyOf(errors));
    }

    /** Room {@code j}'s share of {@code total} messages over {@code rooms} rooms (the first rooms get the remainder). */
    static int share(int total, int rooms, int j) {
        return total / rooms + (j < total % rooms ? 1 : 0);
    }

    private static void waitUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}

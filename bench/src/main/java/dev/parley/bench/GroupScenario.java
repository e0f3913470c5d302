package dev.parley.bench;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.RoomView;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code group}: G groups of N members, every member connected, an open-loop total rate of R messages/s spread over
 * the groups (each group's sends go round-robin over its members). A message to a group of N is N − 1 deliveries:
 * the report gives deliveries per second, send→delivered latency over all recipients, receipt frames per message,
 * server CPU per 1,000 deliveries, and checks that every member received every message of their group sent by
 * someone else exactly once and in seq order, and nothing of any other group.
 */
final class GroupScenario {

    private GroupScenario() {
    }

    /** One connected member of one group. */
    static final class Member {
        final Api.User user;
        final UUID room;
        final String roomText;
        final String filler;
        volatile NettyClients.Connection client;
        final ReentrantLock sending = new ReentrantLock();
        long nextClientId;
        /** Guarded by the frame handler (one thread at a time per connection). */
        final List<Long> received = new ArrayList<>();
        final List<Long> acked = new ArrayList<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        volatile long foreign;

        Member(Api.User user, UUID room, int size) {
            this.user = user;
            this.room = room;
            this.roomText = room.toString();
            this.filler = size > 22 ? "x".repeat(size - 22) : "";
        }
    }

    /** What the measured step counted. */
    static final class Counts {
        final Latency delivered = new Latency();
        final Latency ack = new Latency();
        final Latency sendLag = new Latency();
        final LongAdder sends = new LongAdder();
        final LongAdder acks = new LongAdder();
        final LongAdder deliveries = new LongAdder();
        final LongAdder receipts = new LongAdder();
        /** WebSocket messages received: a batch is one, however many frames it holds. */
        final LongAdder socketMessages = new LongAdder();
        final LongAdder errors = new LongAdder();
        final java.util.concurrent.ConcurrentLinkedQueue<String> firstErrors =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
    }

    static Report run(Context ctx) {
        Options o = ctx.options();
        int groups = o.integer("groups", 20);
        int size = o.integer("members", 100);
        int rate = o.integer("rate", 1000);
        int seconds = o.integer("duration", 20);
        // 45 s: with the users written into the database the node has served nothing before the warm-up (2,000
        // registrations over REST used to warm it); after 15 s its JIT compilers still took 6 % of the cores in the
        // measured phase, after 45 s under 1 %.
        int warmup = o.integer("warmup", 45);
        int bytes = o.integer("size", 64);
        int drain = o.integer("drain", 30);
        int parallelism = o.integer("parallelism", 16);
        String batch = o.string("batch", "on");
        if (!List.of("on", "off").contains(batch)) {
            throw new IllegalArgumentException("--batch is on or off, not " + batch);
        }
        Report report = new Report("group", o.used());
        String setup = o.string("setup", "db");
        if (!List.of("db", "rest").contains(setup)) {
            throw new IllegalArgumentException("--setup is db or rest, not " + setup);
        }
        ctx.progress("creating " + groups * size + " users (" + setup + ") in " + groups + " groups of " + size
                + "...");
        // db: written into the server's database as the storm scenario does (registering thousands over REST hashes
        // thousands of passwords, minutes of CPU before anything is measured); rest: registered as real users are.
        String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
        List<Api.User> users = setup.equals("db") ? StormSetup.usersInDatabase(ctx, groups * size)
                : Population.inParallel(groups * size, parallelism,
                        i -> ctx.api().register("g" + run + "_" + i, "bench-password-" + run));
        List<RoomView> rooms = Population.inParallel(groups, Math.min(parallelism, 4), g -> ctx.api().createGroup(
                users.get(g * size), "Bench " + g, users.subList(g * size + 1, (g + 1) * size).stream()
                        .map(Api.User::name).toList()));
        List<List<Member>> members = new ArrayList<>();
        List<Member> everyone = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<Member> group = new ArrayList<>();
            for (int m = 0; m < size; m++) {
                Member member = new Member(users.get(g * size + m), rooms.get(g).roomUuid(), bytes);
                group.add(member);
                everyone.add(member);
            }
            members.add(group);
        }
        Counts[] current = {null};
        ctx.progress("connecting " + everyone.size() + " members...");
        NettyClients connections = new NettyClients();
        try {
            Population.inParallel(everyone.size(), parallelism, i -> {
                Member member = everyone.get(i);
                // As the web and desktop clients do: frames that queue up for a member together come as one batch
                // (--batch off: every frame alone, as a client that does not ask for batches gets them).
                URI ws = batch.equals("on") ? URI.create(ctx.server().ws() + "?batch=1") : ctx.server().ws();
                member.client = connections.connect(ws, member.user.token(), utf8 -> {
                    Counts counts = current[0];
                    if (counts != null) {
                        counts.socketMessages.increment();
                    }
                    FrameScan.each(utf8, frame -> onFrame(member, frame, counts));
                }, Duration.ofSeconds(60));
                return member;
            });
            if (warmup > 0) {
                ctx.progress("warm-up: " + rate + " msgs/s for " + warmup + " s (not measured)");
                current[0] = new Counts();
                step(members, rate, Duration.ofSeconds(warmup), current[0]);
                awaitDrained(everyone, members, Duration.ofSeconds(drain));
            }
            ctx.progress("measuring: " + rate + " msgs/s (" + (long) rate * (size - 1) + " deliveries/s) for "
                    + seconds + " s");
            Counts counts = new Counts();
            current[0] = counts;
            Server.Sample before = ctx.server().sample();
            double benchBefore = Context.benchCpu();
            long started = System.nanoTime();
            step(members, rate, Duration.ofSeconds(seconds), counts);
            boolean drained = awaitDrained(everyone, members, Duration.ofSeconds(drain));
            double elapsed = Math.max(seconds, (System.nanoTime() - started) / 1e9); // until drained
            Server.Sample after = ctx.server().sample();
            double benchCpu = Context.benchCpu() - benchBefore;
            long acks = counts.acks.sum();
            long deliveries = counts.deliveries.sum();
            report.put("groups", groups).put("members_per_group", size)
                    .put("target_msgs_per_s", rate)
                    .put("target_deliveries_per_s", (long) rate * (size - 1))
                    .put("sent", counts.sends.sum())
                    .put("acked", acks)
                    .put("deliveries", deliveries)
                    .put("achieved_msgs_per_s", acks / (double) seconds)
                    .put("achieved_deliveries_per_s", deliveries / (double) seconds)
                    .put("deliveries_per_s_until_drained", deliveries / elapsed)
                    .put("receipt_frames", counts.receipts.sum())
                    .put("receipt_frames_per_msg", acks == 0 ? 0.0 : counts.receipts.sum() / (double) acks)
                    .put("websocket_messages_received", counts.socketMessages.sum())
                    .put("errors", counts.errors.sum())
                    .put("drained", drained);
            report.cpu(before, after, benchCpu, deliveries, "deliveries");
            report.latency("send→ack", counts.ack)
                    .latency("send→delivered (every recipient)", counts.delivered)
                    .latency("send lag (bench)", counts.sendLag);
            if (counts.errors.sum() > 0) {
                report.fail(counts.errors.sum() + " errors, e.g. " + counts.firstErrors);
            }
            if (!drained) {
                report.fail("not every send was answered and delivered within the drain time");
            }
            List<String> closed = everyone.stream().filter(m -> m.client.closeReason() != null)
                    .map(m -> m.user.name() + ": " + m.client.closeReason()).limit(5).toList();
            if (!closed.isEmpty()) {
                report.fail("connections were closed, e.g. " + closed);
            }
            ctx.progress("checking that every member got every message of their group once, in order...");
            Map<String, Object> check = verify(members);
            report.put("verification", check);
            if (!Boolean.TRUE.equals(check.get("ok"))) {
                report.fail("correctness check failed: " + check);
            }
        } finally {
            everyone.stream().filter(m -> m.client != null).forEach(m -> m.client.close());
            connections.close();
        }
        return report;
    }

    /** Each group's share of the rate, round-robin over its members from a random start, open loop. */
    private static void step(List<List<Member>> groups, int rate, Duration duration, Counts counts) {
        long intervalNanos = (long) (1e9 * groups.size() / rate);
        long start = System.nanoTime() + 50_000_000;
        long end = start + duration.toNanos();
        // Closed in reverse: first every group's loop has ended, then every send it started has been written (and
        // counted), so that whoever waits for the answers afterwards knows of every send.
        try (ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();
             ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (List<Member> group : groups) {
                long phase = ThreadLocalRandom.current().nextLong(intervalNanos);
                int first = ThreadLocalRandom.current().nextInt(group.size());
                senders.submit(() -> {
                    int next = first;
                    for (long intended = start + phase; intended < end; intended += intervalNanos) {
                        waitUntil(intended);
                        Member member = group.get(next++ % group.size());
                        long at = intended;
                        // A member's socket takes one send at a time; the group's thread does not wait for it.
                        sends.submit(() -> send(member, at, counts));
                    }
                });
            }
        }
    }

    private static void send(Member member, long intendedNanos, Counts counts) {
        member.sending.lock();
        try {
            long id = ++member.nextClientId;
            member.sent.incrementAndGet();
            counts.sends.increment();
            member.client.sendText(ChatClient.write(new ClientFrame.Send(member.room,
                    "t" + intendedNanos + "|" + member.filler, member.user.name() + "-" + id)));
            // (queued on the connection's event loop: the lag is how late the bench got to it, not the socket)
            counts.sendLag.recordNanos(System.nanoTime() - intendedNanos);
        } catch (RuntimeException e) {
            member.answered.incrementAndGet();
            error(counts, "send failed for " + member.user.name() + ": " + e.getMessage());
        } finally {
            member.sending.unlock();
        }
    }

    private static void onFrame(Member member, FrameScan frame, Counts counts) {
        long now = System.nanoTime();
        switch (frame.type()) {
            case "ack" -> {
                synchronized (member) {
                    member.acked.add(frame.seq());
                }
                member.answered.incrementAndGet();
                if (counts != null) {
                    counts.acks.increment();
                    counts.ack.recordNanos(now - frame.intendedNanos());
                }
            }
            case "message" -> {
                if (frame.event()) {
                    return;
                }
                if (!frame.roomUuid().equals(member.roomText)) {
                    member.foreign++;
                    return;
                }
                if (frame.user().equals(member.user.name())) {
                    return;
                }
                synchronized (member) {
                    member.received.add(frame.seq());
                }
                if (counts != null) {
                    counts.deliveries.increment();
                    counts.delivered.recordNanos(now - frame.intendedNanos());
                }
            }
            case "receipt", "ticks" -> {
                if (counts != null) {
                    counts.receipts.increment();
                }
            }
            case "error" -> {
                member.answered.incrementAndGet();
                if (counts != null) {
                    error(counts, member.user.name() + " got " + frame.code() + ": " + frame.message());
                }
            }
            default -> { }
        }
    }

    private static void error(Counts counts, String what) {
        counts.errors.increment();
        if (counts.firstErrors.size() < 5) {
            counts.firstErrors.add(what);
        }
    }

    /** Every send answered, and every member has every acked message of their group that someone else sent. */
    private static boolean awaitDrained(List<Member> everyone, List<List<Member>> groups, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean answered = everyone.stream().allMatch(m -> m.answered.get() >= m.sent.get());
            if (answered && groups.stream().allMatch(GroupScenario::everyoneHasEverything)) {
                return true;
            }
            Server.sleep(Duration.ofMillis(50));
        }
        return false;
    }

    private static boolean everyoneHasEverything(List<Member> group) {
        long acked = 0;
        for (Member member : group) {
            synchronized (member) {
                acked += member.acked.size();
            }
        }
        for (Member member : group) {
            synchronized (member) {
                if (member.received.size() + member.acked.size() < acked) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Per group: the acked seqs of all members; each member must have received exactly those not their own, each once
     * and in ascending order, and no message of another group.
     */
    static Map<String, Object> verify(List<List<Member>> groups) {
        long lost = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long foreign = 0;
        long checked = 0;
        List<String> examples = new ArrayList<>();
        for (List<Member> group : groups) {
            Map<Long, Member> senderOf = new HashMap<>();
            for (Member member : group) {
                for (long seq : member.acked) {
                    senderOf.put(seq, member);
                }
            }
            for (Member member : group) {
                foreign += member.foreign;
                java.util.Set<Long> seen = new java.util.HashSet<>();
                long last = 0;
                for (long seq : member.received) {
                    if (!seen.add(seq)) {
                        duplicated++;
                    }
                    if (seq < last) {
                        outOfOrder++;
                    }
                    last = Math.max(last, seq);
                }
                for (var entry : senderOf.entrySet()) {
                    if (entry.getValue() != member && !seen.contains(entry.getKey())) {
                        lost++;
                        if (examples.size() < 5) {
                            examples.add(member.user.name() + " lacks seq " + entry.getKey() + " of " + member.room);
                        }
                    }
                }
                checked += member.received.size();
            }
        }
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("ok", lost == 0 && duplicated == 0 && outOfOrder == 0 && foreign == 0);
        result.put("deliveries_checked", checked);
        result.put("lost", lost);
        result.put("duplicated", duplicated);
        result.put("out_of_order", outOfOrder);
        result.put("from_other_groups", foreign);
        result.put("examples", examples);
        return result;
    }

    private static void waitUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }
}

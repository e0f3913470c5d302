package dev.parley.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The chat workload: every user of a {@link Population} connected once, then any number of open-loop steps at a
 * total target rate, each followed by a drain. One virtual thread per user sends at the user's share of the rate,
 * at evenly spaced intended times with a random phase; a late send is sent at once and charged its lateness.
 */
final class ChatLoad implements AutoCloseable {

    private final List<Device> devices;
    private final Map<Device, Device> peers;

    private ChatLoad(List<Device> devices, Map<Device, Device> peers) {
        this.devices = devices;
        this.peers = peers;
    }

    /** What one step measured. Counters are written by frame handlers and senders, read after the drain. */
    static final class Step {
        final Latency ackLatency = new Latency();
        final Latency deliveredLatency = new Latency();
        final Latency sendLag = new Latency();
        final LongAdder sent = new LongAdder();
        final LongAdder acked = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder errorCount = new LongAdder();
        final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        volatile long lastAck;
        long startNanos;
        double seconds;
        boolean drained;

        void error(String what) {
            errorCount.increment();
            if (firstErrors.size() < 5) {
                firstErrors.add(what);
            }
        }

        /** Acked messages per second, over the step or until the last ack if that came later. */
        double achievedRate() {
            double until = Math.max(seconds, (lastAck - startNanos) / 1e9);
            return until <= 0 ? 0 : acked.sum() / until;
        }
    }

    static ChatLoad connect(Server server, HttpClient http, Population population, int size, int parallelism) {
        List<Device> devices = new ArrayList<>();
        Map<Device, Device> peers = new java.util.HashMap<>();
        for (Population.Pair pair : population.pairs()) {
            Device a = new Device(pair.a(), pair.room(), size);
            Device b = new Device(pair.b(), pair.room(), size);
            devices.add(a);
            devices.add(b);
            peers.put(a, b);
            peers.put(b, a);
        }
        Population.inParallel(devices.size(), parallelism, i -> {
            Device device = devices.get(i);
            device.attach(ChatClient.connect(http, server.ws(), device.user().token(), device::onFrame,
                    Duration.ofSeconds(30)));
            return device;
        });
        return new ChatLoad(List.copyOf(devices), Map.copyOf(peers));
    }

    List<Device> devices() {
        return devices;
    }

    Device peer(Device device) {
        return peers.get(device);
    }

    /** Sends at {@code rate} messages/s in total for {@code duration}, then waits up to {@code drain} for every answer. */
    Step run(int rate, Duration duration, Duration drain) {
        Step step = new Step();
        devices.forEach(d -> d.step(step));
        long intervalNanos = (long) (1e9 * devices.size() / rate);
        long start = System.nanoTime() + 50_000_000; // let every sender get ready
        long end = start + duration.toNanos();
        step.startNanos = start;
        step.seconds = duration.toNanos() / 1e9;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Device device : devices) {
                long phase = ThreadLocalRandom.current().nextLong(intervalNanos);
                senders.submit(() -> {
                    for (long intended = start + phase; intended < end; intended += intervalNanos) {
                        waitUntil(intended);
                        if (!device.send(intended)) {
                            return;
                        }
                    }
                });
            }
        }
        step.drained = awaitDrained(drain);
        return step;
    }

    /** True once every send is answered (ack or error) and every acked message reached the other member. */
    private boolean awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (devices.stream().allMatch(this::settled)) {
                return true;
            }
            Server.sleep(Duration.ofMillis(20));
        }
        return false;
    }

    private boolean settled(Device device) {
        return device.acked.get() + device.errors.get() >= device.sent.get()
                && peer(device).received.get() >= device.acked.get();
    }

    private static void waitUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    /** Closed connections (the server dropped them, e.g. as slow consumers) with their reasons. */
    List<String> closed() {
        return devices.stream().filter(d -> d.client().closeReason() != null)
                .map(d -> d.user().name() + ": " + d.client().closeReason()).toList();
    }

    @Override
    public void close() {
        devices.forEach(d -> {
            if (d.client() != null) {
                d.client().close();
            }
        });
    }
}

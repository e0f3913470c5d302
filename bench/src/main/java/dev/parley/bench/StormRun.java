package dev.parley.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the storm's clients share: the Netty event loops (two threads, as for the group scenario), where to connect,
 * and the counters every client adds to: errors by kind, handshakes and 503 refusals by time, synced clients, and
 * send→ack and send→delivered latencies by the phase of the run the message was meant to be sent in.
 */
final class StormRun implements AutoCloseable {

    final URI ws;
    final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final Bootstrap bootstrap;
    final String filler;
    final LongAdder sent = new LongAdder();
    final LongAdder attempts = new LongAdder();
    private volatile Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Long> handshakes = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> refusals = new ConcurrentLinkedQueue<>();
    final AtomicInteger synced = new AtomicInteger();

    /** Latencies of messages meant to be sent before the fault, until every client was back, and after. */
    final Latency ackBefore = new Latency();
    final Latency deliveredBefore = new Latency();
    final Latency ackDuring = new Latency();
    final Latency deliveredDuring = new Latency();
    final Latency ackAfter = new Latency();
    final Latency deliveredAfter = new Latency();
    volatile long faultAt = Long.MAX_VALUE;
    volatile long allBackAt = Long.MAX_VALUE;

    StormRun(URI ws, int size) {
        this.ws = ws;
        this.filler = size > 22 ? "x".repeat(size - 22) : "";
        this.bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** The errors counted so far, by kind, and a fresh count from now on. */
    Map<String, Long> takeErrors() {
        Map<String, LongAdder> taken = errors;
        errors = new ConcurrentHashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        taken.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    void handshakeDone() {
        handshakes.add(System.nanoTime());
    }

    void refusedNow() {
        refusals.add(System.nanoTime());
    }

    void syncedNow() {
        synced.incrementAndGet();
    }

    void lostNow() {
        synced.decrementAndGet();
    }

    void acked(long intendedNanos, long latencyNanos) {
        phase(intendedNanos, ackBefore, ackDuring, ackAfter).recordNanos(latencyNanos);
    }

    void delivered(long intendedNanos, long latencyNanos) {
        phase(intendedNanos, deliveredBefore, deliveredDuring, deliveredAfter).recordNanos(latencyNanos);
    }

    private Latency phase(long intendedNanos, Latency before, Latency during, Latency after) {
        return intendedNanos < faultAt ? before : intendedNanos < allBackAt ? during : after;
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

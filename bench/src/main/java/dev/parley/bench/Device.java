package dev.parley.bench;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated user of the chat scenarios: their connection, what they sent and had acknowledged, and what they
 * received from the other member of their one room, in arrival order. Every message's content starts with the
 * {@link System#nanoTime()} at which it was meant to be sent, so latencies are measured from the intended time
 * (open loop: a server that falls behind is charged for the wait, no coordinated omission).
 */
final class Device {

    private static final System.Logger LOG = System.getLogger(Device.class.getName());

    private final Api.User user;
    private final UUID room;
    private final String filler;
    private volatile ChatClient client;
    private volatile ChatLoad.Step step;

    private long nextClientId;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    /** seq and client_id number of every acked send, in ack order. */
    final LongList ackedSeqs = new LongList();
    final LongList ackedIds = new LongList();
    /** seq of every message from the other member, in arrival order. */
    final LongList receivedSeqs = new LongList();

    Device(Api.User user, UUID room, int size) {
        this.user = user;
        this.room = room;
        this.filler = size > 22 ? "x".repeat(size - 22) : "";
    }

    Api.User user() {
        return user;
    }

    UUID room() {
        return room;
    }

    ChatClient client() {
        return client;
    }

    void attach(ChatClient client) {
        this.client = client;
    }

    void step(ChatLoad.Step step) {
        this.step = step;
    }

    /** Sends the next message, meant to go at {@code intendedNanos}; returns false if the send failed. */
    boolean send(long intendedNanos) {
        long id = ++nextClientId;
        String content = "t" + intendedNanos + "|" + filler;
        ChatLoad.Step current = step;
        sent.incrementAndGet();
        current.sent.increment();
        try {
            client.sendText(ChatClient.write(new ClientFrame.Send(room, content, user.name() + "-" + id)));
            current.sendLag.recordNanos(System.nanoTime() - intendedNanos);
            return true;
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            current.error("send failed for " + user.name() + ": " + e.getMessage());
            return false;
        }
    }

    /** Handles a frame of this device's connection (called sequentially, in arrival order). */
    void onFrame(ServerFrame frame) {
        long now = System.nanoTime();
        ChatLoad.Step current = step;
        switch (frame) {
            case ServerFrame.Ack ack -> {
                MessageView message = ack.message();
                ackedSeqs.add(message.seq());
                ackedIds.add(Long.parseLong(ack.clientId().substring(ack.clientId().lastIndexOf('-') + 1)));
                acked.incrementAndGet();
                if (current != null) {
                    current.ackLatency.recordNanos(now - intendedNanos(message));
                    current.acked.increment();
                    current.lastAck = now;
                }
            }
            case ServerFrame.Message incoming -> {
                MessageView message = incoming.message();
                if (message.user().equals(user.name()) || !message.roomUuid().equals(room)) {
                    return;
                }
                receivedSeqs.add(message.seq());
                received.incrementAndGet();
                if (current != null) {
                    current.deliveredLatency.recordNanos(now - intendedNanos(message));
                    current.delivered.increment();
                }
            }
            case ServerFrame.Error error -> {
                errors.incrementAndGet();
                if (current != null) {
                    current.error(user.name() + " got error " + error.code() + ": " + error.message());
                } else {
                    LOG.log(System.Logger.Level.WARNING, user.name() + " got error " + error);
                }
            }
            case ServerFrame.Typing t -> { }
            case ServerFrame.Receipt r -> { }
            case ServerFrame.Ticks t -> { }
            case ServerFrame.Presence p -> { }
            case ServerFrame.Room r -> { }
            case ServerFrame.Block b -> { }
            case ServerFrame.Profile p -> { }
            case ServerFrame.Synced s -> { }
            case ServerFrame.Pong p -> { }
            case ServerFrame.Update u -> { } // the load sends no message actions
            case ServerFrame.Batch batch -> batch.frames().forEach(this::onFrame);
        }
    }

    private static long intendedNanos(MessageView message) {
        String content = message.content();
        return Long.parseLong(content, 1, content.indexOf('|'), 10);
    }
}

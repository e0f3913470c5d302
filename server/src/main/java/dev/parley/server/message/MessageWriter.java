package dev.parley.server.message;

import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.MessageView;
import dev.parley.server.attachment.AttachmentService;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.ErrorMapping;
import dev.parley.server.common.Loops;
import dev.parley.server.realtime.Connection;
import dev.parley.server.room.RoomRef;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Group commit: sends from every connection of this node queue here, and one writer thread commits whatever has
 * accumulated (up to {@link #MAX_BATCH}) in a single transaction ({@link BatchStatement}), holding the batch's
 * {@link RoomLocks} from before the commit until its {@link MessageFanOut} is done. Only after the commit is a send
 * answered, so every ack follows its commit. A resent client_id gets its original; a batch that still hits a
 * duplicate (another node stored it meanwhile) falls back to one message per transaction; deadlock victims and
 * serialization failures are retried.
 */
final class MessageWriter implements AutoCloseable {

    static final int MAX_BATCH = 256;
    /**
     * Sends waiting for the database, at most: beyond that (a database far slower than the traffic, or gone) a send
     * is answered {@code unavailable} at once instead of waiting minutes in a queue that only grows.
     */
    static final int MAX_QUEUED = 10_000;
    /** While the database is known to be down, it is probed this often; sends are answered at once meanwhile. */
    private static final long PROBE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final System.Logger LOG = System.getLogger(MessageWriter.class.getName());

    /**
     * A send waiting for its commit; {@code replyTo} is the seq of the message it answers, or null;
     * {@code attachments} are the uploads it carries (bound to it by the batch that stores it).
     */
    record Pending(AuthUser user, RoomRef room, String content, String clientId, Long replyTo,
                   List<AttachmentView> attachments, Connection origin, CompletableFuture<Committed> result,
                   long queuedAt) {
    }

    /**
     * The stored message; {@code created} is false for a resend of a known client_id. A null view is a send that
     * was not stored: with {@code created} false its client_id was used in another room (a conflict), with
     * {@code created} true its sender is no longer a member of the room.
     */
    record Committed(Pending pending, MessageView view, boolean created) {
    }

    private final DataSource pool;
    /** Reads back the message a resend repeats, as it is now. */
    private final MessageRepository messages;
    private final MessageFanOut fanOut;
    private final long commitIntervalNanos;
    private final RoomLocks roomLocks;
    /** Where a sender's watermark goes when its member row was busy: moved a moment later, outside the batch. */
    private final MessageService.OwnWatermarks deferred;
    private long lastCommitStart = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread writer;
    private volatile boolean running = true;
    /** Set when a batch failed because the database cannot be reached; cleared by a probe that reaches it. */
    private volatile boolean databaseDown;
    /** When the last probe started (writer thread only), and whether one is running. */
    private long lastProbe;
    /** When the oldest send of the batch in flight was queued (nanoTime); 0 while no batch is in flight. */
    private volatile long inFlightSince;
    private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * {@code fanOut} receives each committed batch in commit order, on the writer thread, and every failed send.
     * Transactions start at
     * most every {@code commitInterval}: a send that arrives sooner after the last start waits for the rest of the
     * interval, so that the sends arriving meanwhile share its commit (and its fsync, the largest cost of a commit).
     * A lone send after a quiet spell is committed at once; under heavy load a commit takes longer than the interval.
     */
    MessageWriter(DataSource pool, MessageRepository messages, java.time.Duration commitInterval, RoomLocks roomLocks,
                  MessageService.OwnWatermarks deferred, MessageFanOut fanOut) {
        this.pool = pool;
        this.messages = messages;
        this.deferred = deferred;
        this.roomLocks = roomLocks;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.fanOut = fanOut;
        // A thread of its own, not a virtual one: every send waits for this one thread, and a virtual thread woken by
        // its database's answer queues behind every connection's writer on the carriers when the cores are busy
        // (groups of 100 at 99,000 deliveries/s: send→delivered p99 108-109 ms against 117-122 on a virtual thread).
        this.writer = Thread.ofPlatform().daemon().name("parley-message-writer").start(this::run);
    }

    /** Queues a send; the future completes after the commit (or with the database's failure). */
    CompletableFuture<Committed> submit(AuthUser user, RoomRef room, String content, String clientId,
                                        Long replyTo, List<AttachmentView> attachments, Connection origin) {
        CompletableFuture<Committed> result = new CompletableFuture<>();
        Pending pending = new Pending(user, room, content, clientId, replyTo, attachments, origin, result,
                System.nanoTime());
        if (!running) {
            fanOut.failed(pending, stopping());
            return result;
        }
        if (databaseDown) {
            fanOut.failed(pending, ApiException.unavailable(ErrorMapping.UNAVAILABLE));
            return result;
        }
        if (!queue.offer(pending)) {
            fanOut.failed(pending, ApiException.unavailable(
                    "too many sends are waiting for the database; nothing was changed, try again"));
            return result;
        }
        if (!running) {
            failQueued(stopping()); // stopped meanwhile: the writer may have drained the queue already
        }
        return result;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS); // short: a stopping node waits for it
                if (databaseDown) {
                    probe();
                }
                if (first == null) {
                    continue;
                }
                long early = lastCommitStart + commitIntervalNanos - System.nanoTime();
                if (early > 0 && queue.size() < MAX_BATCH - 1) {
                    LockSupport.parkNanos(early); // an early return only makes this batch smaller
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                inFlightSince = first.queuedAt();
                commitAndDeliver(batch, first);
            } catch (InterruptedException e) {
                break;
            } catch (Throwable e) { // NOPMD: the writer must outlive anything one batch throws (Loops)
                boolean outage = ErrorMapping.isDatabaseOutage(e);
                if (!outage && !(e instanceof ApiException)) { // an ApiException: a room stayed locked, not a bug
                    Loops.failed("message-writer", e);
                }
                Exception cause = e instanceof Exception exception ? exception
                        : new IllegalStateException("the message writer failed: " + e, e);
                for (Pending pending : batch) {
                    fanOut.failed(pending, cause); // those answered already are not answered twice
                }
                if (outage) {
                    // Known down: what waits now would only wait for the same failure, and so would what comes.
                    databaseDown = true;
                    lastProbe = System.nanoTime();
                    failQueued(ApiException.unavailable(ErrorMapping.UNAVAILABLE));
                }
            } finally {
                inFlightSince = 0;
                batch.clear();
            }
        }
        failQueued(stopping());
    }

    /**
     * While the database is known to be down: checks, at most every {@link #PROBE_EVERY_NANOS} and on a thread of its
     * own (the pool may wait seconds for a connection), whether it answers again; sends are taken again once it does.
     */
    private void probe() {
        long now = System.nanoTime();
        if (now - lastProbe < PROBE_EVERY_NANOS || !probing.compareAndSet(false, true)) {
            return;
        }
        lastProbe = now;
        Thread.ofVirtual().name("parley-database-probe").start(() -> {
            try (java.sql.Connection db = pool.getConnection()) {
                if (db.isValid(2)) {
                    databaseDown = false;
                    LOG.log(Level.INFO, "The database answers again: taking sends");
                }
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.DEBUG, () -> "The database is still unreachable: " + e.getMessage());
            } finally {
                probing.set(false);
            }
        });
    }

    /**
     * How long the oldest send not yet answered has waited (in a batch in flight or in the queue); zero when none
     * waits. The writer's liveness: a writer stuck on a silent database shows here, whatever a new connection says.
     */
    java.time.Duration oldestUnanswered() {
        long now = System.nanoTime();
        long oldest = now;
        long inFlight = inFlightSince;
        if (inFlight != 0) {
            oldest = Math.min(oldest, inFlight);
        }
        Pending head = queue.peek();
        if (head != null) {
            oldest = Math.min(oldest, head.queuedAt());
        }
        return java.time.Duration.ofNanos(now - oldest);
    }

    /** Sends never taken into a batch: answered at once with {@code why}; nothing of them was stored. */
    private void failQueued(ApiException why) {
        Pending left;
        while ((left = queue.poll()) != null) {
            fanOut.failed(left, why);
        }
    }

    private static ApiException stopping() {
        return ApiException.unavailable("this node is shutting down; nothing was stored: send it again");
    }

    /**
     * Commits a batch and fans it out while holding the room locks of its rooms. Another node's notification for a
     * room of the batch therefore waits until this node has delivered its own messages: were it handled in between,
     * it would read this batch's messages back from the database and echo them to the very connections that sent
     * them (they are acknowledged, not delivered, to their origin).
     */
    private void commitAndDeliver(List<Pending> batch, Pending first) throws SQLException {
        try (RoomLocks.Held ignored = roomLocks.lockAll(batch.stream().map(p -> p.room().id()).toList())) {
            BatchCommitEvent event = new BatchCommitEvent();
            event.begin();
            long began = System.nanoTime();
            lastCommitStart = began;
            List<Committed> done = commitBatch(batch);
            event.end();
            long fanOutStart = System.nanoTime();
            fanOut.committed(done);
            if (event.shouldCommit()) {
                event.messages = batch.size();
                event.rooms = (int) batch.stream().map(p -> p.room().id()).distinct().count();
                event.oldestQueued = began - first.queuedAt();
                event.fanOut = System.nanoTime() - fanOutStart;
                event.commit();
            }
        }
    }

    private List<Committed> commitBatch(List<Pending> batch) throws SQLException {
        try {
            return withRetries(batch, false);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
        // A client_id of the batch was used before (a resend after a reconnect, or a client bug): nothing was stored,
        // look the originals up this time.
        try {
            return withRetries(batch, true);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState()) || batch.size() == 1) {
                throw e;
            }
        }
        // Another node stored one of these client_ids meanwhile: commit them one by one instead; a failure is then
        // that message's own.
        List<Committed> done = new ArrayList<>();
        for (Pending pending : batch) {
            try {
                done.addAll(withRetries(List.of(pending), true));
            } catch (SQLException | RuntimeException single) {
                fanOut.failed(pending, single);
            }
        }
        return done;
    }

    /** Runs the transaction again when PostgreSQL aborted it as a deadlock victim or a serialization failure. */
    private List<Committed> withRetries(List<Pending> batch, boolean findResends) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneTransaction(batch, findResends);
            } catch (SQLException e) {
                boolean transientFailure = "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
                if (!transientFailure || attempt == 3) {
                    throw e;
                }
                LOG.log(Level.DEBUG, "Retrying a batch after " + e.getSQLState());
            }
        }
    }

    private List<Committed> inOneTransaction(List<Pending> batch, boolean findResends) throws SQLException {
        // A client_id sent twice within the batch is stored once: the later sends get the first one's outcome. An
        // attachment named by two sends of the batch goes with the first; the later one is refused (409).
        List<Pending> candidates = new ArrayList<>(batch.size());
        Map<String, Pending> firstOfKey = new HashMap<>();
        java.util.Set<UUID> attached = new java.util.HashSet<>();
        java.util.Set<Pending> unbound = new java.util.HashSet<>();
        for (Pending pending : batch) {
            String key = key(pending);
            if (key == null || firstOfKey.putIfAbsent(key, pending) == null) {
                boolean fresh = true;
                for (AttachmentView file : pending.attachments()) {
                    fresh &= attached.add(file.attachmentUuid());
                }
                if (fresh) {
                    candidates.add(pending);
                } else {
                    unbound.add(pending);
                }
            }
        }
        Map<Pending, Committed> outcome = new HashMap<>();
        List<BatchStatement.Row.Deferred> deferredWatermarks = new ArrayList<>();
        List<BatchStatement.Row.Read> reads = new ArrayList<>();
        for (BatchStatement.Row row : BatchStatement.commit(pool, candidates, findResends)) {
            switch (row) {
                case BatchStatement.Row.Deferred watermark -> deferredWatermarks.add(watermark);
                case BatchStatement.Row.Read read -> reads.add(read);
                case BatchStatement.Row.Refused refused -> outcome.put(refused.pending(),
                        new Committed(refused.pending(), null, true));
                case BatchStatement.Row.Unbound refused -> unbound.add(refused.pending());
                case BatchStatement.Row.Stored stored -> outcome.put(stored.pending(), new Committed(stored.pending(),
                        view(stored.pending(), stored.messageUuid(), stored.pending().content(), stored.createdAt(),
                                stored.seq(), stored.quote()), true));
                case BatchStatement.Row.Resent resent -> outcome.put(resent.pending(),
                        resent.roomId() != resent.pending().room().id()
                                // Same client_id, other room: a client bug, not a resend (marked by a missing view).
                                ? new Committed(resent.pending(), null, false)
                                : new Committed(resent.pending(), resentView(resent), false));
            }
        }
        // Committed: the watermarks the batch could not move now are moved by the delivery recorder.
        for (BatchStatement.Row.Deferred watermark : deferredWatermarks) {
            deferred.ownMessage(watermark.roomId(), watermark.senderId(), watermark.seq());
        }
        for (BatchStatement.Row.Read read : reads) {
            deferred.readByOwnMessage(read.roomId(), read.senderId(), read.seq());
        }
        List<Committed> done = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            if (unbound.contains(firstOfKey.getOrDefault(key(pending), pending))) {
                fanOut.failed(pending, AttachmentService.sentAlready(null));
                continue;
            }
            Committed first = outcome.get(firstOfKey.getOrDefault(key(pending), pending));
            if (first == null) {
                throw new SQLException("the batch returned no row for a send");
            }
            if (first.view() == null && first.created()) {
                fanOut.failed(pending, ApiException.forbidden("you are no longer a member of this group"));
            } else if (first.view() == null || first.pending().room().id() != pending.room().id()) {
                // Stored before in another room, or sent to two rooms within this batch: a client bug, not a resend.
                fanOut.failed(pending, ApiException.conflict(
                        "client_id was already used for another message or action"));
            } else {
                done.add(first.pending() == pending ? first : new Committed(pending, first.view(), false));
            }
        }
        return done;
    }

    private static MessageView view(Pending pending, UUID uuid, String content, java.sql.Timestamp createdAt, long seq,
                                    MessageView.Quote quote) {
        return new MessageView(uuid, content, pending.room().name(), pending.room().uuid(), pending.user().username(),
                createdAt.toInstant(), seq, pending.clientId(), MessageView.MESSAGE, null, quote, null, false, null,
                List.of(), pending.attachments());
    }

    /**
     * The message a resend repeats, as it is now (edited, reacted to or deleted since, maybe). Read after the batch
     * committed: should that read fail, the resend is answered with the message as the batch returned it (its stored
     * text) rather than failing a batch whose other sends are committed.
     */
    private MessageView resentView(BatchStatement.Row.Resent resent) {
        try {
            return messages.current(resent.pending().room(), resent.seq()).orElseThrow();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "The current state of a resent message was not read: " + e.getMessage());
            return view(resent.pending(), resent.messageUuid(), resent.content(), resent.createdAt(), resent.seq(),
                    null);
        }
    }

    private static String key(Pending pending) {
        return pending.clientId() == null ? null : pending.user().id() + "/" + pending.clientId();
    }

    @Override
    public void close() {
        running = false;
        // The batch in flight commits and is answered: interrupting the writer in the middle of it could break off its
        // database conversation mid-commit, leaving the outcome unknown. It takes no new batch
        // (it polls every 200 ms), and sends still queued are answered "unavailable".
        try {
            if (!writer.join(java.time.Duration.ofSeconds(15))) {
                LOG.log(Level.WARNING, "The message writer did not stop within 15 s: interrupting it");
                writer.interrupt();
                writer.join(java.time.Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued(stopping());
        LOG.log(Level.DEBUG, "Message writer stopped");
    }

}

package dev.parley.server.user;

import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Loops;
import dev.parley.server.cluster.ClusterBus;
import dev.parley.server.cluster.ClusterEvent;
import dev.parley.server.realtime.ConnectionHub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Presence across the cluster: a user is online while any live node has a session for them. This node records its
 * own sessions, tells the other nodes when one changes, and turns every change (its own, another node's, or a dead
 * node's) into presence frames for the co-members connected here.
 *
 * <p>One writer thread records and announces the changes in batches: going online or offline for up to
 * {@value #MAX_BATCH} users is one statement, and announcing them three queries (their presence, the partners of their
 * direct chats, their blocks), whether one user connected or a node's whole user base came back after a restart. A
 * user's going online is recorded before their connection opens (the caller waits for the batch that takes it, so
 * what they and others read next is true); going offline is not waited for. A change that is undone before its batch
 * is called off: after a network blip, most of a node's users are back before their going offline was written, and
 * then nothing is written or told, for everyone else they never left.
 */
public final class PresenceService implements ConnectionHub.PresenceListener, AutoCloseable {

    /** Users recorded or announced by one batch at most. */
    static final int MAX_BATCH = 512;
    /** The longest a connection waits for its going online to be recorded (presence is advisory: it then goes on). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** After a failed write, the pause before the batch is tried again (the database is likely down). */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** At shutdown, how long what is left is given to be written (the others then learn it from the node's removal). */
    private static final Duration DRAIN_AT_CLOSE = Duration.ofSeconds(2);

    /** A change of a user's state here not written yet. Guarded by {@link #lock}. */
    private static final class Change {
        boolean online;
        final CountDownLatch written = new CountDownLatch(1);

        Change(boolean online) {
            this.online = online;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    /** Users whose state here changed and is not written yet, oldest first. Guarded by lock. */
    private final Map<Long, Change> changes = new LinkedHashMap<>();
    /** Users whose presence changed (here, elsewhere, or a dead node's) to announce to their partners here. */
    private final Set<Long> toAnnounce = new LinkedHashSet<>();
    /** Users online on this node as the written and taken batches leave it. Guarded by lock. */
    private final Set<Long> online = new HashSet<>();
    private volatile boolean closing;

    private final UserRepository users;
    private final PresenceRepository presence;
    private final ConnectionHub hub;
    private final ClusterBus bus;
    private final BlockService blocks;
    private final Thread writer;

    public PresenceService(UserRepository users, PresenceRepository presence, ConnectionHub hub, ClusterBus bus,
                           BlockService blocks) {
        this.blocks = blocks;
        this.users = users;
        this.presence = presence;
        this.hub = hub;
        this.bus = bus;
        this.writer = Thread.ofPlatform().daemon().name("parley-presence").start(this::run);
    }

    /** Records the user's coming online (waiting for it, see the class comment) and has it announced. */
    @Override
    public void online(AuthUser user) {
        Change change = want(user.id(), true);
        if (change == null) {
            return;
        }
        try {
            change.written.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records the user's going offline and has it announced, a moment later (the caller goes on). */
    @Override
    public void offline(AuthUser user) {
        want(user.id(), false);
    }

    /** Queues the user's state here; null when it is what is written already (a change not written is called off). */
    private Change want(long userId, boolean wanted) {
        lock.lock();
        try {
            if (online.contains(userId) == wanted) {
                Change undone = changes.remove(userId);
                if (undone != null) {
                    undone.written.countDown();
                }
                return null;
            }
            Change change = changes.computeIfAbsent(userId, id -> new Change(wanted));
            change.online = wanted;
            work.signal();
            return change;
        } finally {
            lock.unlock();
        }
    }

    /** Announces a change of the user's presence here and to the other nodes. */
    public void changed(long userId) {
        changed(List.of(userId));
    }

    /** Announces changes of these users' presence here and to the other nodes. */
    public void changed(Collection<Long> userIds) {
        userIds.forEach(userId -> bus.publish(new ClusterEvent.PresenceChanged(userId)));
        announce(userIds);
    }

    /** Sends the user's current presence to the co-members connected here who are in no block with them, soon. */
    public void announce(long userId) {
        announce(List.of(userId));
    }

    private void announce(Collection<Long> userIds) {
        lock.lock();
        try {
            toAnnounce.addAll(userIds);
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (true) {
            try {
                if (!runOnce()) {
                    return;
                }
            } catch (Throwable failure) { // NOPMD: the writer must outlive anything (Loops)
                Loops.failed("presence", failure);
            }
        }
    }

    /** Takes, writes and announces one batch; false when the service is closed and nothing is left. */
    private boolean runOnce() {
        Map<Long, Boolean> batch = new LinkedHashMap<>();
        List<Change> taken = new ArrayList<>();
        List<Long> announce = new ArrayList<>();
        lock.lock();
        try {
            while (changes.isEmpty() && toAnnounce.isEmpty() && !closing) {
                work.awaitUninterruptibly();
            }
            if (closing && changes.isEmpty() && toAnnounce.isEmpty()) {
                return false;
            }
            Iterator<Map.Entry<Long, Change>> next = changes.entrySet().iterator();
            while (next.hasNext() && batch.size() < MAX_BATCH) {
                Map.Entry<Long, Change> entry = next.next();
                next.remove();
                batch.put(entry.getKey(), entry.getValue().online);
                taken.add(entry.getValue());
                if (entry.getValue().online) {
                    online.add(entry.getKey());
                } else {
                    online.remove(entry.getKey());
                }
            }
            Iterator<Long> told = toAnnounce.iterator();
            while (told.hasNext() && announce.size() < MAX_BATCH) {
                Long userId = told.next();
                told.remove();
                if (!batch.containsKey(userId)) {
                    announce.add(userId);
                }
            }
        } finally {
            lock.unlock();
        }
        if (!batch.isEmpty() && !write(batch, taken)) {
            if (closing) {
                return false;
            }
            pause();
            return true;
        }
        batch.keySet().forEach(userId -> bus.publish(new ClusterEvent.PresenceChanged(userId)));
        announce.addAll(batch.keySet());
        tell(announce);
        return true;
    }

    /** Writes a batch and lets its waiters go; on failure puts back what nothing newer replaced, for a later try. */
    private boolean write(Map<Long, Boolean> batch, List<Change> taken) {
        List<Long> up = new ArrayList<>();
        List<Long> down = new ArrayList<>();
        batch.forEach((userId, wanted) -> (wanted ? up : down).add(userId));
        try {
            presence.record(bus.nodeId(), up, down);
            return true;
        } catch (Throwable failure) { // NOPMD: the writer must outlive anything (Loops)
            Loops.failed("presence", failure);
            lock.lock();
            try {
                batch.forEach((userId, wanted) -> {
                    if (!changes.containsKey(userId)) { // else a newer change, taken next, settles the user
                        if (wanted) {
                            online.remove(userId);
                        } else {
                            online.add(userId);
                        }
                        changes.put(userId, new Change(wanted));
                    }
                });
            } finally {
                lock.unlock();
            }
            return false;
        } finally {
            taken.forEach(change -> change.written.countDown()); // presence is advisory: nobody waits for a retry
        }
    }

    /** Sends these users' presence to their partners connected here: three queries for the whole batch. */
    private void tell(List<Long> userIds) {
        if (userIds.isEmpty()) {
            return;
        }
        try {
            Map<Long, List<Long>> partners = users.coMemberIds(userIds);
            if (partners.isEmpty()) {
                return;
            }
            Map<Long, PresenceRepository.State> states = presence.states(partners.keySet());
            blocks.prefetch(partners.keySet());
            partners.forEach((userId, audience) -> {
                PresenceRepository.State state = states.get(userId);
                if (state != null) {
                    hub.send(blocks.visibleTo(userId, audience),
                            Json.write(new ServerFrame.Presence(state.username(), state.online(), state.lastSeen())),
                            null);
                }
            });
        } catch (Throwable failure) { // NOPMD: presence is advisory; the writer goes on (Loops)
            Loops.failed("presence", failure);
        }
    }

    private void pause() {
        lock.lock();
        try {
            if (!closing) {
                work.await(RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Gives what is queued a moment to be written, then stops the writer. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(DRAIN_AT_CLOSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.parley.bench;

import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One returning user catching up after a long absence the way the desktop client does: a WebSocket, one
 * {@code sync} with the last seq it has of each room, then for every room listed in {@code has_more} REST pages
 * ({@code GET /api/messages/?after=}) from the newest seq it has, until a short page (those rooms all at once, each
 * room's pages one after another). Records what arrived per room, in arrival order, and how long each part took.
 * (The web client instead drops such a room's loaded history and shows its newest page, fetching the gap only when
 * the user scrolls back: it never has every missed message in hand.)
 */
final class CatchUp {

    /** Per room, the seqs that arrived, in arrival order. */
    private final Map<UUID, LongList> received = new ConcurrentHashMap<>();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private long connectNanos;
    private long syncedNanos;
    private long caughtUpNanos;
    private int hasMore;
    private String closed;

    private CatchUp() {
    }

    /** Comes back as {@code user}, who last had seq {@code since.get(room)} of each room, and catches up. */
    static CatchUp run(Context ctx, Api.User user, Map<UUID, Long> since, int page, Duration timeout) {
        CatchUp catchUp = new CatchUp();
        long start = System.nanoTime();
        ChatClient client = null;
        try {
            client = ChatClient.open(ctx.http(), ctx.server().ws(), user.token(), catchUp::onFrame, timeout);
            long connected = System.nanoTime();
            catchUp.connectNanos = connected - start;
            ServerFrame.Synced synced = client.sync(since, timeout);
            catchUp.syncedNanos = System.nanoTime() - connected;
            catchUp.hasMore = synced.hasMore().size();
            try (ExecutorService rooms = Executors.newVirtualThreadPerTaskExecutor()) {
                for (UUID room : synced.hasMore()) {
                    long after = Math.max(since.getOrDefault(room, 0L), catchUp.newest(room));
                    rooms.submit(() -> catchUp.page(ctx.api(), user, room, after, page));
                }
            }
            catchUp.caughtUpNanos = System.nanoTime() - connected;
            catchUp.closed = client.closeReason();
        } catch (RuntimeException e) {
            catchUp.errors.add(user.name() + ": " + e.getMessage());
        } finally {
            if (client != null) {
                client.close();
            }
        }
        return catchUp;
    }

    private void onFrame(ServerFrame frame) {
        switch (frame) {
            case ServerFrame.Message message -> {
                arrived(message.message());
                replayed.incrementAndGet();
            }
            case ServerFrame.Error error -> errors.add("error frame " + error.code() + ": " + error.message());
            default -> { }
        }
    }

    /** Pages one room forward from {@code after} until a page comes back short. */
    private void page(Api api, Api.User user, UUID room, long after, int limit) {
        long cursor = after;
        try {
            while (true) {
                List<MessageView> messages = api.messages(user, room, null, cursor, limit);
                requests.incrementAndGet();
                messages.forEach(this::arrived);
                fetched.addAndGet(messages.size());
                if (messages.size() < limit) {
                    return;
                }
                cursor = messages.getLast().seq();
            }
        } catch (RuntimeException e) {
            errors.add("paging " + room + " after " + cursor + ": " + e.getMessage());
        }
    }

    private void arrived(MessageView message) {
        received.computeIfAbsent(message.roomUuid(), room -> new LongList()).add(message.seq());
    }

    private long newest(UUID room) {
        LongList seqs = received.get(room);
        long newest = 0;
        for (long seq : seqs == null ? new long[0] : seqs.toArray()) {
            newest = Math.max(newest, seq);
        }
        return newest;
    }

    /** Per room, the seqs that arrived, in arrival order. */
    Map<UUID, long[]> received() {
        return received.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().toArray()));
    }

    /** Handshake done: the WebSocket is open. */
    long connectNanos() {
        return connectNanos;
    }

    /** From sending {@code sync} to {@code synced}: the replay over the WebSocket. */
    long syncedNanos() {
        return syncedNanos;
    }

    /** From sending {@code sync} until every page of every {@code has_more} room is in. */
    long caughtUpNanos() {
        return caughtUpNanos;
    }

    /** Messages replayed over the WebSocket, messages fetched over REST and the requests that fetched them. */
    long replayed() {
        return replayed.get();
    }

    long fetched() {
        return fetched.get();
    }

    long requests() {
        return requests.get();
    }

    /** Rooms the server listed in {@code has_more}. */
    int hasMore() {
        return hasMore;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Why the server closed the connection during the catch-up (e.g. a slow consumer), or null. */
    String closed() {
        return closed;
    }
}

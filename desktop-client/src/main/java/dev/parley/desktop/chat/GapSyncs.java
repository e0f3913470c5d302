package dev.parley.desktop.chat;

import dev.parley.protocol.ClientFrame;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The syncs this client sends by itself when a live message skips seqs (a node without a position for the room may
 * deliver it without the ones before it): one per gap, none for a room whose gap sync is still unanswered. The server
 * answers a connection's syncs in order, each with one {@code synced}. FX thread only; forgotten with the connection.
 */
final class GapSyncs {

    /** A sync sent for {@code room} from {@code since}, the newest seq known when the gap showed. */
    record Gap(UUID room, long since) {
    }

    private final Deque<Gap> unanswered = new ArrayDeque<>();

    /** The sync to send when live message {@code seq} skips past {@code known}, or empty: contiguous, or pending. */
    Optional<ClientFrame.Sync> onLive(UUID room, long known, long seq) {
        if (seq <= known + 1 || unanswered.stream().anyMatch(g -> g.room().equals(room))) {
            return Optional.empty();
        }
        unanswered.addLast(new Gap(room, known));
        return Optional.of(new ClientFrame.Sync(Map.of(room, known)));
    }

    /** A {@code synced} came on a caught-up connection: the gap sync it answers, if one was sent. */
    Optional<Gap> answered() {
        return Optional.ofNullable(unanswered.pollFirst());
    }

    /** The connection is gone and with it the answers; the next connection's sync covers every room. */
    void clear() {
        unanswered.clear();
    }
}

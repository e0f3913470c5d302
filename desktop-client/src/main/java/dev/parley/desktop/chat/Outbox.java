package dev.parley.desktop.chat;

import dev.parley.protocol.ClientFrame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * My messages that are written and not yet stored, in the order written, each under its client id with whatever
 * the caller needs to settle it ({@code T}). After a reconnect every one goes out again with the same client id,
 * so the server stores each once. Plain logic, one thread.
 */
public final class Outbox<T> {

    /** Refusals after which the same client id may be tried again: the server stored nothing. */
    private static final Set<String> TRANSIENT = Set.of("rate_limited", "unavailable");

    /** One waiting message: the frame that sends it and what it belongs to. */
    public record Entry<T>(ClientFrame.Send frame, T owner) {
    }

    private final Map<String, Entry<T>> waiting = new LinkedHashMap<>();

    /** Queues a message; returns the frame that sends it. */
    public ClientFrame.Send add(UUID room, String content, String clientId, T owner) {
        ClientFrame.Send frame = new ClientFrame.Send(room, content, clientId);
        waiting.put(clientId, new Entry<>(frame, owner));
        return frame;
    }

    /** Every waiting frame in the order written: what goes out once a connection has caught up. */
    public List<ClientFrame.Send> frames() {
        return waiting.values().stream().map(Entry::frame).toList();
    }

    /** The frame still waiting under {@code clientId}: empty once it is settled. */
    public Optional<ClientFrame.Send> frame(String clientId) {
        return Optional.ofNullable(clientId == null ? null : waiting.get(clientId)).map(Entry::frame);
    }

    /**
     * Takes a message out because the server stored it (or refused it for good); empty when it was not waiting,
     * e.g. the ack of a resend whose original was already settled.
     */
    public Optional<Entry<T>> settle(String clientId) {
        return Optional.ofNullable(clientId == null ? null : waiting.remove(clientId));
    }

    /** Whether a refusal with this error code leaves the message waiting for a retry under the same client id. */
    public static boolean isTransient(String code) {
        return TRANSIENT.contains(code);
    }

    public int size() {
        return waiting.size();
    }
}

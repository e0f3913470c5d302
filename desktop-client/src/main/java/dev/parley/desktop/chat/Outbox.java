package dev.parley.desktop.chat;

import dev.parley.protocol.ClientFrame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * My messages and message actions (edit, delete, react) that are made and not yet stored, in the order made, each
 * under its client id with whatever the caller needs to settle it ({@code T}). After a reconnect every one goes out
 * again with the same client id, so the server stores each once. Plain logic, one thread.
 */
public final class Outbox<T> {

    /**
     * Refusals after which the same client id is tried again: the server stored nothing, or (outcome_unknown) cannot
     * tell, and the retry answers with what it stored or stores it once.
     */
    private static final Set<String> TRANSIENT = Set.of("rate_limited", "unavailable", "outcome_unknown");

    /** One waiting message or action: the frame that makes it ({@code Send} or an {@code Action}) and its owner. */
    public record Entry<T>(ClientFrame frame, T owner) {
    }

    private final Map<String, Entry<T>> waiting = new LinkedHashMap<>();

    /** Queues a message; returns the frame that sends it. */
    public ClientFrame.Send add(UUID room, String content, String clientId, T owner) {
        return add(room, content, clientId, null, owner);
    }

    /** Queues a message that answers message {@code replyTo} (a seq, or null); returns the frame that sends it. */
    public ClientFrame.Send add(UUID room, String content, String clientId, Long replyTo, T owner) {
        return add(room, content, clientId, replyTo, List.of(), owner);
    }

    /** Queues a message carrying {@code attachments} (uploads of mine; the content may then be empty). */
    public ClientFrame.Send add(UUID room, String content, String clientId, Long replyTo, List<UUID> attachments,
                                T owner) {
        ClientFrame.Send frame = new ClientFrame.Send(room, content, clientId, replyTo, attachments);
        waiting.put(clientId, new Entry<>(frame, owner));
        return frame;
    }

    /** Queues a message action (under its own client id); returns it. */
    public ClientFrame.Action add(ClientFrame.Action action, T owner) {
        waiting.put(action.clientId(), new Entry<>(action, owner));
        return action;
    }

    /** Every waiting frame in the order made: what goes out once a connection has caught up. */
    public List<ClientFrame> frames() {
        return waiting.values().stream().map(Entry::frame).toList();
    }

    /** The frame still waiting under {@code clientId}: empty once it is settled. */
    public Optional<ClientFrame> frame(String clientId) {
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

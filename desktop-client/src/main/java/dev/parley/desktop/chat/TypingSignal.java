package dev.parley.desktop.chat;

import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Tells the other members of a chat that the user is typing: at most one Typing frame every few seconds in the same
 * chat, at once in a chat just switched to and at once again after a message was sent (the others stop showing it
 * when the message arrives), and none while offline or after leaving a group. FX thread only.
 */
final class TypingSignal {

    static final Duration RESEND = Duration.ofSeconds(3);

    private final ChatConnection socket;
    private final ConnectionStatus connection;
    private final Clock clock;
    /** The chat the last Typing frame went to, and when; a frame to another chat is never held back by it. */
    private UUID lastRoom;
    private Instant lastSent = Instant.EPOCH;

    TypingSignal(ChatConnection socket, ConnectionStatus connection, Clock clock) {
        this.socket = socket;
        this.connection = connection;
        this.clock = clock;
    }

    /** The user typed in {@code chat} (null: none is open). */
    void typed(ChatItem chat) {
        Instant now = clock.instant();
        if (chat != null && chat.isMember() && connection.online() && (!chat.roomUuid().equals(lastRoom)
                || Duration.between(lastSent, now).compareTo(RESEND) >= 0)) {
            lastRoom = chat.roomUuid();
            lastSent = now;
            socket.send(new ClientFrame.Typing(chat.roomUuid()));
        }
    }

    /** A message went out: its arrival ends "typing…" for the others, so the next key says it again at once. */
    void sent() {
        lastRoom = null;
    }
}

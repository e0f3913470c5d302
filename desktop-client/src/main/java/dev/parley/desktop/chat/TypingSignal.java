package dev.parley.desktop.chat;

import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tells the other members of a chat that the user is typing: at most one Typing frame every few seconds (whichever
 * chat it was for), and none while offline or after leaving a group. FX thread only.
 */
final class TypingSignal {

    static final Duration RESEND = Duration.ofSeconds(3);

    private final ChatConnection socket;
    private final ConnectionStatus connection;
    private final Clock clock;
    private Instant lastSent = Instant.EPOCH;

    TypingSignal(ChatConnection socket, ConnectionStatus connection, Clock clock) {
        this.socket = socket;
        this.connection = connection;
        this.clock = clock;
    }

    /** The user typed in {@code chat} (null: none is open). */
    void typed(ChatItem chat) {
        Instant now = clock.instant();
        if (chat != null && chat.isMember() && connection.online()
                && Duration.between(lastSent, now).compareTo(RESEND) >= 0) {
            lastSent = now;
            socket.send(new ClientFrame.Typing(chat.roomUuid()));
        }
    }
}

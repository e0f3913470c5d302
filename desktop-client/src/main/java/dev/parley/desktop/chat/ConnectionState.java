package dev.parley.desktop.chat;

/** What the status line says about the WebSocket. */
public enum ConnectionState {
    /** An attempt is under way. */
    CONNECTING,
    /** Open; the replay of what was missed is still coming. */
    SYNCING,
    /** Open and caught up: sends go out at once. */
    ONLINE,
    /** Closed; the next attempt is scheduled. */
    OFFLINE
}

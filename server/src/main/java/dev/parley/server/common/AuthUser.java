package dev.parley.server.common;

/**
 * The authenticated caller of a request or owner of a WebSocket connection. {@code session} identifies the session
 * (the hex SHA-256 of its token, never the token) so that signing out can end its connections; null where a user is
 * named without a session (routing events to them).
 */
public record AuthUser(long id, String username, String session) {

    public AuthUser(long id, String username) {
        this(id, username, null);
    }
}

package dev.parley.server.auth;

/** The authenticated caller of a request or owner of a WebSocket connection. */
public record AuthUser(long id, String username) {
}

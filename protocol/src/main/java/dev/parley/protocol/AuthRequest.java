package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/** Body of {@code POST /api/auth/register} and {@code POST /api/auth/login}. */
public record AuthRequest(String username, String password) {
    public AuthRequest {
        requireNonNull(username, "username");
        requireNonNull(password, "password");
    }

    /** Never prints the password, so a request logged by mistake leaks nothing. */
    @Override
    public String toString() {
        return "AuthRequest[username=" + username + ", password=***]";
    }
}

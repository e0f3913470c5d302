package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/** Answer to a successful register or login: the bearer token (shown once, stored only hashed) and the user. */
public record AuthResponse(String token, UserView user) {
    public AuthResponse {
        requireNonNull(token, "token");
        requireNonNull(user, "user");
    }

    @Override
    public String toString() {
        return "AuthResponse[token=***, user=" + user + "]";
    }
}

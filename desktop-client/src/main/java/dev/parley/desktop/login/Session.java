package dev.parley.desktop.login;

import java.net.URI;

/** A signed-in user on one server: what the token file remembers between runs. */
public record Session(URI server, String username, String token) {

    @Override
    public String toString() {
        return "Session[server=" + server + ", username=" + username + ", token=***]";
    }
}

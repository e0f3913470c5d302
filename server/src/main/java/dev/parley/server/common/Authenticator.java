package dev.parley.server.common;

import dev.parley.server.common.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Finds the caller's credentials: {@code Authorization: Bearer <token>} first, else the HttpOnly session cookie
 * the browser client gets at login. Every REST handler and the WebSocket handshake go through here.
 */
public final class Authenticator {

    /** Name of the session cookie. */
    public static final String COOKIE = "parley_session";

    /** A presented token and whether it came from the cookie (cookie callers need an Origin check on /ws). */
    public record Credential(String token, boolean fromCookie) {
        @Override
        public String toString() {
            return "Credential[token=***, fromCookie=" + fromCookie + "]";
        }
    }

    /** Looks a bearer token up: the caller of a live session, or empty (the auth feature implements it). */
    @FunctionalInterface
    public interface Sessions {
        Optional<AuthUser> authenticate(String token);
    }

    private final Sessions auth;

    public Authenticator(Sessions auth) {
        this.auth = auth;
    }

    /** The authenticated caller of a REST request, or a 401. */
    public AuthUser require(ServerRequest req) {
        return credential(req.headers())
                .flatMap(c -> auth.authenticate(c.token()))
                .orElseThrow(() -> ApiException.unauthenticated("sign in first: missing or expired session"));
    }

    /** The user of a credential, if the session is live. */
    public Optional<AuthUser> authenticate(Credential credential) {
        return auth.authenticate(credential.token());
    }

    /** The credential presented in these headers, if any. */
    public static Optional<Credential> credential(Headers headers) {
        Optional<String> authorization = headers.first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            String value = authorization.get();
            return value.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? Optional.of(new Credential(value.substring(7).trim(), false))
                    : Optional.empty();
        }
        return cookie(headers).map(token -> new Credential(token, true));
    }

    private static Optional<String> cookie(Headers headers) {
        for (String header : headers.values(HeaderNames.COOKIE)) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.startsWith(COOKIE + "=")) {
                    return Optional.of(trimmed.substring(COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }
}

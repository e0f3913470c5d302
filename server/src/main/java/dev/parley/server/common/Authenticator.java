package dev.parley.server.common;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * Finds the caller's credentials: {@code Authorization: Bearer <token>} first, else the HttpOnly session cookie
 * the browser client gets at login. Every REST handler and the WebSocket handshake go through here.
 */
public final class Authenticator {

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
    private final BrowserPolicy browsers;

    public Authenticator(Sessions auth, BrowserPolicy browsers) {
        this.auth = auth;
        this.browsers = browsers;
    }

    /**
     * The authenticated caller of a REST request, or a 401; a write with the session cookie must also pass the
     * {@link BrowserPolicy} (403 or 415 otherwise).
     */
    public AuthUser require(ServerRequest req) {
        Credential credential = credential(req)
                .orElseThrow(() -> ApiException.unauthenticated("sign in first: missing or expired session"));
        return auth.authenticate(credential.token())
                .orElseThrow(() -> ApiException.unauthenticated("sign in first: missing or expired session"));
    }

    /**
     * The caller of an upload, or a 401: as {@link #require}, except that a cookie-authenticated upload needs only to
     * come from one of our pages (its body is the file, not JSON).
     */
    public AuthUser requireUploader(ServerRequest req) {
        Credential credential = credential(req.headers())
                .orElseThrow(() -> ApiException.unauthenticated("sign in first: missing or expired session"));
        if (credential.fromCookie()) {
            browsers.checkCookieOrigin(req);
        }
        return auth.authenticate(credential.token())
                .orElseThrow(() -> ApiException.unauthenticated("sign in first: missing or expired session"));
    }

    /** The credential of a REST request; one from the cookie only for a request that passes the browser policy. */
    public Optional<Credential> credential(ServerRequest req) {
        Optional<Credential> credential = credential(req.headers());
        credential.filter(Credential::fromCookie).ifPresent(c -> browsers.checkCookieWrite(req));
        return credential;
    }

    /** Whether a cookie-authenticated WebSocket handshake comes from one of our pages. */
    public boolean fromOurOrigin(Headers headers) {
        return browsers.fromOurOrigin(headers);
    }

    /** The user of a credential, if the session is live. */
    public Optional<AuthUser> authenticate(Credential credential) {
        return auth.authenticate(credential.token());
    }

    /** The credential presented in these headers, if any. */
    public Optional<Credential> credential(Headers headers) {
        if (headers.contains(HeaderNames.AUTHORIZATION)) {
            return bearer(headers).map(token -> new Credential(token, false));
        }
        return cookie(headers).map(token -> new Credential(token, true));
    }

    /** The token of an {@code Authorization: Bearer} header, if there is one. */
    public static Optional<String> bearer(Headers headers) {
        return headers.first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim());
    }

    private Optional<String> cookie(Headers headers) {
        String name = browsers.cookieName();
        for (String header : headers.values(HeaderNames.COOKIE)) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.startsWith(name + "=")) {
                    return Optional.of(trimmed.substring(name.length() + 1));
                }
            }
        }
        return Optional.empty();
    }
}

package dev.parley.server.common;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Method;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the server asks of requests that a browser makes with the session cookie, and how it sets that cookie. A
 * browser attaches the cookie to requests that other sites make it send (a form on another port of the same host, a
 * sibling subdomain: SameSite does not stop those), so a cookie-authenticated write must come from one of our own
 * pages: an {@code Origin} that is this server (its {@code Host}) or one of the configured origins (a proxy may
 * rewrite {@code Host}), or {@code Sec-Fetch-Site: same-origin}; and a body must be JSON, which no form can send.
 * The WebSocket handshake is held to the same origins. Behind a TLS proxy the cookie can be marked {@code Secure}
 * and named with the {@code __Host-} prefix (no other host or path can set or shadow it), and HSTS sent.
 */
public final class BrowserPolicy {

    private static final Set<Method> READS = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);

    private final List<String> allowedOrigins;
    private final boolean secureCookies;
    private final long hstsSeconds;

    /**
     * @param allowedOrigins origins besides the request's own host that our pages are served from
     *                       ({@code https://chat.example.com}), for proxies that rewrite {@code Host}
     * @param secureCookies  always mark the cookie Secure and name it {@code __Host-parley_session} (TLS at a proxy)
     * @param hstsSeconds    0: no HSTS; else the {@code max-age} of {@code Strict-Transport-Security}
     */
    public BrowserPolicy(List<String> allowedOrigins, boolean secureCookies, long hstsSeconds) {
        this.allowedOrigins = allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty())
                .map(o -> o.toLowerCase(Locale.ROOT)).toList();
        this.secureCookies = secureCookies;
        this.hstsSeconds = hstsSeconds;
    }

    /** The session cookie's name. */
    public String cookieName() {
        return secureCookies ? "__Host-parley_session" : "parley_session";
    }

    /** The session cookie carrying {@code value} ({@code maxAge} zero clears it). */
    public SetCookie cookie(ServerRequest req, String value, Duration maxAge) {
        return SetCookie.builder(cookieName(), value)
                .httpOnly(true)
                .sameSite(SetCookie.SameSite.STRICT)
                .secure(secureCookies || req.isSecure())
                .path("/")
                .maxAge(maxAge)
                .build();
    }

    /** The value of {@code Strict-Transport-Security} to send, if configured. */
    public Optional<String> hsts() {
        return hstsSeconds > 0 ? Optional.of("max-age=" + hstsSeconds + "; includeSubDomains") : Optional.empty();
    }

    /** Refuses a cookie-authenticated write that did not come from one of our pages, or whose body is not JSON. */
    public void checkCookieWrite(ServerRequest req) {
        if (READS.contains(req.prologue().method())) {
            return;
        }
        checkCookieOrigin(req);
        boolean hasBody = req.headers().contentLength().orElse(0L) > 0
                || req.headers().contains(HeaderNames.TRANSFER_ENCODING);
        boolean json = req.headers().first(HeaderNames.CONTENT_TYPE)
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/json")).orElse(false);
        if (hasBody && !json) {
            throw ApiException.unsupportedMediaType("the body must be JSON (Content-Type: application/json)");
        }
    }

    /**
     * Refuses a cookie-authenticated write that did not come from one of our pages, whatever its body (a file
     * upload: its body is the file, and the browser sends {@code Origin} with every cross-site POST).
     */
    public void checkCookieOrigin(ServerRequest req) {
        boolean sameSite = req.headers().first(HeaderName.SEC_FETCH_SITE)
                .map(site -> site.equalsIgnoreCase("same-origin")).orElse(false);
        if (!sameSite && !fromOurOrigin(req.headers())) {
            throw ApiException.forbidden("cross-site request refused: a signed-in browser may only write from "
                    + "this server's own pages");
        }
    }

    /** Whether the {@code Origin} of these headers is this server (its Host) or one of the configured origins. */
    public boolean fromOurOrigin(Headers headers) {
        Optional<String> origin = headers.first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            return false;
        }
        String value = origin.get().strip().toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains(value)) {
            return true;
        }
        Optional<String> host = headers.first(HeaderNames.HOST);
        try {
            URI uri = URI.create(value);
            return host.isPresent() && uri.getRawAuthority() != null
                    && uri.getRawAuthority().equalsIgnoreCase(host.get().strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Header names Helidon 4.1 has no constant for. */
    private static final class HeaderName {
        static final io.helidon.http.HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
    }
}

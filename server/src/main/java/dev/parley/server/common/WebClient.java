package dev.parley.server.common;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.staticcontent.StaticContentService;

/**
 * Serves the browser client (the {@code web/} resources of the web-client jar) and puts the security headers on
 * every response: a strict Content-Security-Policy (no inline script, same-origin connections only), no sniffing,
 * no referrer, no framing. Static files carry an ETag and are revalidated on every load ({@code no-cache}), so a
 * new version shows at once while unchanged files cost a 304.
 */
public final class WebClient {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private WebClient() {
    }

    /** The static content service for {@code /}. */
    public static HttpService service() {
        return StaticContentService.builder("web")
                .welcomeFileName("index.html")
                .build();
    }

    /** Adds the security and caching headers to every response of the routing. */
    public static void securityHeaders(HttpRouting.Builder routing, BrowserPolicy browsers) {
        routing.addFilter((chain, req, res) -> {
            browsers.hsts().ifPresent(value -> res.header("Strict-Transport-Security", value));
            res.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            res.header("X-Content-Type-Options", "nosniff");
            res.header("Referrer-Policy", "no-referrer");
            res.header("X-Frame-Options", "DENY");
            if (!req.path().path().startsWith("/api/") && !req.path().path().startsWith("/observe")) {
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            }
            chain.proceed();
        });
    }
}

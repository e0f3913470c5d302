package dev.parley.server.ws;

import dev.parley.server.common.Authenticator;
import dev.parley.server.common.ApiException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Answers a request to {@code /ws} that did not become a WebSocket: Helidon hands a refused upgrade
 * (see {@link ChatSocket#onHttpUpgrade}) on to HTTP routing, and here it gets the reason as a JSON error.
 */
public final class HandshakeRefusal implements HttpService {

    private final Authenticator authenticator;

    public HandshakeRefusal(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::refuse);
    }

    private void refuse(ServerRequest req, ServerResponse res) {
        Authenticator.Credential credential = authenticator.credential(req.headers())
                .orElseThrow(() -> ApiException.unauthenticated("WebSocket handshake needs a Bearer token or session cookie"));
        if (credential.fromCookie() && !authenticator.fromOurOrigin(req.headers())) {
            throw ApiException.forbidden("cross-origin WebSocket handshakes with a session cookie are refused");
        }
        if (authenticator.authenticate(credential).isEmpty()) {
            throw ApiException.unauthenticated("invalid or expired session");
        }
        boolean upgrade = req.headers().first(HeaderNames.UPGRADE).map("websocket"::equalsIgnoreCase).orElse(false);
        throw ApiException.badRequest(upgrade ? "WebSocket handshake refused" : "this endpoint speaks WebSocket only");
    }
}

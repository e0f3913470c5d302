package dev.parley.server.ws;

import dev.parley.server.common.Admission;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.Authenticator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Answers a request to {@code /ws} that did not become a WebSocket: Helidon hands a refused upgrade
 * (see {@link ChatSocket#onHttpUpgrade}) on to HTTP routing, and here it gets the reason as a JSON error. While the
 * node sheds handshakes (it refused one within the last second) the answer is 503 with {@code Retry-After}, before
 * the session is looked up: that is the answer to the refused upgrade itself, and to a plain {@code GET /ws}, which
 * browsers (they cannot read a failed upgrade's status) send to learn why their socket did not open.
 */
public final class HandshakeRefusal implements HttpService {

    private final Authenticator authenticator;
    private final Admission handshakes;

    public HandshakeRefusal(Authenticator authenticator, Admission handshakes) {
        this.authenticator = authenticator;
        this.handshakes = handshakes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::refuse);
    }

    private void refuse(ServerRequest req, ServerResponse res) {
        Authenticator.Credential credential = authenticator.credential(req.headers())
                .orElseThrow(() -> ApiException.unauthenticated("WebSocket handshake needs a Bearer token or session cookie"));
        boolean upgrade = req.headers().first(HeaderNames.UPGRADE).map("websocket"::equalsIgnoreCase).orElse(false);
        // A handshake carries Origin; a browser's plain same-origin GET (the probe) does not, and changes nothing.
        if (upgrade && credential.fromCookie() && !authenticator.fromOurOrigin(req.headers())) {
            throw ApiException.forbidden("cross-origin WebSocket handshakes with a session cookie are refused");
        }
        if (handshakes.shedding()) {
            throw ApiException.unavailable("too many connections are being opened at once: try again after the "
                    + "Retry-After wait", handshakes.retryAfter());
        }
        if (authenticator.authenticate(credential).isEmpty()) {
            throw ApiException.unauthenticated("invalid or expired session");
        }
        throw ApiException.badRequest(upgrade ? "WebSocket handshake refused" : "this endpoint speaks WebSocket only");
    }
}

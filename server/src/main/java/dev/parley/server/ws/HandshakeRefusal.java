package dev.parley.server.ws;

import dev.parley.server.common.Admission;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.Authenticator;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
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

    /**
     * Set on the request's headers by {@link ChatSocket#onHttpUpgrade} when it turned the upgrade away, which Helidon
     * then routes here on the same request: the 503 does not depend on this running within the second that
     * {@link Admission#shedding} covers (a starved machine can take longer). A client that sends it itself only turns
     * itself away.
     */
    static final HeaderName TURNED_AWAY = HeaderNames.create("X-Parley-Turned-Away");

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

    /** Marks an upgrade as turned away (see {@link #TURNED_AWAY}); the upgrade's headers are the request's. */
    static void markTurnedAway(Headers headers) {
        if (headers instanceof WritableHeaders<?> writable) {
            writable.set(TURNED_AWAY, "busy");
        }
    }

    /** Drops a mark the client sent itself. */
    static void clearMark(Headers headers) {
        if (headers instanceof WritableHeaders<?> writable) {
            writable.remove(TURNED_AWAY);
        }
    }

    private void refuse(ServerRequest req, ServerResponse res) {
        Authenticator.Credential credential = authenticator.credential(req.headers())
                .orElseThrow(() -> ApiException.unauthenticated("WebSocket handshake needs a Bearer token or session cookie"));
        boolean upgrade = req.headers().first(HeaderNames.UPGRADE).map("websocket"::equalsIgnoreCase).orElse(false);
        // A handshake carries Origin; a browser's plain same-origin GET (the probe) does not, and changes nothing.
        if (upgrade && credential.fromCookie() && !authenticator.fromOurOrigin(req.headers())) {
            throw ApiException.forbidden("cross-origin WebSocket handshakes with a session cookie are refused");
        }
        if (req.headers().contains(TURNED_AWAY) || handshakes.shedding()) {
            throw ApiException.unavailable("too many connections are being opened at once: try again after the "
                    + "Retry-After wait", handshakes.retryAfter());
        }
        if (authenticator.authenticate(credential).isEmpty()) {
            throw ApiException.unauthenticated("invalid or expired session");
        }
        throw ApiException.badRequest(upgrade ? "WebSocket handshake refused" : "this endpoint speaks WebSocket only");
    }
}

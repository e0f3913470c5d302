package dev.parley.server.common;

import dev.parley.protocol.ErrorBody;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Guards Helidon's {@code /observe} endpoints. Anyone may ask {@code GET /observe/health} whether the node is up and
 * gets only {@code {"status":"UP"}} (200) or {@code {"status":"DOWN"}} (503). Metrics, health details and every other
 * observe path need {@code Authorization: Bearer <parley.observe.token>}; without a configured token they are not
 * served at all (404), so that a node never shows its internals to the internet by default.
 */
public final class ObserveAccess {

    private static final String ROOT = "/observe";
    private static final String PUBLIC_HEALTH = "/observe/health";

    private final byte[] token;
    private final BooleanSupplier healthy;

    private ObserveAccess(Optional<String> token, BooleanSupplier healthy) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.healthy = healthy;
    }

    /**
     * Adds the guard to the routing. {@code token}: the operators' token (empty: none, observe data is not served);
     * {@code healthy}: whether this node can serve (its checks, for the public answer).
     */
    public static void register(HttpRouting.Builder routing, Optional<String> token, BooleanSupplier healthy) {
        ObserveAccess access = new ObserveAccess(token.filter(t -> !t.isBlank()), healthy);
        routing.addFilter((chain, req, res) -> {
            if (access.guard(req, res)) {
                chain.proceed();
            }
        });
    }

    /** Answers the request itself and returns false, or returns true to let it through. */
    private boolean guard(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (!path.equals(ROOT) && !path.startsWith(ROOT + "/")) {
            return true;
        }
        Optional<String> presented = Authenticator.bearer(req.headers());
        if (token != null && presented.isPresent()) {
            if (MessageDigest.isEqual(token, presented.get().getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
            refuse(res, Status.UNAUTHORIZED_401, "unauthenticated", "wrong observe token");
        } else if (path.equals(PUBLIC_HEALTH) && req.prologue().method() == Method.GET) {
            boolean up = healthy.getAsBoolean();
            JsonBodies.send(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, Map.of("status", up ? "UP" : "DOWN"));
        } else if (token != null) {
            refuse(res, Status.UNAUTHORIZED_401, "unauthenticated", "observe data needs the observe token");
        } else {
            refuse(res, Status.NOT_FOUND_404, "not_found", "not found");
        }
        return false;
    }

    private static void refuse(ServerResponse res, Status status, String code, String message) {
        if (status == Status.UNAUTHORIZED_401) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        JsonBodies.send(res, status, new ErrorBody(code, message));
    }
}

package dev.parley.server.auth;

import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.JsonBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.UUID;

/** {@code /api/sessions}: the caller's signed-in devices, and signing them out one by one or all at once. */
public final class SessionResource implements HttpService {

    private final AuthService auth;
    private final Authenticator authenticator;

    public SessionResource(AuthService auth, Authenticator authenticator) {
        this.auth = auth;
        this.authenticator = authenticator;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)                  // -> 200 [SessionView], most recently used first
                .delete("/", this::revokeAll)       // sign out everywhere, this device too -> 204
                .delete("/{id}", this::revoke);     // sign one device out -> 204; not yours -> 404
    }

    private void list(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        String token = authenticator.credential(req).orElseThrow().token();
        JsonBodies.send(res, Status.OK_200, auth.sessions(user, token));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        UUID id;
        try {
            id = UUID.fromString(req.path().pathParameters().get("id"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no such session");
        }
        auth.revoke(user, id);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void revokeAll(ServerRequest req, ServerResponse res) {
        auth.revokeAll(authenticator.require(req));
        res.status(Status.NO_CONTENT_204).send();
    }
}

package dev.parley.server.user;

import dev.parley.server.common.Authenticator;
import dev.parley.server.common.JsonBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/users/{username}/block} and {@code /api/users/blocked/}: blocking and unblocking people. */
public final class BlockResource implements HttpService {

    private final Authenticator authenticator;
    private final BlockService blocks;

    public BlockResource(Authenticator authenticator, BlockService blocks) {
        this.authenticator = authenticator;
        this.blocks = blocks;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/blocked/", this::list)                 // -> 200 [{username, blocked_at}], by name
                .get("/blocked", this::list)
                .post("/{username}/block", this::block)     // -> 204, also when blocked already; self -> 400
                .delete("/{username}/block", this::unblock); // -> 204, also when not blocked; unknown -> 404
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, blocks.blocked(authenticator.require(req)));
    }

    private void block(ServerRequest req, ServerResponse res) {
        blocks.block(authenticator.require(req), req.path().pathParameters().get("username"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void unblock(ServerRequest req, ServerResponse res) {
        blocks.unblock(authenticator.require(req), req.path().pathParameters().get("username"));
        res.status(Status.NO_CONTENT_204).send();
    }
}

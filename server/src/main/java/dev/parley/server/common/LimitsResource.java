package dev.parley.server.common;

import dev.parley.protocol.LimitsView;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * {@code GET /api/limits/}: this server's configured rules that clients show before the server would refuse (the edit
 * and delete windows, the longest message, the largest group). Public: it says nothing about anyone.
 */
public final class LimitsResource implements HttpService {

    private final LimitsView limits;

    public LimitsResource(LimitsView limits) {
        this.limits = limits;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> JsonBodies.send(res, limits));
    }
}

package dev.parley.server.search;

import dev.parley.server.common.ApiException;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.UUID;

/** {@code GET /api/search/?q=&room_uuid=&before=&limit=}: the caller's messages that match, newest first. */
public final class SearchResource implements HttpService {

    private final Authenticator authenticator;
    private final SearchService search;

    public SearchResource(Authenticator authenticator, SearchService search) {
        this.authenticator = authenticator;
        this.search = search;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::search); // ?q=&room_uuid=&before=&limit= -> 200 SearchPage
    }

    private void search(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        var query = req.query();
        UUID room = query.first("room_uuid").asOptional().map(value -> JsonBodies.uuid("room_uuid", value))
                .orElse(null);
        Integer limit = query.first("limit").asOptional().map(SearchResource::limit).orElse(null);
        JsonBodies.send(res, search.search(user, query.first("q").asOptional().orElse(null), room,
                query.first("before").asOptional().orElse(null), limit));
    }

    private static Integer limit(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.validation("limit must be a whole number");
        }
    }
}

package dev.parley.server.room;

import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/rooms} reads: the caller's rooms, and one room (the writes are the group package's GroupResource). */
public final class RoomResource implements HttpService {

    private final Authenticator authenticator;
    private final RoomService rooms;

    public RoomResource(Authenticator authenticator, RoomService rooms) {
        this.authenticator = authenticator;
        this.rooms = rooms;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)            // the caller's rooms, most recent activity first; ?q= those matching
                .get("/{room_uuid}", this::one)  // one room (members, roles, watermarks); strangers 404
                .get("/{room_uuid}/", this::one);
    }

    private void one(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        JsonBodies.send(res, rooms.get(user, JsonBodies.uuid("room_uuid", req.path().pathParameters().get("room_uuid"))));
    }

    private void list(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        java.util.Optional<String> q = req.query().first("q").asOptional().filter(text -> !text.isBlank());
        JsonBodies.send(res, q.isEmpty() ? rooms.list(user) : rooms.matching(user, q.get()));
    }

}

package dev.parley.server.room;

import dev.parley.protocol.CreateRoomRequest;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.JsonBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/rooms}: the caller's rooms, and get-or-create of a 1:1 room. */
public final class RoomResource implements HttpService {

    private final Authenticator authenticator;
    private final RoomService rooms;

    public RoomResource(Authenticator authenticator, RoomService rooms) {
        this.authenticator = authenticator;
        this.rooms = rooms;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)   // the caller's rooms, most recent activity first
                .post("/", this::open); // {user} -> 201 new room | 200 the existing one
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, rooms.list(authenticator.require(req)));
    }

    private void open(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        CreateRoomRequest body = JsonBodies.read(req, CreateRoomRequest.class);
        RoomService.Opened opened = rooms.open(user, body.user());
        JsonBodies.send(res, opened.created() ? Status.CREATED_201 : Status.OK_200, opened.room());
    }
}

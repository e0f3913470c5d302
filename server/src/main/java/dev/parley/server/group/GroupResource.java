package dev.parley.server.group;

import dev.parley.protocol.AddMembersRequest;
import dev.parley.protocol.CreateRoomRequest;
import dev.parley.protocol.RoleRequest;
import dev.parley.protocol.RoomUpdateRequest;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.JsonBodies;
import dev.parley.server.room.RoomService;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.UUID;

/**
 * The writes of {@code /api/rooms}: creating a room (a direct chat as in the API Parley replaces, or a group) and
 * changing a group (name, members, roles). Reads are {@link dev.parley.server.room.RoomResource}'s.
 */
public final class GroupResource implements HttpService {

    private final Authenticator authenticator;
    private final RoomService rooms;
    private final GroupService groups;

    public GroupResource(Authenticator authenticator, RoomService rooms, GroupService groups) {
        this.authenticator = authenticator;
        this.rooms = rooms;
        this.groups = groups;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create);                              // {user} | {name, members} -> 201 | 200
        both(rules, "PATCH", "/{room_uuid}", this::rename);          // {name} -> 200 room (admins)
        both(rules, "POST", "/{room_uuid}/members", this::add);      // {users} -> 200 room (admins)
        both(rules, "DELETE", "/{room_uuid}/members/{username}", this::remove); // -> 204 (admins; yourself: leave)
        both(rules, "PATCH", "/{room_uuid}/members/{username}", this::changeRole); // {role} -> 200 room
    }

    /** With and without the trailing slash that the API's paths are written with. */
    private static void both(HttpRules rules, String method, String path, Handler handler) {
        io.helidon.http.Method m = io.helidon.http.Method.create(method);
        rules.route(m, path, handler).route(m, path + "/", handler);
    }

    private void create(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        CreateRoomRequest body = JsonBodies.read(req, CreateRoomRequest.class);
        if (body.user() == null && body.name() == null && body.members() == null) {
            throw ApiException.validation("missing field: user"); // the API Parley replaces knows only this form
        }
        if (!body.group()) {
            RoomService.Opened opened = rooms.open(user, body.user());
            JsonBodies.send(res, opened.created() ? Status.CREATED_201 : Status.OK_200, opened.room());
            return;
        }
        JsonBodies.send(res, Status.CREATED_201, groups.create(user, body.name(), body.members()));
    }

    private void rename(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        RoomUpdateRequest body = JsonBodies.read(req, RoomUpdateRequest.class);
        JsonBodies.send(res, groups.rename(user, room(req), body.name()));
    }

    private void add(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        AddMembersRequest body = JsonBodies.read(req, AddMembersRequest.class);
        JsonBodies.send(res, groups.add(user, room(req), body.users()));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        groups.remove(user, room(req), req.path().pathParameters().get("username"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void changeRole(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        RoleRequest body = JsonBodies.read(req, RoleRequest.class);
        JsonBodies.send(res, groups.changeRole(user, room(req), req.path().pathParameters().get("username"),
                body.role()));
    }

    private static UUID room(ServerRequest req) {
        return JsonBodies.uuid("room_uuid", req.path().pathParameters().get("room_uuid"));
    }
}

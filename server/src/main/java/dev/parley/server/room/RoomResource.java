package dev.parley.server.room;

import dev.parley.protocol.ChatSettingsRequest;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /api/rooms} reads: the caller's rooms, and one room; and the caller's own settings of a room (the group
 * writes are the group package's GroupResource).
 */
public final class RoomResource implements HttpService {

    private final Authenticator authenticator;
    private final RoomService rooms;
    private final RoomSettingsService settings;

    public RoomResource(Authenticator authenticator, RoomService rooms, RoomSettingsService settings) {
        this.authenticator = authenticator;
        this.rooms = rooms;
        this.settings = settings;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)            // the caller's rooms, most recent activity first; ?q= those matching
                .get("/{room_uuid}", this::one)  // one room (members, roles, watermarks); strangers 404
                .get("/{room_uuid}/", this::one)
                .patch("/{room_uuid}/settings", this::changeSettings)   // the caller's pin, mute, archive, unread, clear
                .patch("/{room_uuid}/settings/", this::changeSettings);
    }

    private void changeSettings(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        java.util.UUID room = JsonBodies.uuid("room_uuid", req.path().pathParameters().get("room_uuid"));
        com.fasterxml.jackson.databind.JsonNode body = JsonBodies.readTree(req);
        if (!body.isObject()) {
            throw dev.parley.server.common.ApiException.validation("expected a JSON object");
        }
        JsonBodies.send(res, settings.update(user, room, JsonBodies.convert(body, ChatSettingsRequest.class),
                body.has("muted_until")));
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

package dev.parley.server.message;

import dev.parley.protocol.SendMessageRequest;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.JsonBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/messages}: history paging and sending, with the field names of the API Parley replaces. */
public final class MessageResource implements HttpService {

    private final Authenticator authenticator;
    private final MessageService messages;

    public MessageResource(Authenticator authenticator, MessageService messages) {
        this.authenticator = authenticator;
        this.messages = messages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page)   // ?room_uuid=&before=|after=&limit= -> messages in ascending seq
                .post("/", this::send); // {room, content, user?, client_id?} -> 201 | 200 for a resend
    }

    private void page(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        var query = req.query();
        UUID room = uuid("room_uuid", query.first("room_uuid").asOptional()
                .orElseThrow(() -> ApiException.validation("room_uuid is required")));
        JsonBodies.send(res, messages.page(user, room,
                number(query.first("before").asOptional(), "before"),
                number(query.first("after").asOptional(), "after"),
                Optional.ofNullable(number(query.first("limit").asOptional(), "limit")).map(Long::intValue).orElse(null)));
    }

    private void send(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        SendMessageRequest body = JsonBodies.read(req, SendMessageRequest.class);
        if (body.user() != null && !body.user().equalsIgnoreCase(user.username())) {
            throw ApiException.forbidden("you can only send messages as yourself");
        }
        MessageService.Sent sent = messages.send(user, uuid("room", body.room()), body.content(), body.clientId(), null);
        JsonBodies.send(res, sent.created() ? Status.CREATED_201 : Status.OK_200, sent.message());
    }

    private static UUID uuid(String name, String value) {
        return JsonBodies.uuid(name, value);
    }

    private static Long number(Optional<String> value, String name) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw ApiException.validation(name + " must be a whole number");
        }
    }
}

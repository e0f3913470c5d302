package dev.parley.server.message;

import dev.parley.protocol.EditMessageRequest;
import dev.parley.protocol.ReactionRequest;
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

/**
 * {@code /api/messages}: history paging and sending, with the field names of the API Parley replaces, and the
 * message actions on one message by its uuid: edit ({@code PATCH}), delete for everyone ({@code DELETE}), the
 * caller's reaction ({@code PUT} / {@code DELETE .../reaction/}). Each answers 200 with the message as it is now.
 * An optional {@code client_id} (in the body, or the query for the deletes) makes a retry safe.
 */
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
                .post("/", this::send); // {room, content, user?, client_id?, reply_to?} -> 201 | 200 for a resend
        for (String end : new String[] {"", "/"}) { // documented with the slash, as every route; both work
            rules.patch("/{message_uuid}" + end, this::edit)               // {content, client_id?}
                    .delete("/{message_uuid}" + end, this::delete)            // ?client_id=
                    .put("/{message_uuid}/reaction" + end, this::react)       // {emoji, client_id?}
                    .delete("/{message_uuid}/reaction" + end, this::unreact); // ?client_id=
        }
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
        MessageService.Sent sent = messages.send(user, uuid("room", body.room()), body.content(), body.clientId(),
                body.replyTo(), null);
        JsonBodies.send(res, sent.created() ? Status.CREATED_201 : Status.OK_200, sent.message());
    }

    private void edit(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        UUID message = messageUuid(req);
        EditMessageRequest body = JsonBodies.read(req, EditMessageRequest.class);
        JsonBodies.send(res, messages.act(user, message, new MessageService.Action.Edit(body.content()),
                body.clientId()));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        JsonBodies.send(res, messages.act(user, messageUuid(req), new MessageService.Action.Delete(),
                req.query().first("client_id").asOptional().orElse(null)));
    }

    private void react(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        UUID message = messageUuid(req);
        ReactionRequest body = JsonBodies.read(req, ReactionRequest.class);
        JsonBodies.send(res, messages.act(user, message, new MessageService.Action.React(body.emoji()),
                body.clientId()));
    }

    private void unreact(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        JsonBodies.send(res, messages.act(user, messageUuid(req), new MessageService.Action.React(null),
                req.query().first("client_id").asOptional().orElse(null)));
    }

    private static UUID messageUuid(ServerRequest req) {
        return uuid("message_uuid", req.path().pathParameters().get("message_uuid"));
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

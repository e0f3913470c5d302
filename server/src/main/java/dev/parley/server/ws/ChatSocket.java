package dev.parley.server.ws;

import dev.parley.server.realtime.Connection;
import dev.parley.server.realtime.ConnectionHub;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.ClientAddress;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.ErrorMapping;
import dev.parley.server.common.JsonBodies;
import dev.parley.server.message.MessageService;
import dev.parley.server.room.ReceiptService;
import dev.parley.server.room.RoomService;
import io.github.bucket4j.Bucket;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One WebSocket connection on {@code /ws} (one instance per connection). Authenticates the handshake, then
 * turns each client frame into a service call; a refused frame gets an error frame and the connection stays open.
 */
public final class ChatSocket implements WsListener {

    private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());

    /** The services a connection talks to; shared by all connections. */
    public record Services(Authenticator authenticator, ConnectionHub hub, RoomService rooms,
                           MessageService messages, ReceiptService receipts, FrameBudget budget,
                           ClientAddress clients) {
    }

    private final Services services;
    private final Bucket budget;
    private AuthUser user;
    private Headers handshake;
    private Connection connection;
    private StringBuilder fragments;
    private boolean firstFrame = true;

    public ChatSocket(Services services) {
        this.services = services;
        this.budget = services.budget().newBucket();
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        handshake = headers;
        Authenticator.Credential credential = services.authenticator().credential(headers)
                .orElseThrow(() -> new WsUpgradeException("no credentials"));
        if (credential.fromCookie() && !services.authenticator().fromOurOrigin(headers)) {
            // A cookie is sent by the browser to any page's WebSocket: only our own pages may use it.
            throw new WsUpgradeException("cross-origin WebSocket with a session cookie");
        }
        user = services.authenticator().authenticate(credential)
                .orElseThrow(() -> new WsUpgradeException("invalid or expired session"));
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        String address = services.clients().of(session.socketContext().remotePeer().host(), handshake);
        connection = services.hub().open(session, user, ClientAddress.network(address));
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        connection.touch();
        if (fragments == null && last) {
            handle(text);
            return;
        }
        if (fragments == null) {
            fragments = new StringBuilder();
        }
        if (fragments.length() + text.length() <= JsonBodies.MAX_BODY_BYTES) {
            fragments.append(text);
        } else {
            fragments.setLength(JsonBodies.MAX_BODY_BYTES + 1);
        }
        if (last) {
            String whole = fragments.toString();
            fragments = null;
            if (whole.length() > JsonBodies.MAX_BODY_BYTES) {
                reject(ApiException.tooLarge("frame is larger than " + JsonBodies.MAX_BODY_BYTES + " bytes"), null);
            } else {
                handle(whole);
            }
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        connection.touch();
        if (last) {
            reject(budget.tryConsume(1)
                    ? ApiException.badRequest("binary frames are not supported: send JSON text frames")
                    : ApiException.rateLimited("too many frames; this one was ignored"), null);
        }
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        connection.touch();
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (connection != null) {
            connection.closed();
        }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.DEBUG, "WebSocket error", t);
        if (connection != null) {
            connection.closed();
        }
    }

    private void handle(String text) {
        String clientId = null;
        try {
            if (!budget.tryConsume(1)) {
                throw ApiException.rateLimited("too many frames: at most " + services.budget().perSecond()
                        + " per second; this one was ignored", Duration.ofMillis(1000 / Math.max(1,
                        services.budget().perSecond())));
            }
            if (text.length() > JsonBodies.MAX_BODY_BYTES) {
                throw ApiException.tooLarge("frame is larger than " + JsonBodies.MAX_BODY_BYTES + " bytes");
            }
            JsonNode tree = JsonBodies.tree(text);
            clientId = clientIdOf(tree);
            dispatch(JsonBodies.convert(tree, ClientFrame.class));
        } catch (RuntimeException e) {
            reject(ErrorMapping.toApiException(e, "a frame from " + user.username()), clientId);
        } finally {
            if (firstFrame) {
                firstFrame = false;
                connection.release();
            }
        }
    }

    private void dispatch(ClientFrame frame) {
        switch (frame) {
            case ClientFrame.Send send -> services.messages().send(user, send.roomUuid(), send.content(),
                    send.clientId(), send.replyTo(), connection);
            case ClientFrame.Action action -> services.messages().act(user, action.roomUuid(), action.seq(),
                    switch (action) {
                        case ClientFrame.Edit edit -> new MessageService.Action.Edit(edit.content());
                        case ClientFrame.Delete ignored -> new MessageService.Action.Delete();
                        case ClientFrame.React react -> new MessageService.Action.React(react.emoji());
                    }, action.clientId(), connection);
            case ClientFrame.Typing typing -> services.rooms().typing(user, typing.roomUuid());
            case ClientFrame.Read read -> services.receipts().read(user, read.roomUuid(), read.seq());
            case ClientFrame.Sync sync -> {
                List<java.util.UUID> hasMore = services.messages().sync(user, sync.since(), connection);
                if (hasMore != null) { // null: the connection closed during the replay
                    connection.send(Json.write(new ServerFrame.Synced(hasMore)));
                }
            }
            case ClientFrame.Ping ping -> connection.send(Json.write(new ServerFrame.Pong()));
        }
    }

    private void reject(ApiException e, String clientId) {
        connection.send(Json.write(e.toFrame(clientId)));
    }

    /** The client_id of a frame, read leniently so that even a refused send can be matched by the client. */
    private static String clientIdOf(JsonNode frame) {
        JsonNode clientId = frame.get("client_id");
        return clientId != null && clientId.isTextual() && clientId.asText().length() <= 64 ? clientId.asText() : null;
    }
}

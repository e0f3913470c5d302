package dev.parley.server.ws;

import dev.parley.server.realtime.Connection;
import dev.parley.server.realtime.ConnectionHub;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.Json;
import dev.parley.protocol.ServerFrame;
import dev.parley.server.common.Admission;
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
 * One WebSocket connection on {@code /ws} (one instance per connection). Authenticates the handshake (one of a
 * bounded number at once: beyond it the upgrade is refused, see {@link HandshakeRefusal}), then turns each client
 * frame into a service call; a refused frame gets an error frame and the connection stays open.
 */
public final class ChatSocket implements WsListener {

    private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());

    /**
     * Close code of a connection whose {@code sync} the node cannot take now (RFC 6455's "Try Again Later"); the
     * reason carries the wait as {@code retry_after_ms=<ms>}.
     */
    public static final int CLOSE_TRY_AGAIN_LATER = 1013;

    /** The services a connection talks to; shared by all connections. */
    public record Services(Authenticator authenticator, ConnectionHub hub, RoomService rooms,
                           MessageService messages, ReceiptService receipts, FrameBudget budget,
                           ClientAddress clients, Admission handshakes) {
    }

    private final Services services;
    private final Bucket budget;
    /**
     * Held from the upgrade until the first frame (the client's {@code sync}) has been handled: authenticating, going
     * online and the first sync are what a crowd of reconnecting clients costs. Closed with the connection too, and
     * taken back by the admission if a silent client holds it too long.
     */
    private Admission.Permit handshake;
    private AuthUser user;
    private Headers handshakeHeaders;
    /** The client asked for {@code batch} frames ({@code /ws?batch=1}). */
    private boolean batching;
    private Connection connection;
    private StringBuilder fragments;
    private boolean firstFrame = true;

    public ChatSocket(Services services) {
        this.services = services;
        this.budget = services.budget().newBucket();
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        handshakeHeaders = headers;
        batching = "1".equals(prologue.query().first("batch").orElse(null));
        HandshakeRefusal.clearMark(headers);
        Authenticator.Credential credential = services.authenticator().credential(headers)
                .orElseThrow(() -> new WsUpgradeException("no credentials"));
        if (credential.fromCookie() && !services.authenticator().fromOurOrigin(headers)) {
            // A cookie is sent by the browser to any page's WebSocket: only our own pages may use it.
            throw new WsUpgradeException("cross-origin WebSocket with a session cookie");
        }
        // Before the database is asked anything: a crowd reconnecting at once is refused here, cheaply (503).
        handshake = services.handshakes().tryEnter().orElseThrow(() -> {
            HandshakeRefusal.markTurnedAway(headers);
            return new WsUpgradeException("too many handshakes at once");
        });
        try {
            user = services.authenticator().authenticate(credential)
                    .orElseThrow(() -> new WsUpgradeException("invalid or expired session"));
        } catch (WsUpgradeException e) {
            handshake.close();
            throw e;
        } catch (RuntimeException e) {
            handshake.close();
            if (!ErrorMapping.isDatabaseOutage(e)) {
                throw e;
            }
            // No database connection in time (a crowd at a node that just started): turned away as if the bound had
            // been reached, 503 with a wait, rather than a 500.
            services.handshakes().shed();
            HandshakeRefusal.markTurnedAway(headers);
            throw new WsUpgradeException("the session could not be looked up now: " + e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        try {
            String address = services.clients().of(session.socketContext().remotePeer().host(), handshakeHeaders);
            connection = services.hub().open(session, user, ClientAddress.network(address), batching);
        } catch (RuntimeException | Error e) {
            handshake.close();
            throw e;
        }
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
        if (handshake != null) {
            handshake.close(); // a no-op unless the connection ended before it opened
        }
        if (connection != null) {
            connection.closed();
        }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.DEBUG, "WebSocket error", t);
        if (handshake != null) {
            handshake.close();
        }
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
                handshake.close();
            }
        }
    }

    private void dispatch(ClientFrame frame) {
        switch (frame) {
            case ClientFrame.Send send -> services.messages().send(user, send.roomUuid(), send.content(),
                    send.clientId(), send.replyTo(), send.attachments(), connection);
            case ClientFrame.Action action -> services.messages().act(user, action.roomUuid(), action.seq(),
                    switch (action) {
                        case ClientFrame.Edit edit -> new MessageService.Action.Edit(edit.content());
                        case ClientFrame.Delete ignored -> new MessageService.Action.Delete();
                        case ClientFrame.React react -> new MessageService.Action.React(react.emoji());
                    }, action.clientId(), connection);
            case ClientFrame.Typing typing -> services.rooms().typing(user, typing.roomUuid());
            case ClientFrame.Read read -> services.receipts().read(user, read.roomUuid(), read.seq());
            case ClientFrame.Sync sync -> sync(sync);
            case ClientFrame.Ping ping -> connection.send(Json.write(new ServerFrame.Pong()));
        }
    }

    private void sync(ClientFrame.Sync sync) {
        List<java.util.UUID> hasMore;
        try {
            hasMore = services.messages().sync(user, sync.since(), connection);
        } catch (ApiException e) {
            if (e.status().code() != 503 || e.retryAfter().isEmpty()) {
                throw e;
            }
            // Too many syncs at once: every client already reconnects and syncs after a close, so that is the answer
            // (an error frame would need a client that resends its sync); the reason says when to come back.
            connection.close(CLOSE_TRY_AGAIN_LATER, "try again later: retry_after_ms=" + e.retryAfter().get().toMillis());
            return;
        }
        if (hasMore != null) { // null: the connection closed during the replay
            connection.send(Json.write(new ServerFrame.Synced(hasMore)));
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

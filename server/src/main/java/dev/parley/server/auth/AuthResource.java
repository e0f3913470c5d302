package dev.parley.server.auth;

import dev.parley.server.common.Authenticator;
import dev.parley.protocol.AuthRequest;
import dev.parley.protocol.AuthResponse;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.BrowserPolicy;
import dev.parley.server.common.ClientAddress;
import dev.parley.server.common.JsonBodies;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/** {@code /api/auth}: sign up, sign in, sign out. */
public final class AuthResource implements HttpService {

    private final AuthService auth;
    private final Authenticator authenticator;
    private final BrowserPolicy browsers;
    private final ClientAddress clients;
    private final Duration sessionLifetime;

    public AuthResource(AuthService auth, Authenticator authenticator, BrowserPolicy browsers, ClientAddress clients,
                        Duration sessionLifetime) {
        this.auth = auth;
        this.authenticator = authenticator;
        this.browsers = browsers;
        this.clients = clients;
        this.sessionLifetime = sessionLifetime;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/register", this::register) // {username, password} -> 201 {token, user} + session cookie
                .post("/login", this::login)     // {username, password} -> 200 {token, user} + session cookie
                .post("/logout", this::logout);  // revokes the presented token -> 204, clears the cookie
    }

    private void register(ServerRequest req, ServerResponse res) {
        AuthRequest body = JsonBodies.read(req, AuthRequest.class);
        respond(req, res, Status.CREATED_201, auth.register(body.username(), body.password(),
                client(req)));
    }

    private void login(ServerRequest req, ServerResponse res) {
        AuthRequest body = JsonBodies.read(req, AuthRequest.class);
        respond(req, res, Status.OK_200, auth.login(body.username(), body.password(), client(req)));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        Authenticator.Credential credential = authenticator.credential(req)
                .orElseThrow(() -> ApiException.unauthenticated("no session to sign out of"));
        auth.logout(credential.token());
        res.headers().addCookie(browsers.cookie(req, "", Duration.ZERO));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** The client as its session will remember it: address, and User-Agent (printable, at most 200 characters). */
    private AuthService.Client client(ServerRequest req) {
        String agent = req.headers().first(HeaderNames.USER_AGENT)
                .map(value -> value.replaceAll("\\p{Cntrl}", "").strip())
                .filter(value -> !value.isEmpty())
                .map(value -> value.length() > 200 ? value.substring(0, 200) : value)
                .orElse(null);
        return new AuthService.Client(clients.of(req), agent);
    }

    private void respond(ServerRequest req, ServerResponse res, Status status, AuthService.Session session) {
        res.headers().addCookie(browsers.cookie(req, session.token(), sessionLifetime));
        JsonBodies.send(res, status, new AuthResponse(session.token(), session.user()));
    }
}

package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.Api;
import dev.parley.server.TestServer;
import dev.parley.server.user.UserRepository;
import io.helidon.dbclient.DbClient;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Signing out: a known session ends everywhere (its connections are told to close on every node), an unknown token
 * costs one look-up and announces nothing. The announcement is what {@code Main} turns into closing this node's
 * connections and a cluster NOTIFY; here a recorder stands in for it, on the real database.
 */
class SignOutTest {

    private final List<String> announced = new CopyOnWriteArrayList<>();
    private final PasswordWork passwords = new PasswordWork(1, 4, 1.0);
    private final AuthService auth = authService();

    @AfterEach
    void stopHashing() {
        passwords.close();
    }

    @Test
    void signingOutWithAnUnknownTokenAnnouncesNothing() {
        auth.logout("no-such-token-" + java.util.UUID.randomUUID());

        assertThat(announced).isEmpty();
    }

    @Test
    void signingOutAnnouncesTheEndedSessionOnceAndTheTokenStopsWorking() {
        Api.User alice = Api.shared().register("out");
        String session = HexFormat.of().formatHex(Tokens.hash(alice.token()));

        auth.logout(alice.token());
        auth.logout(alice.token());

        assertThat(announced).containsExactly(session);
        assertThat(auth.authenticate(alice.token())).isEmpty();
    }

    @Test
    void signingOutWithAnUnknownTokenAnswersNoContent() {
        Api.Response response = Api.shared().post("/api/auth/logout", "no-such-token", "");

        assertThat(response.status()).isEqualTo(204);
    }

    private AuthService authService() {
        DbClient db = TestServer.get().database().dbClient();
        return new AuthService(new UserRepository(db, 15),
                new SessionRepository(db, TestServer.get().database().dataSource(), 14), passwords,
                new LoginThrottle(10, 50), new RegistrationLimit(1000), new AuthService.SessionLimits(30, 14, 50),
                announced::add);
    }
}

package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthTest {

    private final Api api = Api.shared();

    @Test
    void registerAnswersTokenAndUserAndSetsAnHttpOnlyStrictCookie() {
        String name = Api.uniqueName("reg");
        Api.Response response = api.post("/api/auth/register", null, Map.of("username", name, "password", "long-enough-pw"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("token").asText()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(response.json().get("user").get("username").asText()).isEqualTo(name);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("parley_session=").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void usernamesAreUniqueRegardlessOfCase() {
        String name = Api.uniqueName("case");
        api.post("/api/auth/register", null, Map.of("username", name, "password", "long-enough-pw"));

        Api.Response again = api.post("/api/auth/register", null,
                Map.of("username", name.toUpperCase(), "password", "long-enough-pw"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void badUsernamesAndShortPasswordsAreRefusedWithValidationErrors() {
        for (String bad : new String[] {"ab", "has space", "x".repeat(33), "emoji😀", "semi;colon"}) {
            Api.Response response = api.post("/api/auth/register", null, Map.of("username", bad, "password", "long-enough-pw"));
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.json().get("error").asText()).isEqualTo("validation");
        }
        Api.Response shortPassword = api.post("/api/auth/register", null,
                Map.of("username", Api.uniqueName("pw"), "password", "short"));
        assertThat(shortPassword.status()).isEqualTo(400);
    }

    @Test
    void loginWithTheRightPasswordWorksCaseInsensitivelyAndTheWrongOneIsRefused() {
        Api.User user = api.register("login");

        Api.Response ok = api.post("/api/auth/login", null,
                Map.of("username", user.username().toUpperCase(), "password", "password-" + user.username()));
        Api.Response wrong = api.post("/api/auth/login", null, Map.of("username", user.username(), "password", "not-the-password"));
        Api.Response unknown = api.post("/api/auth/login", null, Map.of("username", "nobody_here", "password", "whatever-pw"));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("user").get("username").asText()).isEqualTo(user.username());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().get("message").asText()).isEqualTo(unknown.json().get("message").asText());
    }

    @Test
    void meNeedsAValidSessionAndTheTokenStopsWorkingAfterLogout() {
        Api.User user = api.register("logout");
        assertThat(api.get("/api/me", user.token()).json().get("username").asText()).isEqualTo(user.username());

        assertThat(api.post("/api/auth/logout", user.token(), "").status()).isEqualTo(204);

        Api.Response after = api.get("/api/me", user.token());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("error").asText()).isEqualTo("unauthenticated");
        assertThat(api.get("/api/me", null).status()).isEqualTo(401);
        assertThat(api.get("/api/me", "made-up-token").status()).isEqualTo(401);
    }

    @Test
    void signingOutEndsThatSessionsWebSocketsButNotTheOthers() {
        Api.User user = api.register("wsout");
        String otherToken = api.post("/api/auth/login", null,
                Map.of("username", user.username(), "password", "password-" + user.username())).json().get("token").asText();
        try (WsClient signedOut = WsClient.connect(user);
             WsClient stillIn = WsClient.connect(new Api.User(user.username(), otherToken))) {
            api.post("/api/auth/logout", user.token(), "");

            assertThat(signedOut.awaitClose()).isEqualTo(1008);
            stillIn.roundTrip();
        }
    }

    @Test
    void theSessionCookieAuthenticatesLikeTheBearerToken() {
        Api.User user = api.register("cookie");

        Api.Response me = api.send(api.request("/api/me", null).header("Cookie", "parley_session=" + user.token()).GET());

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asText()).isEqualTo(user.username());
    }

    @Test
    void passwordsAreStoredAsArgon2idAndTokensOnlyAsTheirHash() throws Exception {
        Api.User user = api.register("hash");
        try (Connection db = TestServer.dataSource().getConnection();
             PreparedStatement password = db.prepareStatement("SELECT password_hash FROM users WHERE username = ?");
             PreparedStatement sessions = db.prepareStatement(
                     "SELECT encode(token_hash, 'hex') FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ?")) {
            password.setString(1, user.username());
            ResultSet hash = password.executeQuery();
            hash.next();
            assertThat(hash.getString(1)).startsWith("$argon2id$").doesNotContain("password-" + user.username());

            sessions.setString(1, user.username());
            ResultSet tokens = sessions.executeQuery();
            tokens.next();
            String expected = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(user.token().getBytes(StandardCharsets.UTF_8)));
            assertThat(tokens.getString(1)).isEqualTo(expected);
        }
    }
}

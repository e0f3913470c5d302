package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A signed-in browser can only be made to write from this server's own pages: cookie-authenticated writes need our
 * Origin (or Sec-Fetch-Site: same-origin) and a JSON body; behind a TLS proxy the cookie is Secure with the __Host-
 * prefix and HSTS is sent; a proxy that rewrites Host names the public origin in the configuration.
 */
class BrowserPolicyTest {

    private final Api api = Api.shared();

    @Test
    void aCookieAuthenticatedWriteNeedsOurOriginAndAJsonBody() {
        Api.User alice = api.register("csrf");
        Api.User bob = api.register("csrfb");
        String cookie = "parley_session=" + alice.token();
        String ours = TestServer.http().toString();

        assertThat(openRoom(cookie, bob, "Origin", "http://evil.example").status()).isEqualTo(403);
        assertThat(openRoom(cookie, bob, "Origin", "http://127.0.0.1:1").status()).isEqualTo(403);
        assertThat(openRoom(cookie, bob).status()).isEqualTo(403);
        assertThat(api.get("/api/rooms/", alice.token()).json()).isEmpty();
        assertThat(api.send(api.request("/api/rooms/", null).header("Cookie", cookie).header("Origin", ours)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("user", bob.username()))))).status())
                .isEqualTo(415);
        assertThat(openRoom(cookie, bob, "Origin", ours).status()).isEqualTo(201);
        assertThat(openRoom(cookie, bob, "Sec-Fetch-Site", "same-origin").status()).isEqualTo(200);
        assertThat(api.send(api.request("/api/rooms/", null).header("Cookie", cookie).GET()).status()).isEqualTo(200);
    }

    @Test
    void signingOutWithTheCookieFromAnotherSiteIsRefusedAndTheSessionLives() {
        Api.User alice = api.register("csrfout");

        Api.Response forged = api.send(api.request("/api/auth/logout", null)
                .header("Cookie", "parley_session=" + alice.token()).header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(api.get("/api/me", alice.token()).status()).isEqualTo(200);
    }

    @Test
    void behindATlsProxyTheCookieIsSecureWithTheHostPrefixAndHstsIsSent() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.http.secure-cookies", "true", "parley.http.hsts-seconds", "31536000"))) {
            Api tls = new Api(URI.create("http://127.0.0.1:" + node.server().port()));
            String name = Api.uniqueName("tls");
            Api.Response registered = tls.post("/api/auth/register", null, Map.of("username", name,
                    "password", "password-" + name));
            String token = registered.json().get("token").asText();
            String setCookie = registered.headers().firstValue("Set-Cookie").orElseThrow();

            assertThat(setCookie).startsWith("__Host-parley_session=").contains("Secure").contains("Path=/")
                    .doesNotContainIgnoringCase("Domain=");
            assertThat(registered.headers().firstValue("Strict-Transport-Security"))
                    .hasValue("max-age=31536000; includeSubDomains");
            assertThat(tls.send(tls.request("/api/me", null).header("Cookie", "__Host-parley_session=" + token).GET())
                    .status()).isEqualTo(200);
            assertThat(tls.send(tls.request("/api/me", null).header("Cookie", "parley_session=" + token).GET())
                    .status()).isEqualTo(401);
        }
    }

    @Test
    void aProxyThatRewritesHostIsTrustedForTheOriginsConfigured() {
        try (Parley node = TestServer.start(TestServer.freshDataDir(), Map.of(
                "parley.http.allowed-origins", "https://chat.example.com"))) {
            URI base = URI.create("http://127.0.0.1:" + node.server().port());
            Api proxied = new Api(base);
            Api.User alice = proxied.register("proxied");
            Api.User bob = proxied.register("proxiedb");
            String cookie = "parley_session=" + alice.token();

            Api.Response write = proxied.send(proxied.request("/api/rooms/", null).header("Cookie", cookie)
                    .header("Origin", "https://chat.example.com").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("user", bob.username())))));

            assertThat(write.status()).isEqualTo(201);
            try (WsClient socket = WsClient.connectWithHeaders(URI.create("ws://127.0.0.1:" + node.server().port()
                    + "/ws"), "Cookie", cookie, "Origin", "https://chat.example.com")) {
                socket.roundTrip();
            }
        }
    }

    private Api.Response openRoom(String cookie, Api.User other, String... headers) {
        HttpRequest.Builder request = api.request("/api/rooms/", null).header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("user", other.username()))));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return api.send(request);
    }
}

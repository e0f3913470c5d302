package dev.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Json;
import dev.parley.server.Api;
import dev.parley.server.TestServer;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Signed-in devices in the browser (issue 15, "Sessions"): Alice lists her devices in the Profile drawer, each named
 * from what it said it was, signs her other browser out (which then shows the sign-in screen), and signs out of all
 * devices, this one too.
 */
class WebDevicesTest {

    private static final String DESKTOP_AGENT = "Parley-Desktop/0.1.0-SNAPSHOT (Linux; Java 25)";
    private static final String HOSTILE_AGENT = "<img id=agent-markup src=x onerror=\"window.pwned=1\">";

    private static ChromeDriver thisBrowser;
    private static ChromeDriver otherBrowser;
    private static ChatPage page;
    private static ChatPage otherPage;

    @BeforeAll
    static void startBrowsers() {
        thisBrowser = Chrome.start();
        otherBrowser = Chrome.start();
        page = new ChatPage(thisBrowser, TestServer.http());
        otherPage = new ChatPage(otherBrowser, TestServer.http());
    }

    @AfterAll
    static void stopBrowsers() {
        for (ChromeDriver browser : new ChromeDriver[] {thisBrowser, otherBrowser}) {
            if (browser != null) {
                browser.quit();
            }
        }
    }

    @Test
    void aliceSeesEachOfHerDevicesAndSignsHerOtherBrowserOut() {
        Api api = Api.shared();
        Api.User alice = api.register("wdv"); // a session of its own: Java's client, an unknown device
        String desktopToken = login(api, alice, DESKTOP_AGENT);
        login(api, alice, HOSTILE_AGENT);
        otherPage.startFresh();
        otherPage.signIn(alice.username(), "password-" + alice.username());
        page.startFresh();
        page.signIn(alice.username(), "password-" + alice.username());

        openDevices();
        page.await("her five devices", () -> deviceRows().size() == 5);
        String address = api.get("/api/sessions/", desktopToken).json().get(0).get("address").asText();
        assertThat(deviceRows()).isEqualTo(List.of(
                List.of("Chrome on LinuxThis device", address + " · Active now", "true"),
                List.of("Chrome on Linux", address + " · Last active today", "false"),
                List.of("Unknown device", address + " · Last active today", "false"),
                List.of("Parley desktop", address + " · Last active today", "false"),
                List.of("Unknown device", address + " · Last active today", "false")));
        assertThat(page.script("return !!document.getElementById('agent-markup') || !!window.pwned")).isEqualTo(false);
        page.script("document.querySelector('[data-testid=devices-sign-out-all]').scrollIntoView({block: 'end'})");
        page.screenshot("web-devices");

        // The other browser is the second row: its Sign out button, from the keyboard, and the question first.
        page.script("document.querySelectorAll('[data-testid=device]')[1]"
                + ".querySelector('[data-testid=device-sign-out]').focus()");
        page.script("document.activeElement.click()");
        page.await("the question", () -> page.visible("confirm-dialog"));
        assertThat(page.script("return document.querySelector('[data-testid=confirm-dialog] .dialog-title').textContent"))
                .isEqualTo("Sign out Chrome on Linux?");
        page.byTestId("confirm-action").sendKeys(Keys.ENTER);

        page.await("the row gone", () -> deviceRows().size() == 4);
        assertThat(deviceRows().stream().filter(row -> row.getFirst().startsWith("Chrome")).count()).isEqualTo(1);
        assertThat(page.text("devices-status")).isEqualTo("Chrome on Linux is signed out.");
        assertThat(page.focused()).isEqualTo("devices-sign-out-all");
        otherPage.await("the other browser on the sign-in screen", () -> otherPage.visible("login-screen")
                && "Your session ended. Please sign in again.".equals(otherPage.text("login-error")));
        assertThat(api.get("/api/me", desktopToken).status()).isEqualTo(200);

        page.byTestId("devices-sign-out-all").sendKeys(Keys.ESCAPE);
        page.await("the drawer closed by Escape", () -> !page.visible("profile-panel") && page.visible("chat-list"));
    }

    @Test
    void signingOutOfAllDevicesEndsEverySessionAndShowsTheSignInScreen() {
        Api api = Api.shared();
        Api.User alice = api.register("wdva");
        String desktopToken = login(api, alice, DESKTOP_AGENT);
        page.startFresh();
        page.signIn(alice.username(), "password-" + alice.username());
        openDevices();
        page.await("her three devices", () -> deviceRows().size() == 3);

        page.byTestId("devices-sign-out-all").click();
        page.await("the question", () -> page.visible("confirm-dialog"));
        assertThat(page.script("return document.querySelector('[data-testid=confirm-dialog] .dialog-title').textContent"))
                .isEqualTo("Sign out of all devices?");
        page.byTestId("confirm-action").click();

        page.await("the sign-in screen", () -> page.visible("login-screen") && !page.visible("chat-screen"));
        assertThat(api.get("/api/me", desktopToken).status()).isEqualTo(401);
        assertThat(api.get("/api/me", alice.token()).status()).isEqualTo(401);
        page.reload();
        page.await("still signed out after a reload", () -> page.visible("login-screen"));
    }

    /** Signs in once more as {@code user}, saying {@code agent}; the new session's token. */
    private static String login(Api api, Api.User user, String agent) {
        Api.Response response = api.send(api.request("/api/auth/login", null)
                .header("User-Agent", agent).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", user.username(),
                        "password", "password-" + user.username())))));
        assertThat(response.status()).isEqualTo(200);
        return response.json().get("token").asText();
    }

    private static void openDevices() {
        page.byTestId("profile-open").click();
        page.await("the profile drawer", () -> page.visible("profile-panel"));
    }

    /** Each row as [name, detail up to the time (the browser's clock says which), current]. */
    @SuppressWarnings("unchecked")
    private static List<List<String>> deviceRows() {
        return (List<List<String>>) page.script("""
                return [...document.querySelectorAll('[data-testid=device]')].map((row) => [
                  row.querySelector('[data-testid=device-name]').textContent,
                  row.querySelector('[data-testid=device-detail]').textContent.replace(/ at .*$/, ''),
                  row.dataset.current]);""");
    }
}
